import { describe, expect, it } from 'vitest';
import type { VolumeProfile } from '../model/index.js';
import { createTestScheduler, status, trade } from './__fixtures__/market-events.js';
import { symbolCounters } from './symbol-counters.js';
import { volumeProfile } from './derive-volume-profile.js';

// 1 s windows, BTC rows 1 wide (tick 0.5 x 2), 70 % value area.
const profile = volumeProfile({ windowMs: 1000, ticks: { BTC: 0.5 }, tickMultiple: 2 });

const base = {
  type: 'volume_profile',
  exchange: 'bybit',
  symbol: 'BTCUSDT',
  coin: 'BTC',
  quote: 'USDT',
  isFallback: false,
  env: 'prod',
  connectionId: 'c1',
  windowMs: 1000,
  binning: 'tick',
  binWidth: 1,
  valueAreaPct: 70,
} as const;

describe('volumeProfile', () => {
  it('closes the window on the scheduler at its end with hand-computed rows, point of control and value area', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      // Rows of width 1: [100,101) buy 2; [101,102) buy 3 + sell 2; [102,103) sell 9; [103,104) buy 4;
      // [104,105) sell 1; [105,106) buy 3. Total 24, 70 % = 16.8.
      // POC [102,103) -> 102.5. Below pair 5+2 = 7 > above pair 4+1 = 5 -> 16; then above 4+1 -> 21.
      // Value area rows 100..104: VAL 100, VAH 105, volume 21.
      const trades = {
        a: trade({ price: 100.5, quantity: 2, side: 'BUY' }),
        b: trade({ price: 101, quantity: 3, side: 'BUY' }),
        c: trade({ price: 101.9, quantity: 2, side: 'SELL' }),
        d: trade({ price: 102, quantity: 9, side: 'SELL' }),
        e: trade({ price: 103.5, quantity: 4, side: 'BUY' }),
        f: trade({ price: 104, quantity: 1, side: 'SELL' }),
        g: trade({ price: 105.99, quantity: 3, side: 'BUY', exchangeTs: 900, connectionId: 'c2' }),
      };
      const expected: VolumeProfile = {
        ...base,
        connectionId: 'c2',
        exchangeTs: 900,
        receivedTs: 1000,
        windowStart: 0,
        windowEnd: 1000,
        bins: [
          { priceLow: 100, priceHigh: 101, buyVolume: 2, sellVolume: 0 },
          { priceLow: 101, priceHigh: 102, buyVolume: 3, sellVolume: 2 },
          { priceLow: 102, priceHigh: 103, buyVolume: 0, sellVolume: 9 },
          { priceLow: 103, priceHigh: 104, buyVolume: 4, sellVolume: 0 },
          { priceLow: 104, priceHigh: 105, buyVolume: 0, sellVolume: 1 },
          { priceLow: 105, priceHigh: 106, buyVolume: 3, sellVolume: 0 },
        ],
        volume: 24,
        buyVolume: 12,
        sellVolume: 12,
        tradeCount: 7,
        pointOfControl: 102.5,
        valueAreaHigh: 105,
        valueAreaLow: 100,
        valueAreaVolume: 21,
        complete: true,
      };
      expectObservable(cold('abcdefg', trades).pipe(profile), '^ 1500ms !').toBe('1000ms p', { p: expected });
    });
  });

  it('publishes nothing for a window without trades, and each symbol its own profile', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('1100ms a b', { a: trade({ price: 100 }), b: trade({ symbol: 'ETHUSDT', coin: 'ETH', price: 10 }) });
      const summary = source.pipe(profile);
      const expected = (symbol: string, coin: string, price: number): unknown =>
        expect.objectContaining({ symbol, coin, windowStart: 1000, pointOfControl: price, tradeCount: 1, complete: true });
      expectObservable(summary, '^ 2500ms !').toBe('2000ms (xy)', {
        // BTC: tick rows [100, 101) -> 100.5; ETH has no tick: one row of width 0 at 10.
        x: expected('BTCUSDT', 'BTC', 100.5),
        y: expected('ETHUSDT', 'ETH', 10),
      });
    });
  });

  it('marks the first window incomplete when subscribed mid-window, and the window cut short by the end of the source', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a 999ms b 99ms |', { a: trade({ price: 100 }), b: trade({ price: 101 }) });
      expectObservable(source.pipe(profile), '500ms ^').toBe('1000ms x 599ms (y|)', {
        x: expect.objectContaining({ windowStart: 0, tradeCount: 1, complete: false }) as unknown,
        y: expect.objectContaining({ windowStart: 1000, tradeCount: 1, complete: false }) as unknown,
      });
    });
  });

  it('marks the window of a gap incomplete, and windows through a stale period until feed_recovered', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const t = trade({ price: 100 });
      const source = cold('a g 997ms a s 998ms a 999ms r a 998ms a', {
        a: t,
        g: status('gap', { symbol: 'BTCUSDT' }),
        s: status('feed_stale'),
        r: status('feed_recovered'),
      });
      const window = (start: number, complete: boolean): unknown => expect.objectContaining({ windowStart: start, complete });
      expectObservable(source.pipe(profile), '^ 4500ms !').toBe('1000ms a 999ms b 999ms c 999ms d', {
        a: window(0, false),
        b: window(1000, false),
        c: window(2000, false),
        d: window(3000, true),
      });
    });
  });

  it("takes an instrument's tick size from the venues' lists when the coin has no configured tick, the configured one first", () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const tickSizes = new Map([
        ['ETH-USDC', 0.25],
        ['BTC-USDT', 100],
      ]);
      const listed = volumeProfile({ windowMs: 1000, ticks: { BTC: 0.5 }, tickMultiple: 2, tickSizes });
      const source = cold('a b', { a: trade({ price: 100.2 }), b: trade({ symbol: 'ETHUSDC', coin: 'ETH', quote: 'USDC', price: 10.1 }) });
      // BTC: the configured 0.5 x 2 = 1 wide, row [100, 101); ETH-USDC: the listed 0.25 x 2 = 0.5 wide, row [10, 10.5).
      expectObservable(source.pipe(listed), '^ 1500ms !').toBe('1000ms (xy)', {
        x: expect.objectContaining({ symbol: 'BTCUSDT', binning: 'tick', binWidth: 1, pointOfControl: 100.5 }) as unknown,
        y: expect.objectContaining({ symbol: 'ETHUSDC', binning: 'tick', binWidth: 0.5, pointOfControl: 10.25 }) as unknown,
      });
    });
  });

  it('takes the value area share from the config', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      // Rows 1 wide: 100 (1), 101 (8), 102 (1). At 85 %: 8 < 8.5, add the upper single row (a tie with the lower one) -> 9; VAL 101, VAH 103.
      const source = cold('abc', { a: trade({ price: 100, quantity: 1 }), b: trade({ price: 101, quantity: 8 }), c: trade({ price: 102, quantity: 1 }) });
      const wide = volumeProfile({ windowMs: 1000, ticks: { BTC: 1 }, valueAreaPct: 85 });
      expectObservable(source.pipe(wide), '^ 1500ms !').toBe('1000ms p', {
        p: expect.objectContaining({ valueAreaPct: 85, valueAreaLow: 101, valueAreaHigh: 103, valueAreaVolume: 9 }) as unknown,
      });
    });
  });

  it('profiles the first maxSymbols symbols of a window, counting each refused symbol once and naming it', () => {
    const counters = symbolCounters();
    createTestScheduler().run(({ cold, expectObservable }) => {
      const eth = trade({ symbol: 'ETHUSDT', coin: 'ETH', price: 10 });
      const source = cold('a e e 1097ms e', { a: trade({ price: 100 }), e: eth });
      const capped = volumeProfile({ windowMs: 1000, maxSymbols: 1, symbolCounters: counters });
      // The second window is empty when ETH trades again: a profile's window opens with its first trade, so ETH gets one.
      expectObservable(source.pipe(capped), '^ 2500ms !').toBe('1000ms x 999ms y', {
        x: expect.objectContaining({ symbol: 'BTCUSDT', windowStart: 0, tradeCount: 1 }) as unknown,
        y: expect.objectContaining({ symbol: 'ETHUSDT', windowStart: 1000, tradeCount: 1 }) as unknown,
      });
    });
    expect(counters).toEqual({ refused: 1, evicted: 0, unreported: ['ETHUSDT'] });
  });

  it('publishes the profile of a listing at an equivalent quote under the instrument it serves', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('100ms a', { a: trade({ price: 100, exchange: 'coinbase', symbol: 'BTC-USD', quote: 'USD', instrument: 'BTC-USDT' }) });
      expectObservable(source.pipe(profile), '^ 1500ms !').toBe('1s p', {
        p: expect.objectContaining({ exchange: 'coinbase', symbol: 'BTC-USD', quote: 'USD', instrument: 'BTC-USDT' }) as VolumeProfile,
      });
    });
  });
});
