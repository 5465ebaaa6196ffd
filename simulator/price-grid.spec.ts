import { describe, expect, it } from 'vitest';
import { PriceGrid } from './price-grid.js';
import { seededRandom } from './seeded-random.js';
import { SimulatedBook } from './simulated-book.js';

describe('PriceGrid', () => {
  it('without a tick of its own rounds as Math.round(x * 10^d) / 10^d, bit for bit, and opens at the price given', () => {
    const random = seededRandom(5);
    for (const decimals of [0, 1, 2, 4, 8]) {
      const grid = new PriceGrid(decimals);
      expect(grid.unit).toBe(10 ** -decimals);
      for (let n = 0; n < 2_000; n += 1) {
        const x = random() * 10 ** (1 + Math.floor(random() * 6));
        expect(Object.is(grid.round(x), Math.round(x * 10 ** decimals) / 10 ** decimals)).toBe(true);
      }
    }
    expect(new PriceGrid(2).opening(65000)).toEqual({ start: 65000, bid: 65000 - 3.25, ask: 65000 + 3.25 });
  });

  it('with a tick of 0.5 (1 decimal) or 0.05 (2): rounds, floors and ceils to whole ticks, written as plain decimals', () => {
    const btc = new PriceGrid(1, { size: 0.5 });
    expect([btc.round(65000.26), btc.round(65000.24), btc.floor(65000.49), btc.ceil(65000.01), btc.unit, btc.coarsestUnits]).toEqual([
      65000.5, 65000, 65000, 65000.5, 0.5, 5,
    ]);
    const eth = new PriceGrid(2, { size: 0.05 });
    expect([eth.round(1900.024), eth.round(1900.026), eth.floor(1900.099), eth.ceil(1900.051)].map(String)).toEqual(['1900', '1900.05', '1900.05', '1900.1']);
    expect([eth.holds(1900.05), eth.holds(1900.07), btc.holds(65000.5), btc.holds(65000.1)]).toEqual([true, false, true, false]);
  });

  it("with steps (Deribit's BTC options: 0.0001 up to 0.005, 0.0005 above) takes the tick of the price", () => {
    const grid = new PriceGrid(4, { size: 0.0001, steps: [{ abovePrice: 0.005, size: 0.0005 }] });
    expect([grid.round(0.00234), grid.round(0.00499), grid.round(0.0052), grid.round(0.00524), grid.round(0.0123)].map(String)).toEqual([
      '0.0023',
      '0.005',
      '0.005',
      '0.005',
      '0.0125',
    ]);
    expect([grid.floor(0.0069), grid.ceil(0.0051), grid.floor(0.0049), grid.ceil(0.00401)].map(String)).toEqual(['0.0065', '0.0055', '0.0049', '0.0041']);
    expect([grid.holds(0.0049), grid.holds(0.0053), grid.holds(0.0055), grid.unit, grid.coarsestUnits]).toEqual([true, false, true, 0.0001, 5]);
  });

  it('opens a listing with a tick on it: the price rounded, the bid and ask floored and ceiled a tick apart at least', () => {
    expect(new PriceGrid(1, { size: 0.5 }).opening(65000.3)).toEqual({ start: 65000.5, bid: 65001 - 4, ask: 65000.5 + 3.5 });
    expect(new PriceGrid(2, { size: 0.05 }).opening(0.01)).toEqual({ start: 0.05, bid: 0, ask: 0.1 });
  });

  it('a book of 5-unit ticks at 1 decimal (0.5) writes every level of a 200-step walk at whole half dollars, its touch at the anchor', () => {
    const random = seededRandom(9);
    const grid = new PriceGrid(1, { size: 0.5 });
    let mid = 65_000;
    const anchor = () => ({ bid: grid.round(mid - 3.5), ask: grid.round(mid + 3.5), bidSize: 1, askSize: 2 });
    const book = new SimulatedBook({ symbol: 'BTC-PERPETUAL', priceDecimals: 1, tickUnits: 5, sizeDecimals: 4, depth: 100, random }, anchor());
    for (let n = 0; n < 200; n += 1) {
      mid *= Math.exp((random() - 0.5) * 0.004);
      const at = anchor();
      book.step(at);
      const { bids, asks } = book.top(100);
      expect([book.price(bids[0]?.tick ?? 0), book.price(asks[0]?.tick ?? 0)]).toEqual([at.bid.toFixed(1), at.ask.toFixed(1)]);
      for (const level of [...bids, ...asks]) expect(book.price(level.tick)).toMatch(/^\d+\.[05]$/);
    }
  });
});
