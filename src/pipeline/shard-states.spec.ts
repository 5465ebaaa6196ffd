import { describe, expect, it } from 'vitest';
import type { FeedStatus } from '../model/index.js';
import { ShardStates } from './shard-states.js';

const instruments = ['BTC-USDT', 'ETH-USDT', 'SOL-USDT'];
const at = (state: FeedStatus['state'], fields: Partial<FeedStatus> = {}): FeedStatus => ({
  type: 'feed_status',
  exchange: 'bybit',
  state,
  reason: '',
  ts: 0,
  shard: 's1',
  instruments,
  ...fields,
});

/** Folds `statuses` and returns s1's state after each. */
function statesAfter(statuses: readonly FeedStatus[]): string[] {
  const shards = new ShardStates();
  return statuses.map((status) => {
    shards.observe(status);
    return shards.views().find((view) => view.shard === 's1')?.state ?? 'unknown';
  });
}

describe('ShardStates', () => {
  it('is connecting until its socket subscribes, then subscribed on the first venue of its order', () => {
    expect(statesAfter([at('connecting'), at('connected', { connectionId: 'c1' }), at('subscribed', { connectionId: 'c1' })])).toEqual([
      'connecting',
      'connecting',
      'subscribed',
    ]);
  });

  it('is stale from feed_stale until feed_recovered', () => {
    expect(statesAfter([at('subscribed'), at('feed_stale'), at('feed_recovered')])).toEqual(['subscribed', 'stale', 'subscribed']);
  });

  it('is failed over after a stale venue gives way to the next (make-before-break: the socket stays open), subscribed again after the switch-back', () => {
    const shards = new ShardStates();
    for (const status of [at('subscribed'), at('feed_stale'), at('failover', { fromExchange: 'bybit', toExchange: 'binance', exchange: 'binance' })])
      shards.observe(status);
    expect(shards.views()).toEqual([{ shard: 's1', state: 'failed_over', exchange: 'binance', instruments: 3, socketOpen: true }]);
    shards.observe(at('switch_back', { fromExchange: 'binance', toExchange: 'bybit' }));
    expect(shards.views()).toEqual([{ shard: 's1', state: 'subscribed', exchange: 'bybit', instruments: 3, socketOpen: true }]);
  });

  it('is connecting while a dropped socket is retried, and after a failover until the next venue subscribes', () => {
    const binance = { exchange: 'binance' as const };
    expect(
      statesAfter([
        at('subscribed'),
        at('disconnected'),
        at('retry_scheduled'),
        at('retries_exhausted'),
        at('failover', { ...binance, fromExchange: 'bybit', toExchange: 'binance' }),
        at('connecting', binance),
        at('subscribed', binance),
      ]),
    ).toEqual(['subscribed', 'connecting', 'connecting', 'connecting', 'connecting', 'connecting', 'failed_over']);
  });

  it('is down once every venue of its order failed, until a venue is tried again', () => {
    expect(
      statesAfter([
        at('subscribed'),
        at('disconnected'),
        at('all_sources_down'),
        at('failover', { fromExchange: 'binance', toExchange: 'bybit' }),
        at('connecting'),
        at('subscribed'),
      ]),
    ).toEqual(['subscribed', 'connecting', 'down', 'connecting', 'connecting', 'subscribed']);
  });

  it('is subscribed again once its one stale venue delivers after all_sources_down (feed_recovered: data flows on its socket)', () => {
    expect(statesAfter([at('subscribed'), at('feed_stale'), at('all_sources_down'), at('feed_recovered')])).toEqual([
      'subscribed',
      'stale',
      'down',
      'subscribed',
    ]);
  });

  it("keeps a rotation's new socket from making a delivering shard look like it is connecting", () => {
    const shards = new ShardStates();
    for (const status of [at('subscribed', { connectionId: 'c1' }), at('connecting'), at('connected', { connectionId: 'c2' })]) shards.observe(status);
    expect(shards.views()).toEqual([expect.objectContaining({ state: 'subscribed', socketOpen: true })]);
  });

  it("follows each shard's instruments as its statuses name them, and forgets a shard whose status names none", () => {
    const shards = new ShardStates();
    shards.observe(at('subscribed'));
    shards.observe(at('subscribed', { shard: 's2', instruments: ['XRP-USDT'] }));
    shards.observe(at('feed_stale', { instruments: ['BTC-USDT'] }));
    expect(shards.views().map(({ shard, instruments: count }) => [shard, count])).toEqual([
      ['s1', 1],
      ['s2', 1],
    ]);
    shards.observe(at('disconnected', { shard: 's2', instruments: [] }));
    expect(shards.views().map(({ shard }) => shard)).toEqual(['s1']);
  });

  it('leaves out statuses about one symbol and statuses naming no shard', () => {
    const shards = new ShardStates();
    shards.observe(at('subscribed'));
    shards.observe(at('feed_stale', { symbol: 'BTCUSDT' }));
    shards.observe({ type: 'feed_status', exchange: 'bybit', state: 'all_sources_down', reason: '', ts: 0 });
    expect(shards.views()).toEqual([expect.objectContaining({ shard: 's1', state: 'subscribed' })]);
  });
});
