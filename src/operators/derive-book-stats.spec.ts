import { take } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { BookStats, FeedEvent } from '../model/index.js';
import { createTestScheduler, orderBook, status } from './__fixtures__/market-events.js';
import { bookStats } from './derive-book-stats.js';

// 5 base on the bids, 3 on the asks; every figure below is worked out by hand from these levels.
const book = orderBook({
  bids: [
    { price: 100, size: 2 },
    { price: 99, size: 3 },
  ],
  asks: [
    { price: 101, size: 1 },
    { price: 102, size: 2 },
  ],
  updateId: 9,
  exchangeTs: 2000,
  receivedTs: 2003,
});
const analytics = { imbalanceLevels: 20, depthBandsPct: [1], impactNotionals: [150, 1000], roundTripNotional: 150 };

// A buy of 150 quote takes 101 x 1 (101 quote), then 49 quote at 102: 1 + 49/102 base.
const buyBase = 1 + 49 / 102;
const buyVwap = 150 / buyBase;
const expected: BookStats = {
  type: 'book_stats',
  exchange: 'bybit',
  symbol: 'BTCUSDT',
  coin: 'BTC',
  quote: 'USDT',
  exchangeTs: 2000,
  receivedTs: 2003,
  isFallback: false,
  env: 'prod',
  connectionId: 'c1',
  windowMs: 100,
  updateId: 9,
  bestBid: 100,
  bestBidSize: 2,
  bestAsk: 101,
  bestAskSize: 1,
  spread: 1,
  spreadBps: (1 / 100.5) * 1e4,
  mid: 100.5,
  sizeWeightedMid: (100 * 1 + 101 * 2) / 3,
  imbalance: (5 - 3) / 8,
  imbalanceLevels: 20,
  depthLevels: 2,
  // 1 % of 100.5 reaches 99.495 and 101.505: one level per side.
  depthBands: [{ withinPct: 1, bidBase: 2, bidQuote: 200, askBase: 1, askQuote: 101 }],
  impacts: [
    {
      notional: 150,
      buy: {
        vwap: buyVwap,
        baseQuantity: buyBase,
        levels: 2,
        slippageVsTouchBps: ((buyVwap - 101) / 101) * 1e4,
        slippageVsMidBps: ((buyVwap - 100.5) / 100.5) * 1e4,
      },
      sell: { vwap: 100, baseQuantity: 1.5, levels: 1, slippageVsTouchBps: 0, slippageVsMidBps: (0.5 / 100.5) * 1e4 },
    },
    // 305 quote of asks and 497 of bids: too thin for 1000 either way.
    { notional: 1000, buy: null, sell: null },
  ],
  roundTripNotional: 150,
  roundTripCostBps: ((buyVwap - 100) / 100.5) * 1e4,
};

describe('bookStats', () => {
  it('takes the figures of every live book once per interval, whether or not it changed', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold<FeedEvent>('v', { v: book });
      expectObservable(source.pipe(bookStats({ intervalMs: 100, analytics })), '^ 250ms !').toBe('100ms a 99ms a', {
        a: expect.objectContaining({ updateId: 9 }) as BookStats,
      });
    });
  });

  it('computes spread, size-weighted mid, imbalance, depth bands, impacts (null when too thin) and the round trip from the book', () => {
    const seen: BookStats[] = [];
    createTestScheduler().run(({ cold, flush }) => {
      cold<FeedEvent>('v', { v: book })
        .pipe(bookStats({ intervalMs: 100, analytics }), take(1))
        .subscribe((stats) => seen.push(stats));
      flush();
    });
    expect(seen).toHaveLength(1);
    const [first] = seen;
    expect(first).toEqual({ ...expected, ...numbersCloseTo(expected) });
  });

  it('leaves the round trip out when a side is too thin for it', () => {
    const seen: BookStats[] = [];
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold<FeedEvent>('v', { v: book });
      const stats$ = source.pipe(bookStats({ intervalMs: 100, analytics: { ...analytics, roundTripNotional: 400 } }));
      stats$.pipe(take(1)).subscribe((stats) => seen.push(stats));
      expectObservable(stats$, '^ 150ms !').toBe('100ms a', { a: expect.not.objectContaining({ roundTripCostBps: expect.anything() as number }) as BookStats });
    });
    expect(seen[0]?.roundTripNotional).toBe(400);
  });

  it('takes no figures from a book after its book_resync, nor after a reconnect, until the next view', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold<FeedEvent>('v 149ms r 99ms v 99ms d', {
        v: book,
        r: status('book_resync', { symbol: 'BTCUSDT', reason: 'crossed: best bid 101 >= best ask 101' }),
        d: status('disconnected', { reason: 'socket closed 1006' }),
      });
      expectObservable(source.pipe(bookStats({ intervalMs: 100, analytics })), '^ 550ms !').toBe('100ms a 199ms a', {
        a: expect.objectContaining({ updateId: 9 }) as BookStats,
      });
    });
  });

  it('takes no figures from a book with an empty side', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold<FeedEvent>('v', { v: { ...book, asks: [] } });
      expectObservable(source.pipe(bookStats({ intervalMs: 100, analytics })), '^ 350ms !').toBe('');
    });
  });

  it('publishes the figures of a listing at an equivalent quote under the instrument it serves', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold<FeedEvent>('v', { v: { ...book, exchange: 'coinbase', symbol: 'BTC-USD', quote: 'USD', instrument: 'BTC-USDT' } });
      expectObservable(source.pipe(bookStats({ intervalMs: 100, analytics })), '^ 150ms !').toBe('100ms a', {
        a: expect.objectContaining({ exchange: 'coinbase', symbol: 'BTC-USD', quote: 'USD', instrument: 'BTC-USDT' }) as BookStats,
      });
    });
  });
});

/** Every floating-point figure of a record as `toBeCloseTo`-style matchers, so that rounding in the last bit does not matter. */
function numbersCloseTo(stats: BookStats): Partial<Record<keyof BookStats, unknown>> {
  const close = (value: number): unknown => expect.closeTo(value, 9);
  return {
    spreadBps: close(stats.spreadBps),
    sizeWeightedMid: close(stats.sizeWeightedMid),
    roundTripCostBps: close(stats.roundTripCostBps ?? Number.NaN),
    impacts: stats.impacts.map((impact) => ({
      notional: impact.notional,
      buy: impact.buy && Object.fromEntries(Object.entries(impact.buy).map(([k, v]: [string, number]) => [k, close(v)])),
      sell: impact.sell && Object.fromEntries(Object.entries(impact.sell).map(([k, v]: [string, number]) => [k, close(v)])),
    })),
  };
}
