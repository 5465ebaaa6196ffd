import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { FeedMetrics } from '../metrics/feed-metrics.js';
import type { FeedStatus } from '../model/index.js';
import { FeedMonitor } from './feed-monitor.js';

const at = (state: FeedStatus['state'], fields: Partial<FeedStatus> = {}): FeedStatus => ({ type: 'feed_status', exchange: 'bybit', state, reason: '', ts: 0, ...fields });

function monitor(): { readonly feed: FeedMonitor; readonly gauge: () => Promise<Record<string, number>> } {
  const metrics = new FeedMetrics({ processMetrics: false });
  const feed = new FeedMonitor({ metrics, logger: pino({ enabled: false }), primary: 'bybit' });
  const gauge = async (): Promise<Record<string, number>> =>
    Object.fromEntries((await metrics.activeVenue.get()).values.map((value) => [String(value.labels.exchange), value.value]));
  return { feed, gauge };
}

describe('FeedMonitor', () => {
  it("tracks each shard's venue: a shard's failover moves that shard only", async () => {
    const { feed, gauge } = monitor();
    for (const shard of ['s0', 's1', 's2']) feed.observe(at('connected', { shard }));
    feed.observe(at('connected', { exchange: 'binance', shard: 's3' }));
    expect(await gauge()).toEqual({ bybit: 3, binance: 1 });
    feed.observe(at('failover', { shard: 's1', fromExchange: 'bybit', toExchange: 'binance' }));
    expect(feed.activeCounts()).toEqual(new Map([['bybit', 2], ['binance', 2]]));
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
    expect(feed.health().staleActive).toEqual([{ exchange: 'bybit', shard: 's1' }, { exchange: 'bybit', shard: 's2' }]);
    feed.observe(at('feed_recovered', { shard: 's1' }));
    feed.observe(at('failover', { shard: 's2', fromExchange: 'bybit', toExchange: 'binance' }));
    expect(feed.health().staleActive).toEqual([]);
  });
});
