import { concat, NEVER, of, type SchedulerLike } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { TradeEvent } from '../model/index.js';
import { createTestScheduler, status, trade } from './__fixtures__/market-events.js';
import { symbolCounters, type SymbolCounters } from './symbol-counters.js';
import { symbolWindows, type SymbolWindowsConfig, type WindowBounds } from './symbol-windows.js';

/** A window that counts its trades; closed into `{ symbol, windowStart, trades, complete }`. */
interface Count {
  readonly symbol: string;
  trades: number;
}
interface Closed {
  readonly symbol: string;
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly trades: number;
  readonly complete: boolean;
}

const counting = (
  scheduler: SchedulerLike,
  fields: { readonly kept?: boolean; readonly maxSymbols?: number; readonly symbolCounters?: SymbolCounters } = {},
): SymbolWindowsConfig<Count, Closed> => ({
  windowMs: 1000,
  maxSymbols: fields.maxSymbols ?? 100,
  ...(fields.symbolCounters === undefined ? {} : { symbolCounters: fields.symbolCounters }),
  scheduler,
  open: (t) => ({ symbol: t.symbol, trades: 1 }),
  add: (window) => {
    window.trades += 1;
  },
  close: (window, bounds) => ({ symbol: window.symbol, trades: window.trades, ...bounds }),
  ...(fields.kept === true ? { empty: (window: Count) => void (window.trades = 0) } : {}),
});

const closed = (symbol: string, windowStart: number, trades: number, complete: boolean): Closed => ({
  symbol,
  windowStart,
  windowEnd: windowStart + 1000,
  trades,
  complete,
});
const btc = trade();
const eth: TradeEvent = trade({ symbol: 'ETHUSDT', coin: 'ETH' });

