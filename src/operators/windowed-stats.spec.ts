import { of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { TradeEvent, WindowStats } from '../model/index.js';
import { createTestScheduler, status, trade } from './__fixtures__/market-events.js';
import { symbolCounters } from './symbol-counters.js';
import { windowedStats } from './windowed-stats.js';

const t = (price: number, quantity: number, side: TradeEvent['side'], fields: Partial<TradeEvent> = {}) => trade({ price, quantity, side, ...fields });

const empty = (windowStart: number, complete: boolean): WindowStats => ({
  type: 'window_stats',
  exchange: 'bybit',
  symbol: 'BTCUSDT',
  coin: 'BTC',
  quote: 'USDT',
  env: 'prod',
  windowMs: 1000,
  windowStart,
  windowEnd: windowStart + 1000,
  volume: 0,
  quoteVolume: 0,
  tradeCount: 0,
  buyVolume: 0,
  sellVolume: 0,
  largeTradeCount: 0,
  flow: 'NEUTRAL',
  complete,
});
const oneTrade = (windowStart: number, complete: boolean, price = 100): WindowStats => ({
  ...empty(windowStart, complete),
  open: price,
  high: price,
  low: price,
  close: price,
  volume: 1,
  quoteVolume: price,
  vwap: price,
  tradeCount: 1,
  buyVolume: 1,
  buyRatio: 1,
  flow: 'STRONG_BUY',
});

describe('windowedStats', () => {
  it('computes a hand-worked window when the clock reaches its end, not at the next trade', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('100ms a 199ms b 199ms c 199ms d', {
        a: t(100, 1, 'BUY'),
        b: t(102, 2, 'SELL'),
        c: t(99, 1, 'BUY'),
        d: t(101, 4, 'BUY', { exchange: 'binance' }),
      });
      // quote volume 100 + 204 + 99 + 404 = 807 over volume 8; buy volume 6 of 8 = 0.75.
      const expected: WindowStats = {
        ...empty(0, true),
        exchange: 'binance',
        open: 100,
        high: 102,
        low: 99,
        close: 101,
        volume: 8,
        quoteVolume: 807,
        vwap: 807 / 8,
        tradeCount: 4,
        buyVolume: 6,
        sellVolume: 2,
        buyRatio: 0.75,
        flow: 'STRONG_BUY',
      };
      expectObservable(source.pipe(windowedStats({ windowMs: 1000 })), '^ 1500ms !').toBe('1s w', { w: expected });
    });
  });

  it('emits an empty window for a symbol seen before when no trade arrives', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('100ms a', { a: t(100, 1, 'BUY') });
      expectObservable(source.pipe(windowedStats({ windowMs: 1000 })), '^ 2500ms !').toBe('1s w 999ms e', {
        w: oneTrade(0, true),
        e: empty(1000, true),
      });
    });
  });

  it('marks every window overlapping a stale period incomplete', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('100ms a 1099ms s 1299ms r 99ms b', {
        a: t(100, 1, 'BUY'),
        s: status('feed_stale'),
        r: status('feed_recovered'),
        b: t(100, 1, 'BUY'),
      });
      expectObservable(source.pipe(windowedStats({ windowMs: 1000 })), '^ 4500ms !').toBe('1s w 999ms x 999ms y 999ms z', {
        w: oneTrade(0, true),
        x: empty(1000, false),
        y: oneTrade(2000, false),
        z: empty(3000, true),
      });
    });
  });

  it('marks the windows of a failover, and the gap symbol only for a gap', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const eth = (price: number) => t(price, 1, 'BUY', { symbol: 'ETHUSDT', coin: 'ETH' });
      const source = cold('100ms a e g 1s f', {
        a: t(100, 1, 'BUY'),
        e: eth(10),
        g: status('gap', { symbol: 'ETHUSDT' }),
        f: status('failover'),
      });
      const ethEmpty = (windowStart: number, complete: boolean): WindowStats => ({ ...empty(windowStart, complete), symbol: 'ETHUSDT', coin: 'ETH' });
      expectObservable(source.pipe(windowedStats({ windowMs: 1000 })), '^ 2500ms !').toBe('1s (we) 996ms (xy)', {
        w: oneTrade(0, true),
        e: { ...oneTrade(0, false, 10), symbol: 'ETHUSDT', coin: 'ETH' },
        x: empty(1000, false),
        y: ethEmpty(1000, false),
      });
    });
  });

  it("marks incomplete the windows of a cluster shard's instruments in the period it moves, and forgets them where it was given up", () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const eth = (price: number) => t(price, 1, 'BUY', { symbol: 'ETHUSDT', coin: 'ETH' });
      const shard = { instanceId: 'a', clusterShard: 3, instruments: ['BTC-USDT'] };
      // BTC's shard is given up in the second window; ETH's windows go on, complete.
      const gaveUp = cold('100ms a e 1s r', { a: t(100, 1, 'BUY'), e: eth(10), r: status('shard_revoked', shard) });
      const ethWindow = (windowStart: number): WindowStats => ({ ...empty(windowStart, true), symbol: 'ETHUSDT', coin: 'ETH' });
      expectObservable(gaveUp.pipe(windowedStats({ windowMs: 1000 })), '^ 3500ms !').toBe('1s (we) 996ms (xy) 996ms z', {
        w: oneTrade(0, true),
        e: { ...oneTrade(0, true, 10), symbol: 'ETHUSDT', coin: 'ETH' },
        x: empty(1000, false),
        y: ethWindow(1000),
        z: ethWindow(2000),
      });
      // Taken in the second window: its first window is incomplete, the next complete.
      const took = cold('1100ms s b', { s: status('shard_assigned', shard), b: t(100, 1, 'BUY') });
      expectObservable(took.pipe(windowedStats({ windowMs: 1000 })), '^ 3500ms !').toBe('2s x 999ms y', { x: oneTrade(1000, false), y: empty(2000, true) });
    });
  });

  it('emits the last window cut short as incomplete when the source completes', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('100ms a 1199ms |', { a: t(100, 1, 'BUY') });
      expectObservable(source.pipe(windowedStats({ windowMs: 1000 }))).toBe('1s w 299ms (x|)', {
        w: oneTrade(0, true),
        x: empty(1000, false),
      });
    });
  });

  it('counts large trades and leaves the first window incomplete when subscribed mid-window', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a b c 100ms #', { a: t(100, 1, 'BUY'), b: t(100, 1, 'BUY'), c: t(100, 30, 'SELL') });
      const result = source.pipe(windowedStats({ windowMs: 1000, largeTrade: { multiple: 10, lookback: 500, minSamples: 2 } }));
      expectObservable(result, '500ms ^').toBe('500ms 103ms (w#)', {
        w: {
          ...empty(0, false),
          open: 100,
          high: 100,
          low: 100,
          close: 100,
          volume: 32,
          quoteVolume: 3200,
          vwap: 100,
          tradeCount: 3,
          buyVolume: 2,
          sellVolume: 30,
          buyRatio: 2 / 32,
          flow: 'STRONG_SELL',
          largeTradeCount: 1,
        },
      });
    });
  });

  it("marks incomplete a symbol's first window when its gap came before its first trade (a restart's gap precedes the trade that revealed it)", () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('100ms a 1099ms g b', {
        a: t(100, 1, 'BUY'),
        g: status('gap', { exchange: 'binance', symbol: 'ETHUSDT' }),
        b: t(100, 1, 'BUY', { exchange: 'binance', symbol: 'ETHUSDT', coin: 'ETH' }),
      });
      const eth = { ...oneTrade(1000, false), exchange: 'binance' as const, symbol: 'ETHUSDT', coin: 'ETH' };
      expectObservable(source.pipe(windowedStats({ windowMs: 1000 })), '^ 2500ms !').toBe('1s w 999ms (xy)', {
        w: oneTrade(0, true),
        x: empty(1000, true),
        y: eth,
      });
    });
  });

  it('ignores the trades of symbols beyond maxSymbols, counting each refused symbol once and naming it', () => {
    const counters = symbolCounters();
    createTestScheduler().run(({ cold, expectObservable }) => {
      const eth = { symbol: 'ETHUSDT', coin: 'ETH' };
      const source = cold('100ms a b b 1097ms b', { a: t(100, 1, 'BUY'), b: t(10, 1, 'BUY', eth) });
      expectObservable(source.pipe(windowedStats({ windowMs: 1000, maxSymbols: 1, symbolCounters: counters })), '^ 2500ms !').toBe('1s w 999ms e', {
        w: oneTrade(0, true),
        e: empty(1000, true),
      });
    });
    expect(counters).toEqual({ refused: 1, evicted: 0, unreported: ['ETHUSDT'] });
  });

  it('gives every symbol of the whole market (2,600) a window by default, refusing none', () => {
    const scheduler = createTestScheduler();
    const counters = symbolCounters();
    const market = Array.from({ length: 2600 }, (_, i) => t(100, 1, 'BUY', { symbol: `C${i}USDT`, coin: `C${i}` }));
    const closed: WindowStats[] = [];
    scheduler.run(({ flush }) => {
      const subscription = of(...market)
        .pipe(windowedStats({ windowMs: 1000, scheduler, symbolCounters: counters }))
        .subscribe((stats) => closed.push(stats));
      scheduler.schedule(() => subscription.unsubscribe(), 1500);
      flush();
    });
    expect(closed.filter((stats) => stats.windowStart === 0 && stats.tradeCount === 1)).toHaveLength(2600);
    expect(counters.refused).toBe(0);
  });

  it('publishes the window of a listing at an equivalent quote under the instrument it serves, with its own venue, symbol and quote', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('100ms a', { a: t(100, 1, 'BUY', { exchange: 'coinbase', symbol: 'BTC-USD', quote: 'USD', instrument: 'BTC-USDT' }) });
      expectObservable(source.pipe(windowedStats({ windowMs: 1000 })), '^ 1500ms !').toBe('1s w', {
        w: { ...oneTrade(0, true), exchange: 'coinbase', symbol: 'BTC-USD', quote: 'USD', instrument: 'BTC-USDT' },
      });
    });
  });
});
