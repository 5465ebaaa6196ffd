import { describe, expect, it } from 'vitest';
import { trade } from '../operators/__fixtures__/market-events.js';
import type { TradeEvent } from '../model/index.js';
import { TradeBarBuilder } from './trade-bar-builder.js';

const t = (ts: number, price: number, quantity: number, side: TradeEvent['side'] = 'BUY'): TradeEvent =>
  trade({ exchangeTs: ts, receivedTs: ts + 1, price, quantity, side, tradeId: String(ts) });

describe('TradeBarBuilder', () => {
  it('closes a time bar on the first trade of a later interval, stamped with the interval end, with its figures', () => {
    const bars = new TradeBarBuilder('time', 60_000);
    expect(bars.step(t(1_000, 100, 1))).toEqual([]);
    expect(bars.step(t(2_000, 104, 3, 'SELL'))).toEqual([]);
    expect(bars.step(t(3_000, 98, 2))).toEqual([]);
    const [bar] = bars.step(t(125_000, 101, 1));
    // vwap = (100*1 + 104*3 + 98*2) / 6 = 608 / 6
    expect(bar).toMatchObject({
      open: 100,
      high: 104,
      low: 98,
      close: 98,
      volume: 6,
      buyVolume: 3,
      sellVolume: 3,
      trades: 3,
      openTs: 1_000,
      closeTs: 3_000,
      stampTs: 60_000,
    });
    expect(bar?.vwap).toBeCloseTo(608 / 6, 12);
    expect(bar?.trigger.receivedTs).toBe(125_001);
    // The next bar opened with the trade that closed this one; nothing for the empty minute between.
    expect(bars.step(t(190_000, 1, 1))[0]).toMatchObject({ open: 101, trades: 1, stampTs: 180_000 });
  });

  it('keeps the close on the latest trade when an older one comes late', () => {
    const bars = new TradeBarBuilder('tick', 3);
    bars.step(t(10, 100, 1));
    bars.step(t(20, 101, 1));
    const [bar] = bars.step(t(15, 90, 1));
    expect(bar).toMatchObject({ close: 101, closeTs: 20, low: 90, trades: 3, stampTs: 20 });
  });

  it('closes a volume bar with the trade that reaches its size, the excess kept in it', () => {
    const bars = new TradeBarBuilder('volume', 2);
    expect(bars.step(t(1, 100, 0.5))).toEqual([]);
    const [bar] = bars.step(t(2, 100, 2));
    expect(bar).toMatchObject({ volume: 2.5, trades: 2, stampTs: 2 });
    expect(bars.step(t(3, 100, 1))).toEqual([]);
  });

  it('closes a tick bar every n trades', () => {
    const bars = new TradeBarBuilder('tick', 2);
    const closed = [1, 2, 3, 4, 5].flatMap((i) => bars.step(t(i, 100 + i, 1)));
    expect(closed.map((bar) => [bar.open, bar.close])).toEqual([
      [101, 102],
      [103, 104],
    ]);
  });
});