describe('symbolWindows', () => {
  it('closes each symbol window at the window end on the scheduler, aligned to multiples of the window, not at the next trade', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const source = cold('a 200ms b 1500ms a', { a: btc, b: eth });
      expectObservable(source.pipe(symbolWindows(counting(scheduler))), '^ 2500ms !').toBe('1000ms (xy) 996ms z', {
        x: closed('BTCUSDT', 0, 1, true),
        y: closed('ETHUSDT', 0, 1, true),
        z: closed('BTCUSDT', 1000, 1, true),
      });
    });
  });

  it('without empty, a period without trades of a symbol closes nothing for it; with empty, every symbol seen is closed each period', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const source = cold('a 2099ms a', { a: btc });
      expectObservable(source.pipe(symbolWindows(counting(scheduler))), '^ 3500ms !').toBe('1000ms x 1999ms z', {
        x: closed('BTCUSDT', 0, 1, true),
        z: closed('BTCUSDT', 2000, 1, true),
      });
      expectObservable(source.pipe(symbolWindows(counting(scheduler, { kept: true }))), '^ 3500ms !').toBe('1000ms x 999ms y 999ms z', {
        x: closed('BTCUSDT', 0, 1, true),
        y: closed('BTCUSDT', 1000, 0, true),
        z: closed('BTCUSDT', 2000, 1, true),
      });
    });
  });

  it('with empty, forgets a symbol a venue delisted once its period is closed; a later trade of it opens a new window', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const source = cold('a b 500ms d 1997ms b', { a: btc, b: eth, d: status('delisted', { exchange: 'bybit', symbol: 'ETHUSDT' }) });
      expectObservable(source.pipe(symbolWindows(counting(scheduler, { kept: true }))), '^ 3500ms !').toBe('1000ms (xy) 996ms x 999ms (xz)', {
        x: expect.objectContaining({ symbol: 'BTCUSDT' }) as Closed,
        y: closed('ETHUSDT', 0, 1, true),
        z: closed('ETHUSDT', 2000, 1, true),
      });
    });
  });

  it('marks the first window incomplete when subscribed mid-window', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const source = cold('a 999ms a', { a: btc });
      expectObservable(source.pipe(symbolWindows(counting(scheduler))), '300ms ^ 2000ms !').toBe('1000ms x 999ms y', {
        x: closed('BTCUSDT', 0, 1, false),
        y: closed('BTCUSDT', 1000, 1, true),
      });
    });
  });

  it.each(['failover', 'switch_back', 'all_sources_down', 'gap'] as const)(
    'marks every symbol of the period incomplete on a %s of the whole feed, and only that period',
    (state) => {
      const scheduler = createTestScheduler();
      scheduler.run(({ cold, expectObservable }) => {
        const source = cold('a b s 1097ms a b', { a: btc, b: eth, s: status(state) });
        expectObservable(source.pipe(symbolWindows(counting(scheduler))), '^ 2500ms !').toBe('1000ms (xy) 996ms (zw)', {
          x: closed('BTCUSDT', 0, 1, false),
          y: closed('ETHUSDT', 0, 1, false),
          z: closed('BTCUSDT', 1000, 1, true),
          w: closed('ETHUSDT', 1000, 1, true),
        });
      });
    },
  );

  it('marks only the named symbol incomplete on a gap of one symbol, also when the gap comes before its first trade of the period', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      // The gap a restart reveals reaches the windows before the trade that revealed it.
      const source = cold('a g b 2097ms g b', { a: btc, b: eth, g: status('gap', { symbol: 'ETHUSDT' }) });
      expectObservable(source.pipe(symbolWindows(counting(scheduler))), '^ 3500ms !').toBe('1000ms (xy) 1996ms w', {
        x: closed('BTCUSDT', 0, 1, true),
        y: closed('ETHUSDT', 0, 1, false),
        w: closed('ETHUSDT', 2000, 1, false),
      });
    });
  });

  it('marks every window overlapping a stale feed incomplete until feed_recovered, then complete again', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const source = cold('a s 1098ms a 999ms a r 998ms a', { a: btc, s: status('feed_stale'), r: status('feed_recovered') });
      expectObservable(source.pipe(symbolWindows(counting(scheduler))), '^ 4500ms !').toBe('1000ms w 999ms x 999ms y 999ms z', {
        w: closed('BTCUSDT', 0, 1, false),
        x: closed('BTCUSDT', 1000, 1, false),
        y: closed('BTCUSDT', 2000, 1, false),
        z: closed('BTCUSDT', 3000, 1, true),
      });
    });
  });

  it('marks the windows of a stale symbol incomplete until that symbol recovers, leaving the others complete', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const source = cold('a b s 1097ms a b r 997ms a b', {
        a: btc,
        b: eth,
        s: status('feed_stale', { symbol: 'ETHUSDT' }),
        r: status('feed_recovered', { symbol: 'ETHUSDT' }),
      });
      expectObservable(source.pipe(symbolWindows(counting(scheduler, { kept: true }))), '^ 3500ms !').toBe('1000ms (xy) 996ms (zw) 996ms (uv)', {
        x: closed('BTCUSDT', 0, 1, true),
        y: closed('ETHUSDT', 0, 1, false),
        z: closed('BTCUSDT', 1000, 1, true),
        w: closed('ETHUSDT', 1000, 1, false),
        u: closed('BTCUSDT', 2000, 1, true),
        v: closed('ETHUSDT', 2000, 1, true),
      });
    });
  });

  it('leaves windows complete through statuses that are not disruptions', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const source = cold('a c r u b', {
        a: btc,
        c: status('connecting'),
        r: status('retry_scheduled'),
        u: status('subscribed'),
        b: status('book_resync', { symbol: 'BTCUSDT' }),
      });
      expectObservable(source.pipe(symbolWindows(counting(scheduler))), '^ 1500ms !').toBe('1000ms x', { x: closed('BTCUSDT', 0, 1, true) });
    });
  });

  it("marks incomplete the window in which a shard's socket dropped or its data (re)started: disconnected, connected", () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const shard = { shard: 's1', instruments: ['ETH-USDT'] };
      // ETH's shard drops in the first window and connects again in the second; BTC's shard is untouched.
      const source = cold('a b 97ms d 999ms c', { a: btc, b: eth, d: status('disconnected', shard), c: status('connected', shard) });
      expectObservable(source.pipe(symbolWindows(counting(scheduler, { kept: true }))), '^ 2500ms !').toBe('1000ms (wx) 996ms (yz)', {
        w: closed('BTCUSDT', 0, 1, true),
        x: closed('ETHUSDT', 0, 1, false),
        y: closed('BTCUSDT', 1000, 0, true),
        z: closed('ETHUSDT', 1000, 0, false),
      });
    });
  });

  it('closes the windows still open as incomplete when the source completes, then completes', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const source = cold('a b 1297ms a |', { a: btc, b: eth });
      expectObservable(source.pipe(symbolWindows(counting(scheduler, { kept: true })))).toBe('1000ms (xy) 296ms (zw|)', {
        x: closed('BTCUSDT', 0, 1, true),
        y: closed('ETHUSDT', 0, 1, true),
        z: closed('BTCUSDT', 1000, 1, false),
        w: closed('ETHUSDT', 1000, 0, false),
      });
    });
  });

  it('closes the windows still open as incomplete when the source fails, then passes the error on', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const source = cold('a 99ms #', { a: btc }, new Error('socket closed'));
      expectObservable(source.pipe(symbolWindows(counting(scheduler)))).toBe('100ms (x#)', { x: closed('BTCUSDT', 0, 1, false) }, new Error('socket closed'));
    });
  });

  it('ignores trades of new symbols while maxSymbols windows are open', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const source = cold('a b a 1000ms b', { a: btc, b: eth });
      expectObservable(source.pipe(symbolWindows(counting(scheduler, { maxSymbols: 1 }))), '^ 2500ms !').toBe('1000ms x 999ms y', {
        x: closed('BTCUSDT', 0, 2, true),
        y: closed('ETHUSDT', 1000, 1, true),
      });
    });
  });

  it('counts a symbol refused a window once however often it trades, and names it for a warning', () => {
    const scheduler = createTestScheduler();
    const counters = symbolCounters();
    const sol: TradeEvent = trade({ symbol: 'SOLUSDT', coin: 'SOL' });
    scheduler.run(({ cold, expectObservable }) => {
      const source = cold('a b b c 1000ms b c', { a: btc, b: eth, c: sol });
      expectObservable(source.pipe(symbolWindows(counting(scheduler, { kept: true, maxSymbols: 1, symbolCounters: counters }))), '^ 2500ms !').toBe(
        '1000ms x 999ms y',
        {
          x: closed('BTCUSDT', 0, 1, true),
          y: closed('BTCUSDT', 1000, 0, true),
        },
      );
    });
    expect(counters).toEqual({ refused: 2, evicted: 0, unreported: ['ETHUSDT', 'SOLUSDT'] });
  });

  it('closes no window and leaves no timer behind once unsubscribed', () => {
    const scheduler = createTestScheduler();
    const config = counting(scheduler, { kept: true });
    let closes = 0;
    const counted = { ...config, close: (window: Count, bounds: WindowBounds) => ((closes += 1), config.close(window, bounds)) };
    const subscription = concat(of(btc), NEVER).pipe(symbolWindows(counted)).subscribe();
    scheduler.schedule(() => subscription.unsubscribe(), 500);
    scheduler.maxFrames = 10_000;
    scheduler.flush();
    expect(closes).toBe(0);
    expect(scheduler.actions).toHaveLength(0);
  });

  it("a shard's stale period marks only its instruments' windows incomplete, from the stale period to the window its recovery falls in", () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const shard = { shard: 's1', instruments: ['ETH-USDT'] };
      // Windows 0-1000 (stale at 500), 1000-2000 (still stale), 2000-3000 (recovered at 2500), 3000-4000 (fresh).
      const source = cold('a b 497ms s 1999ms r', { a: btc, b: eth, s: status('feed_stale', shard), r: status('feed_recovered', shard) });
      expectObservable(source.pipe(symbolWindows(counting(scheduler, { kept: true }))), '^ 4500ms !').toBe('1000ms (wx) 996ms (yz) 996ms (uv) 996ms (pq)', {
        w: closed('BTCUSDT', 0, 1, true),
        x: closed('ETHUSDT', 0, 1, false),
        y: closed('BTCUSDT', 1000, 0, true),
        z: closed('ETHUSDT', 1000, 0, false),
        u: closed('BTCUSDT', 2000, 0, true),
        v: closed('ETHUSDT', 2000, 0, false),
        p: closed('BTCUSDT', 3000, 0, true),
        q: closed('ETHUSDT', 3000, 0, true),
      });
    });
  });
});
