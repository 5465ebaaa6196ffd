import { describe, expect, it } from 'vitest';
import type { Kline, WindowStats } from '../model/index.js';
import { candleDisagreements } from './candle-disagreements.js';

const candle = {
  type: 'kline',
  exchange: 'binance',
  symbol: 'ETHUSDT',
  coin: 'ETH',
  quote: 'USDT',
  exchangeTs: 0,
  receivedTs: 0,
  isFallback: false,
  env: 'prod',
  connectionId: 'c',
  interval: '1m',
  intervalMs: 60_000,
  openTime: 0,
  closeTime: 59_999,
  open: 2000,
  high: 2010,
  low: 1990,
  close: 2005,
  volume: 50,
  quoteVolume: 100_000,
  tradeCount: 300,
  closed: true,
} as const satisfies Kline;

const window = {
  type: 'window_stats',
  exchange: 'binance',
  symbol: 'ETHUSDT',
  coin: 'ETH',
  quote: 'USDT',
  env: 'prod',
  windowMs: 60_000,
  windowStart: 0,
  windowEnd: 60_000,
  open: 2000,
  high: 2010,
  low: 1990,
  close: 2005,
  volume: 50,
  quoteVolume: 100_000,
  tradeCount: 300,
  buyVolume: 25,
  sellVolume: 25,
  flow: 'NEUTRAL',
  largeTradeCount: 0,
  complete: true,
} as const satisfies WindowStats;

const tolerance = { priceBps: 25, volumePct: 5 };

describe('candleDisagreements', () => {
  it('finds none when every field is equal', () => {
    expect(candleDisagreements(candle, window, tolerance)).toEqual([]);
  });

  it('measures prices in bps of the venue price: low 1984 vs 1990 is -30.2 bps, beyond 25', () => {
    // (1984 - 1990) / 1990 * 10000 = -30.150... bps
    const [low] = candleDisagreements(candle, { ...window, low: 1984 }, tolerance);
    expect(low?.field).toBe('low');
    expect(low?.difference).toBeCloseTo(-30.1508, 3);
  });

  it('lets a difference exactly at the tolerance pass: open 2005 vs 2000 is +25 bps', () => {
    expect(candleDisagreements(candle, { ...window, open: 2005 }, tolerance)).toEqual([]);
  });

  it('measures volume in percent of the venue volume: 53 vs 50 is +6 %, beyond 5', () => {
    const found = candleDisagreements(candle, { ...window, volume: 53 }, tolerance);
    expect(found).toEqual([{ field: 'volume', venue: 50, ours: 53, difference: expect.closeTo(6, 9) as unknown, unit: '%' }]);
  });

  it('calls our volume on a candle the venue saw no trade in a 100 % difference, without comparing prices', () => {
    const quiet = { ...candle, volume: 0, quoteVolume: 0, tradeCount: 0, open: 1, high: 1, low: 1, close: 1 };
    expect(candleDisagreements(quiet, window, tolerance)).toEqual([{ field: 'volume', venue: 0, ours: 50, difference: 100, unit: '%' }]);
  });
});
