import { describe, expect, it } from 'vitest';
import { SimCandles } from './sim-candles.js';
import type { SimulatedTrade } from './simulated-market.js';

const trade = (tradeId: number, ts: number, price: number, quantity: number, isBuyerMaker = false): SimulatedTrade => ({
  symbol: 'BTCUSDT',
  tradeId,
  price,
  quantity,
  isBuyerMaker,
  ts,
  priceDecimals: 2,
});

const minuteOf = (candles: SimCandles, closed: boolean, now: number) =>
  [...(closed ? candles.roll(now) : candles.current())].filter((c) => c.interval === '1m');

describe('SimCandles', () => {
  it('builds each minute from its trades and closes it when a trade of the next minute comes', () => {
    const candles = new SimCandles();
    // Minute 0: 100 (buy 1), 103 (sell 2), 99 (buy 0.5), 101 (buy 1): O 100 H 103 L 99 C 101, V 4.5, taker buys 2.5.
    [trade(1, 0, 100, 1), trade(2, 10_000, 103, 2, true), trade(3, 30_000, 99, 0.5), trade(4, 59_999, 101, 1)].forEach((t) => candles.add(t));
    expect(minuteOf(candles, false, 0)).toMatchObject([
      { open: 100, high: 103, low: 99, close: 101, volume: 4.5, buyVolume: 2.5, tradeCount: 4, closed: false },
    ]);
    candles.add(trade(5, 60_000, 102, 1));
    expect(minuteOf(candles, true, 60_000)).toEqual([
      expect.objectContaining({ openTime: 0, close: 101, volume: 4.5, quoteVolume: 100 + 206 + 49.5 + 101, firstTradeId: 1, lastTradeId: 4, closed: true }),
    ]);
    expect(minuteOf(candles, false, 60_000)).toMatchObject([{ openTime: 60_000, open: 102, tradeCount: 1 }]);
  });

  it('closes a minute by the clock when no trade follows it', () => {
    const candles = new SimCandles();
    candles.add(trade(1, 5_000, 100, 1));
    expect(minuteOf(candles, true, 59_999)).toEqual([]);
    expect(minuteOf(candles, true, 60_000)).toMatchObject([{ openTime: 0, closed: true }]);
  });

  it('skews only the next closing candle: close +2 % (and high with it), volume +50 %', () => {
    const candles = new SimCandles();
    candles.add(trade(1, 0, 100, 2));
    candles.skew('BTCUSDT', { pricePct: 2, volumePct: 50 });
    candles.add(trade(2, 60_000, 100, 2));
    expect(minuteOf(candles, true, 60_000)).toMatchObject([{ close: 102, high: 102, low: 100, volume: 3, closed: true }]);
    expect(minuteOf(candles, true, 120_000)).toMatchObject([{ close: 100, high: 100, volume: 2 }]);
  });
});
