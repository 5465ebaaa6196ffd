import { map } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { BookSnapshot, FeedEvent, OrderBookView } from '../model/index.js';
import { createTestScheduler, orderBook, status } from './__fixtures__/market-events.js';
import { bookSnapshots } from './book-snapshots.js';

const threeLevels = orderBook({
  bids: [
    { price: 100, size: 1 },
    { price: 99, size: 2 },
    { price: 98, size: 3 },
  ],
  asks: [
    { price: 101, size: 4 },
    { price: 102, size: 5 },
    { price: 103, size: 6 },
  ],
  updateId: 10,
  exchangeTs: 1000,
  receivedTs: 1005,
});

/** The published record of `view`'s best two levels per side, written out by hand. */
const topTwo = (view: OrderBookView, bids: BookSnapshot['bids'], asks: BookSnapshot['asks']): BookSnapshot => ({
  type: 'book_snapshot',
  exchange: view.exchange,
  symbol: 'BTCUSDT',
  coin: 'BTC',
  quote: 'USDT',
  exchangeTs: view.exchangeTs,
  receivedTs: view.receivedTs,
  isFallback: view.isFallback,
  env: 'prod',
  connectionId: 'c1',
  depth: 2,
  bids,
  asks,
  updateId: view.updateId,
});

describe('bookSnapshots', () => {
  it("says the venue's depth where its books carry fewer levels than asked (Hyperliquid's l2Book: 20 a side)", () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const hyperliquid = { ...threeLevels, exchange: 'hyperliquid' as const, symbol: 'BTC', quote: 'USDC' };
      const asked50 = cold<FeedEvent>('v', { v: hyperliquid }).pipe(bookSnapshots({ levels: 50, intervalMs: 100 }));
      const asked5 = cold<FeedEvent>('v', { v: hyperliquid }).pipe(bookSnapshots({ levels: 5, intervalMs: 100 }));
      const bybit50 = cold<FeedEvent>('v', { v: threeLevels }).pipe(bookSnapshots({ levels: 50, intervalMs: 100 }));
      const depth = (snapshot: BookSnapshot): number => snapshot.depth;
      expectObservable(asked50.pipe(map(depth)), '^ 150ms !').toBe('100ms a', { a: 20 });
      expectObservable(asked5.pipe(map(depth)), '^ 150ms !').toBe('100ms a', { a: 5 });
      expectObservable(bybit50.pipe(map(depth)), '^ 150ms !').toBe('100ms a', { a: 50 });
    });
  });

  it('publishes the top N levels per side every interval, and only when they changed', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const sameTop = { ...threeLevels, updateId: 11, bids: [...threeLevels.bids.slice(0, 2), { price: 97, size: 9 }] };
      const moved = { ...threeLevels, updateId: 12, asks: [{ price: 101, size: 3.5 }, ...threeLevels.asks.slice(1)] };
      const source = cold<FeedEvent>('v 149ms w 99ms m', { v: threeLevels, w: sameTop, m: moved });
      expectObservable(source.pipe(bookSnapshots({ levels: 2, intervalMs: 100 })), '^ 450ms !').toBe('100ms a 199ms b', {
        a: topTwo(
          threeLevels,
          [
            { price: 100, size: 1 },
            { price: 99, size: 2 },
          ],
          [
            { price: 101, size: 4 },
            { price: 102, size: 5 },
          ],
        ),
        b: topTwo(
          moved,
          [
            { price: 100, size: 1 },
            { price: 99, size: 2 },
          ],
          [
            { price: 101, size: 3.5 },
            { price: 102, size: 5 },
          ],
        ),
      });
    });
  });

  it("publishes nothing of a symbol's book after its book_resync until a new view, then republishes even unchanged levels", () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const again = { ...threeLevels, updateId: 500 };
      const source = cold<FeedEvent>('v 149ms r 199ms w', {
        v: threeLevels,
        r: status('book_resync', { symbol: 'BTCUSDT', reason: 'gap: expected u 11, got 13' }),
        w: again,
      });
      expectObservable(source.pipe(bookSnapshots({ levels: 2, intervalMs: 100 })), '^ 450ms !').toBe('100ms a 299ms b', {
        a: topTwo(
          threeLevels,
          [
            { price: 100, size: 1 },
            { price: 99, size: 2 },
          ],
          [
            { price: 101, size: 4 },
            { price: 102, size: 5 },
          ],
        ),
        b: topTwo(
          again,
          [
            { price: 100, size: 1 },
            { price: 99, size: 2 },
          ],
          [
            { price: 101, size: 4 },
            { price: 102, size: 5 },
          ],
        ),
      });
    });
  });

  it("keeps other symbols' books through one symbol's resync", () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const eth = orderBook({ symbol: 'ETHUSDT', coin: 'ETH', bids: [{ price: 10, size: 1 }], asks: [{ price: 11, size: 1 }] });
      const source = cold<FeedEvent>('(ve) 146ms r 100ms (ve)', { v: threeLevels, e: { ...eth }, r: status('book_resync', { symbol: 'BTCUSDT' }) });
      const ethSnapshot: BookSnapshot = {
        type: 'book_snapshot',
        exchange: 'bybit',
        symbol: 'ETHUSDT',
        coin: 'ETH',
        quote: 'USDT',
        exchangeTs: 0,
        receivedTs: 0,
        isFallback: false,
        env: 'prod',
        connectionId: 'c1',
        depth: 2,
        bids: [{ price: 10, size: 1 }],
        asks: [{ price: 11, size: 1 }],
        updateId: 1,
      };
      expectObservable(source.pipe(bookSnapshots({ levels: 2, intervalMs: 100 })), '^ 350ms !').toBe('100ms (ae) 196ms a', {
        a: topTwo(
          threeLevels,
          [
            { price: 100, size: 1 },
            { price: 99, size: 2 },
          ],
          [
            { price: 101, size: 4 },
            { price: 102, size: 5 },
          ],
        ),
        e: ethSnapshot,
      });
    });
  });

  it('drops every book on a venue switch: the new venue is published from its first view, not the old one', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const fallback = { ...threeLevels, exchange: 'binance' as const, isFallback: true, updateId: 77 };
      const switchStatus = status('failover', { exchange: 'binance', fromExchange: 'bybit', toExchange: 'binance' });
      const source = cold<FeedEvent>('v 149ms f 199ms w', { v: threeLevels, f: switchStatus, w: fallback });
      expectObservable(source.pipe(bookSnapshots({ levels: 2, intervalMs: 100 })), '^ 450ms !').toBe('100ms a 299ms b', {
        a: topTwo(
          threeLevels,
          [
            { price: 100, size: 1 },
            { price: 99, size: 2 },
          ],
          [
            { price: 101, size: 4 },
            { price: 102, size: 5 },
          ],
        ),
        b: topTwo(
          fallback,
          [
            { price: 100, size: 1 },
            { price: 99, size: 2 },
          ],
          [
            { price: 101, size: 4 },
            { price: 102, size: 5 },
          ],
        ),
      });
    });
  });

  it('completes with its source and stops its timer', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold<FeedEvent>('v 50ms |', { v: threeLevels });
      expectObservable(source.pipe(bookSnapshots({ levels: 2, intervalMs: 100 }))).toBe('51ms |');
    });
  });

  it('publishes the top levels of a listing at an equivalent quote under the instrument it serves', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const coinbase: OrderBookView = { ...threeLevels, exchange: 'coinbase', symbol: 'BTC-USD', quote: 'USD', instrument: 'BTC-USDT' };
      const source = cold<FeedEvent>('v', { v: coinbase });
      expectObservable(source.pipe(bookSnapshots({ levels: 2, intervalMs: 100 })), '^ 150ms !').toBe('100ms a', {
        a: expect.objectContaining({ exchange: 'coinbase', symbol: 'BTC-USD', quote: 'USD', instrument: 'BTC-USDT', depth: 2 }) as BookSnapshot,
      });
    });
  });
});
