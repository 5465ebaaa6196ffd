import { describe, expect, it } from 'vitest';
import { FIVE_LEVEL_BOOK, FIVE_LEVEL_BOOK_MID } from './__fixtures__/five-level-book.js';
import { priceImpact, roundTripCostBps, walkLevels } from './price-impact.js';

const book = FIVE_LEVEL_BOOK;
const mid = FIVE_LEVEL_BOOK_MID;

describe('priceImpact', () => {
  it('walks three ask levels for a 500 buy, the third in part', () => {
    // 101 buys 1, 204 buys 2, the remaining 500 - 305 = 195 buys 195/103 at 103.
    // base = 3 + 195/103 = 504/103 = 4.8932038835; vwap = 500 / (504/103) = 51500/504 = 102.1825396825
    // vs touch: (51500/504 - 101) / 101 * 1e4 = (596/504) / 101 * 1e4 = 117.0831369
    // vs mid:   (51500/504 - 100) / 100 * 1e4 = 218.2539683
    const { buy } = priceImpact(book, 500, mid);
    expect(buy?.levels).toBe(3);
    expect(buy?.baseQuantity).toBeCloseTo(4.8932038835, 9);
    expect(buy?.vwap).toBeCloseTo(102.1825396825, 9);
    expect(buy?.slippageVsTouchBps).toBeCloseTo(117.0831369, 6);
    expect(buy?.slippageVsMidBps).toBeCloseTo(218.2539683, 6);
  });

  it('walks three bid levels for a 500 sell sized in quote received, the third in part', () => {
    // 198 sells 2, 294 sells 3, the remaining 500 - 492 = 8 sells 8/97 at 97.
    // base = 5 + 8/97 = 493/97 = 5.0824742268; vwap = 500 / (493/97) = 48500/493 = 98.3772819473
    // vs touch: (99 - 48500/493) / 99 * 1e4 = (307/493) / 99 * 1e4 = 62.9008134
    // vs mid:   (100 - 48500/493) / 100 * 1e4 = 162.2718053
    const { sell } = priceImpact(book, 500, mid);
    expect(sell?.levels).toBe(3);
    expect(sell?.baseQuantity).toBeCloseTo(5.0824742268, 9);
    expect(sell?.vwap).toBeCloseTo(98.3772819473, 9);
    expect(sell?.slippageVsTouchBps).toBeCloseTo(62.9008134, 6);
    expect(sell?.slippageVsMidBps).toBeCloseTo(162.2718053, 6);
  });

  it('fills a size that exactly empties the second level without touching the third', () => {
    // 305 = 101 + 204: base 1 + 2 = 3, vwap 305/3 = 101.6666667, vs touch (2/3)/101 * 1e4 = 66.00660066
    const { buy } = priceImpact(book, 305, mid);
    expect(buy).toMatchObject({ levels: 2, baseQuantity: 3 });
    expect(buy?.vwap).toBeCloseTo(101.6666666667, 9);
    expect(buy?.slippageVsTouchBps).toBeCloseTo(66.00660066, 6);
  });

  it('fills a size inside the best level at the touch, with no slippage vs touch', () => {
    // 50 < 101: 50/101 base at 101; vs mid (101 - 100) / 100 * 1e4 = 100
    const { buy, sell } = priceImpact(book, 50, mid);
    expect(buy).toMatchObject({ levels: 1, vwap: 101, slippageVsTouchBps: 0, slippageVsMidBps: 100 });
    expect(sell).toMatchObject({ levels: 1, vwap: 99, slippageVsTouchBps: 0, slippageVsMidBps: 100 });
  });

  it('fills the whole side for exactly its quote depth, and nothing larger', () => {
    // asks hold 2077 quote for 1 + 2 + 4 + 5 + 8 = 20 base: vwap 2077/20 = 103.85
    expect(priceImpact(book, 2077, mid).buy).toMatchObject({ levels: 5, baseQuantity: 20, vwap: 103.85 });
    expect(priceImpact(book, 2078, mid).buy).toBeNull();
  });

  it('is null on the side too thin for the size, and filled on the other', () => {
    // 2200 > 2077 on the asks; 2200 <= 2311 on the bids: 198 + 294 + 485 + 384 = 1361 from four levels for
    // 2 + 3 + 5 + 4 = 14 base, then (2200 - 1361) / 95 = 8.8315789474 at 95: 22.8315789474 base,
    // vwap 2200 / 22.8315789474 = 96.3577685569, (99 - 96.3577685569) / 99 * 1e4 = 266.8920650 bps off the touch
    const impact = priceImpact(book, 2200, mid);
    expect(impact.buy).toBeNull();
    expect(impact.sell?.levels).toBe(5);
    expect(impact.sell?.baseQuantity).toBeCloseTo(22.8315789474, 9);
    expect(impact.sell?.vwap).toBeCloseTo(96.3577685569, 9);
    expect(impact.sell?.slippageVsTouchBps).toBeCloseTo(266.892065, 5);
    expect(priceImpact(book, 2312, mid).sell).toBeNull();
  });
});

describe('walkLevels', () => {
  it('fills nothing for a notional that is zero, negative or not finite', () => {
    for (const notional of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) expect(walkLevels(book.asks, notional)).toBeNull();
  });

  it('fills nothing from an empty side', () => {
    expect(walkLevels([], 10)).toBeNull();
  });
});

describe('roundTripCostBps', () => {
  it('is the buy VWAP less the sell VWAP over mid, in bps', () => {
    // (51500/504 - 48500/493) / 100 * 1e4 = (102.1825396825 - 98.3772819473) * 100 = 380.5257735
    // (= 218.2539683 + 162.2718053, the two slippages vs mid)
    expect(roundTripCostBps(book, 500, mid)).toBeCloseTo(380.5257735, 6);
  });

  it('costs twice the half-spread in bps of mid for a size inside both best levels', () => {
    // (101 - 99) / 100 * 1e4 = 200
    expect(roundTripCostBps(book, 50, mid)).toBe(200);
  });

  it('is null when either side is too thin', () => {
    expect(roundTripCostBps(book, 2100, mid)).toBeNull(); // asks hold 2077, bids 2311
    expect(roundTripCostBps(book, 2400, mid)).toBeNull(); // both too thin
  });
});
