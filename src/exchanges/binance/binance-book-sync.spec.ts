import { map, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { BookOutput, BookUpdate } from '../book-update.js';
import { binanceBookSync } from './binance-book-sync.js';
import { DepthSnapshotError } from './binance-depth-client.js';
import { restWeightPacer } from '../rest/rest-weight-pacer.js';

const testScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

const delta = (symbol: string, U: number, u: number, bid = 100): BookUpdate => ({
  type: 'book_update',
  symbol,
  action: 'delta',
  bids: [{ price: bid, size: 1 }],
  asks: [],
  updateId: u,
  firstUpdateId: U,
  exchangeTs: u,
  receivedTs: u,
});
const snapshot = (symbol: string, lastUpdateId: number): BookUpdate => ({
  type: 'book_update',
  symbol,
  action: 'snapshot',
  bids: [{ price: 100, size: 2 }],
  asks: [{ price: 101, size: 2 }],
  updateId: lastUpdateId,
  exchangeTs: 0,
  receivedTs: 0,
});

/** `view BTCUSDT 12` / `resync BTCUSDT gap`: what a spec compares. */
const label = (o: BookOutput) => (o.type === 'book_view' ? `view ${o.symbol} ${o.updateId}` : `resync ${o.symbol} ${o.reason}`);

describe('binanceBookSync', () => {
  it("publishes a symbol as soon as its own snapshot is in, without waiting for another symbol's slow one", () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const pacer = restWeightPacer(scheduler);
      const answers = new Map<string, Observable<BookUpdate>>([
        ['BTCUSDT', cold('30s (s|)', { s: snapshot('BTCUSDT', 10) })],
        ['ETHUSDT', cold('200ms (s|)', { s: snapshot('ETHUSDT', 10) })],
      ]);
      const sync = binanceBookSync({ scheduler, snapshot: (symbol) => pacer.request(250, () => answers.get(symbol) as Observable<BookUpdate>) });
      const source = cold<BookUpdate>('b e', { b: delta('BTCUSDT', 9, 11), e: delta('ETHUSDT', 9, 11) });
      expectObservable(source.pipe(sync, map(label)), '^ 40s !').toBe('450ms e 29549ms b', { e: 'view ETHUSDT 11', b: 'view BTCUSDT 11' });
    });
  });

  it('never requests every symbol at once after a (re)connect: starts are 250 ms apart', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, flush }) => {
      const pacer = restWeightPacer(scheduler);
      const starts: string[] = [];
      const sync = binanceBookSync({
        scheduler,
        snapshot: (symbol) =>
          pacer.request(50, () => {
            starts.push(`${symbol}@${scheduler.now()}`);
            return cold('100ms (s|)', { s: snapshot(symbol, 10) });
          }),
      });
      const symbols = ['A', 'B', 'C', 'D', 'E'];
      cold('(abcde)', Object.fromEntries(symbols.map((s, i) => [String.fromCharCode(97 + i), delta(s, 9, 11)])))
        .pipe(sync)
        .subscribe();
      flush();
      expect(starts).toEqual(['A@0', 'B@250', 'C@500', 'D@750', 'E@1000']);
    });
  });

  it('tries a failed snapshot again after 1 s, then 2 s', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const failure = new DepthSnapshotError('no answer', true, { url: 'u' });
      let attempts = 0;
      const sync = binanceBookSync({ scheduler, snapshot: () => (++attempts < 3 ? cold('#', {}, failure) : cold('(s|)', { s: snapshot('BTCUSDT', 10) })) });
      const source = cold<BookUpdate>('a', { a: delta('BTCUSDT', 9, 11) });
      expectObservable(source.pipe(sync, map(label)), '^ 10s !').toBe('3s v', { v: 'view BTCUSDT 11' });
    });
  });

  it('on a gap emits the resync at once and publishes again when the new snapshot is in', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      let served = 0;
      const sync = binanceBookSync({ scheduler, snapshot: (symbol) => cold('500ms (s|)', { s: snapshot(symbol, ++served === 1 ? 10 : 20) }) });
      const source = cold<BookUpdate>('a 999ms b 999ms c 99ms d', {
        a: delta('BTCUSDT', 9, 11),
        b: delta('BTCUSDT', 12, 12),
        c: delta('BTCUSDT', 15, 18),
        d: delta('BTCUSDT', 19, 21),
      });
      expectObservable(source.pipe(sync, map(label)), '^ 5s !').toBe('500ms v 499ms w 999ms r 499ms x', {
        v: 'view BTCUSDT 11',
        w: 'view BTCUSDT 12',
        r: 'resync BTCUSDT gap',
        x: 'view BTCUSDT 21',
      });
    });
  });

  it('cancels the snapshot requests in flight when unsubscribed', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const answer = cold<BookUpdate>('10s (s|)', { s: snapshot('BTCUSDT', 10) });
      const sync = binanceBookSync({ scheduler, snapshot: () => answer });
      expectObservable(cold<BookUpdate>('a', { a: delta('BTCUSDT', 9, 11) }).pipe(sync), '^ 2s !').toBe('');
      expectSubscriptions(answer.subscriptions).toBe('^ 2s !');
    });
  });
});
