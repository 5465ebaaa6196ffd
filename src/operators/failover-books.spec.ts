import { defer } from 'rxjs';
import { describe, it } from 'vitest';
import { FeedError } from '../model/index.js';
import type { ExchangeId, FeedEvent, FeedStatus } from '../model/index.js';
import { createTestScheduler, orderBook, status, trade } from './__fixtures__/market-events.js';
import { detectStale } from './detect-stale.js';
import { failover } from './failover.js';

const bybitTrade = trade({ tradeId: 'p' });
const bybitBook = orderBook({ updateId: 7 });
const binanceTrade = trade({ exchange: 'binance', tradeId: 'b' });
const binanceBook = orderBook({ exchange: 'binance', updateId: 42 });
const switched = (state: 'failover' | 'switch_back', from: ExchangeId, to: ExchangeId, reason: string, ts: number): FeedStatus =>
  status(state, { exchange: to, activeExchange: to, fromExchange: from, toExchange: to, reason, ts });

describe('failover of venues whose order books are followed', () => {
  it('keeps forwarding the stale primary until the candidate has a book (its first good snapshot), then takes over with that view', () => {
    createTestScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const primary = cold<FeedEvent>('p', { p: bybitTrade });
      const candidate = cold<FeedEvent>('-t 99ms v', { t: binanceTrade, v: binanceBook });
      const sources = [
        { exchange: 'bybit' as const, events$: primary.pipe(detectStale({ exchange: 'bybit' })), readyOn: 'book' as const },
        { exchange: 'binance' as const, events$: candidate, readyOn: 'book' as const },
      ];
      expectObservable(failover(sources, { failoverAfterMs: 10_000, probeIntervalMs: 60_000 }), '^ 16s !').toBe('p 4999ms s 10100ms (fv)', {
        p: bybitTrade,
        s: status('feed_stale', { reason: 'no data for 5000 ms', staleForMs: 5000, lastEventTs: 0, ts: 5000 }),
        f: switched('failover', 'bybit', 'binance', 'bybit stale for 15000 ms', 15_101),
        v: { ...binanceBook, isFallback: true },
      });
      expectSubscriptions(primary.subscriptions).toBe('^ 15100ms !');
    });
  });

  it('takes over on the first trade when the candidate is ready on data', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const primary = cold<FeedEvent>('p', { p: bybitTrade });
      const candidate = cold<FeedEvent>('-t 99ms v', { t: binanceTrade, v: binanceBook });
      const sources = [
        { exchange: 'bybit' as const, events$: primary.pipe(detectStale({ exchange: 'bybit' })) },
        { exchange: 'binance' as const, events$: candidate },
      ];
      expectObservable(failover(sources, { failoverAfterMs: 10_000, probeIntervalMs: 60_000 }), '^ 16s !').toBe('p 4999ms s 10000ms (ft) 96ms v', {
        p: bybitTrade,
        s: status('feed_stale', { reason: 'no data for 5000 ms', staleForMs: 5000, lastEventTs: 0, ts: 5000 }),
        f: switched('failover', 'bybit', 'binance', 'bybit stale for 15000 ms', 15_001),
        t: { ...binanceTrade, isFallback: true },
        v: { ...binanceBook, isFallback: true },
      });
    });
  });

  it("counts a probed primary's switch-back hold from its first book view, not from its first trade", () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const blocked = cold<FeedEvent>('#', undefined, new FeedError('bybit: HTTP 403', false, {}));
      const healthy = cold<FeedEvent>('p 1999ms v 2499ms p 999ms q', { p: bybitTrade, v: bybitBook, q: trade({ tradeId: 'q' }) });
      const attempts = [blocked, healthy];
      const primary = defer(() => attempts.shift() ?? healthy);
      const secondary = cold<FeedEvent>('-b', { b: binanceTrade });
      const sources = [
        { exchange: 'bybit' as const, events$: primary, readyOn: 'book' as const },
        { exchange: 'binance' as const, events$: secondary, readyOn: 'book' as const },
      ];
      expectObservable(failover(sources, { probeIntervalMs: 1000, switchBackAfterMs: 3000 }), '^ 7s !').toBe('fb 5998ms s 499ms q', {
        f: switched('failover', 'bybit', 'binance', 'bybit: HTTP 403', 0),
        b: { ...binanceTrade, isFallback: true },
        s: switched('switch_back', 'binance', 'bybit', 'bybit delivered data for 3000 ms', 6000),
        q: trade({ tradeId: 'q' }),
      });
    });
  });
});
