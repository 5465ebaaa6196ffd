import { describe, expect, it } from 'vitest';
import type { FeedStatus } from '../model/index.js';
import { INITIAL_BREAKER, holdReasons, reduceBreaker } from './circuit-breaker.js';

const at = (ts: number, state: FeedStatus['state'], fields: Partial<FeedStatus> = {}): FeedStatus => ({
  type: 'feed_status',
  exchange: 'bybit',
  state,
  reason: '',
  ts,
  ...fields,
});
const btc = { symbol: 'BTCUSDT', coin: 'BTC', quote: 'USDT', env: 'prod', exchange: 'bybit' } as const;
const eth = { symbol: 'ETHUSDT', coin: 'ETH', quote: 'USDT', env: 'prod', exchange: 'bybit' } as const;
const shard = { shard: 's2', instruments: ['ETH-USDT'] };
const codes = (reasons: readonly { readonly code: string }[]): string[] => reasons.map((reason) => reason.code);

describe('the circuit breaker', () => {
  it("holds entries only on a stale shard's instruments, until that shard recovers", () => {
    const stale = [at(0, 'feed_stale', shard)].reduce(reduceBreaker, INITIAL_BREAKER);
    expect([codes(holdReasons(stale, btc, 1_000, 30_000)), codes(holdReasons(stale, eth, 1_000, 30_000))]).toEqual([[], ['feed_stale']]);
    expect(holdReasons(stale, eth, 1_000, 30_000)[0]?.detail).toBe('feed_stale open on bybit shard s2 since 1970-01-01T00:00:00.000Z');
    const recovered = reduceBreaker(stale, at(2_000, 'feed_recovered', shard));
    expect(codes(holdReasons(recovered, eth, 3_000, 30_000))).toEqual([]);
  });

  it("holds entries after a shard's failover only on that shard's instruments, for the hold time", () => {
    const moved = reduceBreaker(INITIAL_BREAKER, at(10_000, 'failover', { ...shard, fromExchange: 'bybit', toExchange: 'binance' }));
    expect([
      codes(holdReasons(moved, btc, 20_000, 30_000)),
      codes(holdReasons(moved, eth, 20_000, 30_000)),
      codes(holdReasons(moved, eth, 40_000, 30_000)),
    ]).toEqual([[], ['failover'], []]);
  });

  it('holds every entry on a stale period or failover that names no scope', () => {
    const state = [
      at(0, 'feed_stale'),
      at(5_000, 'failover', { fromExchange: 'bybit', toExchange: 'binance' }),
      at(6_000, 'feed_stale', { exchange: 'binance' }),
    ].reduce(reduceBreaker, INITIAL_BREAKER);
    expect(codes(holdReasons(state, btc, 7_000, 30_000))).toEqual(['feed_stale', 'feed_stale', 'failover']);
  });
});
