import { describe, expect, it } from 'vitest';
import { profileBins, type PriceVolume } from './profile-bins.js';

const buy = (price: number, volume: number): PriceVolume => ({ price, buyVolume: volume, sellVolume: 0 });
const sell = (price: number, volume: number): PriceVolume => ({ price, buyVolume: 0, sellVolume: volume });

describe('profileBins with a tick width', () => {
  it('puts each price in [i * width, (i + 1) * width), empty rows included, buy and sell apart', () => {
    // width 0.5: 100.2 and 100.4 -> [100, 100.5); 100.5 -> [100.5, 101); nothing in [101, 101.5); 101.7 -> [101.5, 102).
    const levels = [buy(100.2, 1), sell(100.4, 2), buy(100.5, 3), sell(101.7, 4)];
    expect(profileBins(levels, { kind: 'tick', width: 0.5 }, 1000)).toEqual({
      binning: 'tick',
      binWidth: 0.5,
      bins: [
        { priceLow: 100, priceHigh: 100.5, buyVolume: 1, sellVolume: 2 },
        { priceLow: 100.5, priceHigh: 101, buyVolume: 3, sellVolume: 0 },
        { priceLow: 101, priceHigh: 101.5, buyVolume: 0, sellVolume: 0 },
        { priceLow: 101.5, priceHigh: 102, buyVolume: 0, sellVolume: 4 },
      ],
    });
  });

  it('puts 0.3 in the row [0.3, 0.4) of tick 0.1, although 0.3 / 0.1 is 2.9999999999999996', () => {
    expect(profileBins([buy(0.3, 1), buy(0.4, 1)], { kind: 'tick', width: 0.1 }, 1000).bins).toEqual([
      { priceLow: 0.3, priceHigh: 0.4, buyVolume: 1, sellVolume: 0 },
      { priceLow: 0.4, priceHigh: 0.5, buyVolume: 1, sellVolume: 0 },
    ]);
  });

  it('falls back to maxBins rows over the range when the tick would need more rows', () => {
    // 100..200 at width 1 needs 101 rows; maxBins 4 gives rows of 25.
    const cut = profileBins([buy(100, 1), buy(200, 1)], { kind: 'tick', width: 1 }, 4);
    expect(cut.binning).toBe('rows');
    expect(cut.bins.map((b) => [b.priceLow, b.priceHigh, b.buyVolume])).toEqual([
      [100, 125, 1],
      [125, 150, 0],
      [150, 175, 0],
      [175, 200, 1],
    ]);
  });
});

describe('profileBins with a number of rows', () => {
  it('cuts the range into equal rows, the highest price in the last row', () => {
    // range 100..110 in 5 rows of 2: 100, 101.5 -> row 0; 104 -> row 2; 109.99 and 110 -> row 4.
    const cut = profileBins([buy(100, 1), buy(101.5, 2), sell(104, 3), buy(109.99, 1), sell(110, 4)], { kind: 'rows', rows: 5 }, 1000);
    expect(cut.binWidth).toBe(2);
    expect(cut.bins).toEqual([
      { priceLow: 100, priceHigh: 102, buyVolume: 3, sellVolume: 0 },
      { priceLow: 102, priceHigh: 104, buyVolume: 0, sellVolume: 0 },
      { priceLow: 104, priceHigh: 106, buyVolume: 0, sellVolume: 3 },
      { priceLow: 106, priceHigh: 108, buyVolume: 0, sellVolume: 0 },
      { priceLow: 108, priceHigh: 110, buyVolume: 1, sellVolume: 4 },
    ]);
  });

  it('gives one row of width 0 when every trade had the same price', () => {
    expect(profileBins([buy(5, 1), sell(5, 2)], { kind: 'rows', rows: 24 }, 1000)).toEqual({
      binning: 'rows',
      binWidth: 0,
      bins: [{ priceLow: 5, priceHigh: 5, buyVolume: 1, sellVolume: 2 }],
    });
  });
});
