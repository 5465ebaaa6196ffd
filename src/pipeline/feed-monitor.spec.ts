import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { FeedMetrics } from '../metrics/feed-metrics.js';
import type { FeedStatus } from '../model/index.js';
import { FeedMonitor } from './feed-monitor.js';

const at = (state: FeedStatus['state'], fields: Partial<FeedStatus> = {}): FeedStatus => ({
  type: 'feed_status',
  exchange: 'bybit',
  state,
  reason: '',
  ts: 0,
  ...fields,
});

function monitor(): { readonly feed: FeedMonitor; readonly gauge: () => Promise<Record<string, number>>; readonly metrics: FeedMetrics } {
  const metrics = new FeedMetrics({ processMetrics: false });
  const feed = new FeedMonitor({ metrics, logger: pino({ enabled: false }), primary: 'bybit' });
  const gauge = async (): Promise<Record<string, number>> =>
    Object.fromEntries((await metrics.activeVenue.get()).values.map((value) => [String(value.labels.exchange), value.value]));
  return { feed, gauge, metrics };
}

describe('FeedMonitor', () => {
  it("tracks each shard's venue: a shard's failover moves that shard only", async () => {
    const { feed, gauge } = monitor();
    for (const shard of ['s0', 's1', 's2']) feed.observe(at('connected', { shard }));
    feed.observe(at('connected', { exchange: 'binance', shard: 's3' }));
    expect(await gauge()).toEqual({ bybit: 3, binance: 1 });
    feed.observe(at('failover', { shard: 's1', fromExchange: 'bybit', toExchange: 'binance' }));
    expect(feed.activeCounts()).toEqual(
      new Map([
        ['bybit', 2],
        ['binance', 2],
      ]),
    );
    expect(await gauge()).toEqual({ bybit: 2, binance: 2 });
    feed.observe(at('failover', { shard: 's2', fromExchange: 'bybit', toExchange: 'binance' }));
    expect(feed.activeExchange).toBe('binance');
  });

  it('with no shard named, one feed: the venue switches as a whole', async () => {
    const { feed, gauge } = monitor();
    expect(await gauge()).toEqual({ bybit: 1 });
    feed.observe(at('failover', { fromExchange: 'bybit', toExchange: 'binance' }));
    expect(await gauge()).toEqual({ bybit: 0, binance: 1 });
  });

  it('names the stale shards on their active venue for readiness, and forgets one once it recovers or moves', () => {
    const { feed } = monitor();
    feed.observe(at('connected', { shard: 's3' }));
    feed.observe(at('feed_stale', { shard: 's1' }));
    feed.observe(at('feed_stale', { shard: 's2' }));
    feed.observe(at('feed_stale', { exchange: 'binance', shard: 's3' }));
    expect(feed.health().staleActive).toEqual([
      { exchange: 'bybit', shard: 's1' },
      { exchange: 'bybit', shard: 's2' },
    ]);
    feed.observe(at('feed_recovered', { shard: 's1' }));
    feed.observe(at('failover', { shard: 's2', fromExchange: 'bybit', toExchange: 'binance' }));
    expect(feed.health().staleActive).toEqual([]);
  });

  it('shows each shard on /metrics: its state, instruments and active venue, and the open sockets per venue, as its statuses say', async () => {
    const metrics = new FeedMetrics({ processMetrics: false });
    const feed = new FeedMonitor({ metrics, logger: pino({ enabled: false }), primary: 'bybit' });
    const s1 = { shard: 's1', instruments: ['BTC-USDT', 'ETH-USDT'] };
    const s2 = { shard: 's2', instruments: ['SOL-USDT'] };
    feed.observe(at('connecting', s1));
    feed.observe(at('connecting', s2));
    feed.observe(at('subscribed', { ...s1, connectionId: 'c1' }));
    feed.observe(at('subscribed', { ...s2, connectionId: 'c2' }));
    feed.observe(at('feed_stale', s2));
    feed.observe(at('failover', { ...s2, exchange: 'binance', fromExchange: 'bybit', toExchange: 'binance' }));
    const text = await metrics.exposition();
    expect(text).toContain('market_feed_shard_state{shard="s1",state="subscribed"} 1');
    expect(text).toContain('market_feed_shard_state{shard="s1",state="connecting"} 0');
    expect(text).toContain('market_feed_shard_state{shard="s2",state="failed_over"} 1');
    expect(text).toContain('market_feed_shard_state{shard="s2",state="stale"} 0');
    expect(text).toContain('market_feed_shard_instruments{shard="s1"} 2');
    expect(text).toContain('market_feed_shard_instruments{shard="s2"} 1');
    expect(text).toContain('market_feed_shard_active_venue{shard="s1",exchange="bybit"} 1');
    expect(text).toContain('market_feed_shard_active_venue{shard="s2",exchange="binance"} 1');
    expect(text).not.toContain('market_feed_shard_active_venue{shard="s2",exchange="bybit"}');
    expect(text).toContain('market_feed_venue_sockets{exchange="bybit"} 1');
    expect(text).toContain('market_feed_venue_sockets{exchange="binance"} 1');

    feed.observe(at('disconnected', { ...s2, exchange: 'binance' }));
    feed.observe(at('all_sources_down', { ...s2, exchange: 'binance' }));
    const down = await metrics.exposition();
    expect(down).toContain('market_feed_shard_state{shard="s2",state="down"} 1');
    expect(down).toContain('market_feed_venue_sockets{exchange="binance"} 0');
  });

  it('labels the shard metrics by shard, state and venue only, never by instrument', async () => {
    const metrics = new FeedMetrics({ processMetrics: false });
    const feed = new FeedMonitor({ metrics, logger: pino({ enabled: false }), primary: 'bybit' });
    const many = Array.from({ length: 200 }, (_, i) => `C${i}-USDT`);
    feed.observe(at('subscribed', { shard: 's1', instruments: many }));
    feed.observe(at('feed_stale', { shard: 's1', instruments: many, symbol: 'C0USDT' }));
    const shardSeries = (await metrics.exposition()).split('\n').filter((line) => /^market_feed_(shard|venue)_/.test(line));
    // 5 states + instruments + active venue + sockets of one venue.
    expect(shardSeries).toHaveLength(8);
    for (const line of shardSeries) expect(line).not.toMatch(/USDT/);
  });

  it('forgets a retired shard (a status of the shard about no instruments): its venue count and stale period go', async () => {
    const { feed, gauge } = monitor();
    feed.observe(at('connected', { shard: 's0' }));
    feed.observe(at('connected', { shard: 's1' }));
    feed.observe(at('feed_stale', { shard: 's1' }));
    feed.observe(at('disconnected', { shard: 's1', instruments: [] }));
    expect(await gauge()).toEqual({ bybit: 1 });
    expect(feed.health().staleActive).toEqual([]);
  });

  it("counts gap repairs by outcome, the reason's first word, and repaired trades apart from the venue's latency", async () => {
    const { feed, metrics } = monitor();
    feed.observe(at('gap_repaired', { exchange: 'binance', symbol: 'BTCUSDT', reason: "12 trades repaired from the venue's history" }));
    feed.observe(at('gap_unrepaired', { exchange: 'binance', symbol: 'BTCUSDT', reason: 'venue_error: HTTP 503' }));
    feed.observe(at('gap_unrepaired', { symbol: 'BTCUSDT', reason: "history: the venue's last 60 trades do not reach back to trade 9" }));
    feed.observe(at('gap_unrepaired', { symbol: 'BTCUSDT', reason: 'something else' }));
    const repairs = (await metrics.gapRepairs.get()).values.map((value) => `${String(value.labels.exchange)} ${String(value.labels.outcome)} ${value.value}`);
    expect(repairs.sort()).toEqual(['binance repaired 1', 'binance venue_error 1', 'bybit history 1', 'bybit unknown 1']);
    const trade = {
      type: 'trade',
      exchange: 'binance',
      symbol: 'BTCUSDT',
      coin: 'BTC',
      quote: 'USDT',
      exchangeTs: 0,
      receivedTs: 60_000,
      isFallback: false,
      env: 'prod',
      connectionId: 'rest-history',
      tradeId: '1',
      price: 1,
      quantity: 1,
      side: 'BUY',
      isBuyerMaker: false,
    } as const;
    feed.observe({ ...trade, source: 'repair' });
    feed.observe({ ...trade, source: 'repair' });
    expect((await metrics.repairedTrades.get()).values.map((value) => value.value)).toEqual([2]);
    const text = await metrics.registry.metrics();
    // A repaired trade, a minute after its time, is not the venue's latency.
    expect(text).not.toMatch(/market_feed_exchange_to_receive_seconds_count\{exchange="binance"\} [1-9]/);
    feed.observe(trade);
    expect(await metrics.registry.metrics()).toMatch(/market_feed_exchange_to_receive_seconds_count\{exchange="binance"\} 1/);
  });
});
