import { describe, expect, it } from 'vitest';
import { PriceCells } from './price-cells.js';
import { profileBins, type PriceVolume } from './profile-bins.js';

const totals = (levels: readonly PriceVolume[]): [number, number] => [
  levels.reduce((sum, l) => sum + l.buyVolume, 0),
  levels.reduce((sum, l) => sum + l.sellVolume, 0),
];

describe('PriceCells', () => {
  it('keeps volume per exact price while few prices trade', () => {
    const cells = new PriceCells({ kind: 'exact' }, 4096);
    cells.add(100.5, 1, true);
    cells.add(100.25, 2, false);
    cells.add(100.5, 3, false);
    expect(cells.levels()).toEqual([
      { price: 100.5, buyVolume: 1, sellVolume: 3 },
      { price: 100.25, buyVolume: 0, sellVolume: 2 },
    ]);
    expect([cells.low, cells.high]).toEqual([100.25, 100.5]);
  });

  it('doubles the width and merges neighbours when the range outgrows its cells', () => {
    // width 1, 8 cells: prices 0..7 fill them; 8 needs a ninth, so cells become [0,2) [2,4) [4,6) [6,8) [8,10).
    const cells = new PriceCells({ kind: 'grid', width: 1 }, 8);
    for (let price = 0; price <= 7; price += 1) cells.add(price, 1, true);
    cells.add(8, 5, false);
    expect(cells.levels()).toEqual([
      { price: 1, buyVolume: 2, sellVolume: 0 },
      { price: 3, buyVolume: 2, sellVolume: 0 },
      { price: 5, buyVolume: 2, sellVolume: 0 },
      { price: 7, buyVolume: 2, sellVolume: 0 },
      { price: 8, buyVolume: 0, sellVolume: 5 },
    ]);
    // -1 lies in [-2, 0); its middle -1 is the lowest traded price.
    cells.add(-1, 1, true);
    expect(cells.levels()[0]).toEqual({ price: -1, buyVolume: 1, sellVolume: 0 });
    expect([cells.low, cells.high]).toEqual([-1, 8]);
  });

  it('holds at most maxCells cells however far the price walks, and loses no volume', () => {
    const cells = new PriceCells({ kind: 'exact' }, 4096);
    let price = 65_000;
    let buy = 0;
    let sell = 0;
    for (let n = 0; n < 200_000; n += 1) {
      price = Math.round((price + ((n * 7919) % 13) - 6) * 100) / 100 + (n % 1000 === 0 ? 500 : 0);
      const quantity = 0.001 * (1 + (n % 5));
      if (n % 3 === 0) sell += quantity;
      else buy += quantity;
      cells.add(price, quantity, n % 3 !== 0);
    }
    const levels = cells.levels();
    expect(cells.size).toBeLessThanOrEqual(4096);
    const [buyVolume, sellVolume] = totals(levels);
    expect(buyVolume).toBeCloseTo(buy, 6);
    expect(sellVolume).toBeCloseTo(sell, 6);
    expect(levels.every((l) => l.price >= cells.low && l.price <= cells.high)).toBe(true);
  });

  it('on a tick grid gives the same rows as exact prices would', () => {
    const cells = new PriceCells({ kind: 'grid', width: 0.1 }, 4096);
    const exact = new Map<number, PriceVolume>();
    for (let n = 0; n < 5000; n += 1) {
      const price = Math.round((20 + ((n * 37) % 401) / 100) * 100) / 100;
      const isBuy = n % 2 === 0;
      cells.add(price, 1, isBuy);
      const level = exact.get(price) ?? { price, buyVolume: 0, sellVolume: 0 };
      exact.set(price, { price, buyVolume: level.buyVolume + (isBuy ? 1 : 0), sellVolume: level.sellVolume + (isBuy ? 0 : 1) });
    }
    const plan = { kind: 'tick', width: 0.1 } as const;
    expect(profileBins(cells.levels(), plan, 1000, { low: cells.low, high: cells.high })).toEqual(profileBins([...exact.values()], plan, 1000));
  });

  it('past a thousand prices keeps each row within one cell of its exact volume', () => {
    // 2000 prices over [100, 120): cells of 2^-5 = 0.03125; rows of 24 over the range are 0.83 wide.
    const cells = new PriceCells({ kind: 'exact' }, 4096);
    const exact: PriceVolume[] = [];
    for (let n = 0; n < 2000; n += 1) {
      const price = 100 + n / 100;
      cells.add(price, 1, true);
      exact.push({ price, buyVolume: 1, sellVolume: 0 });
    }
    const plan = { kind: 'rows', rows: 24 } as const;
    const got = profileBins(cells.levels(), plan, 1000, { low: cells.low, high: cells.high });
    const want = profileBins(exact, plan, 1000);
    expect(got.bins.map((b) => [b.priceLow, b.priceHigh])).toEqual(want.bins.map((b) => [b.priceLow, b.priceHigh]));
    // A cell holds at most 4 prices (0.03125 / 0.01), so a row gains or loses at most 4 each side.
    got.bins.forEach((bin, n) => expect(Math.abs(bin.buyVolume - (want.bins[n]?.buyVolume ?? 0))).toBeLessThanOrEqual(8));
    expect(totals(got.bins.map((b) => ({ price: b.priceLow, ...b })))[0]).toBe(2000);
  });
});
