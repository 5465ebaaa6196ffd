import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addTrade, EMPTY_WINDOW, WindowTotals, windowFigures } from './window-accumulator.js';
import type { WindowTrade } from './window-accumulator.js';

const trades: readonly WindowTrade[] = [
  { price: 100, quantity: 1, side: 'BUY', large: false },
  { price: 102, quantity: 2, side: 'SELL', large: false },
  { price: 99, quantity: 1, side: 'BUY', large: true },
  { price: 101, quantity: 4, side: 'BUY', large: false },
];

describe('window accumulator', () => {
  it('computes OHLC, volumes, VWAP and flow of a hand-worked window', () => {
    const figures = windowFigures(trades.reduce(addTrade, EMPTY_WINDOW));
    // quote volume: 100*1 + 102*2 + 99*1 + 101*4 = 807; volume 8; buy volume 6.
    expect(figures).toEqual({
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
      largeTradeCount: 1,
    });
  });

  it('leaves prices, VWAP and ratio out of an empty window', () => {
    expect(windowFigures(EMPTY_WINDOW)).toEqual({ ...EMPTY_WINDOW, flow: 'NEUTRAL' });
  });

  it('does not change the accumulator it folds into', () => {
    const first = addTrade(EMPTY_WINDOW, { price: 1, quantity: 1, side: 'SELL', large: false });
    addTrade(first, { price: 2, quantity: 1, side: 'SELL', large: false });
    expect(first.close).toBe(1);
    expect(EMPTY_WINDOW.tradeCount).toBe(0);
  });

  it('keeps in WindowTotals, changed in place, exactly the totals addTrade folds, and is empty after reset', () => {
    const trade = fc.record({
      price: fc.double({ min: 1e-8, max: 1e6, noNaN: true }),
      quantity: fc.double({ min: 0, max: 1e4, noNaN: true }),
      side: fc.constantFrom('BUY' as const, 'SELL' as const),
      large: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(trade, { maxLength: 50 }), (window) => {
        const totals = new WindowTotals();
        let folded = EMPTY_WINDOW;
        for (const t of window) {
          totals.add(t.price, t.quantity, t.side, t.large);
          folded = addTrade(folded, t);
        }
        expect(totals.snapshot()).toEqual(folded);
        totals.reset();
        expect(totals.snapshot()).toEqual(EMPTY_WINDOW);
      }),
    );
  });
});
