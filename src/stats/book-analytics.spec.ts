import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIVE_LEVEL_BOOK } from './__fixtures__/five-level-book.js';
import type { BookLevel } from '../model/index.js';
import { bookAnalytics, DEFAULT_BOOK_ANALYTICS_CONFIG } from './book-analytics.js';
import type { BookAnalytics, BookAnalyticsConfig } from './book-analytics.js';

const book = FIVE_LEVEL_BOOK;
const small: BookAnalyticsConfig = { imbalanceLevels: 3, depthBandsPct: [1, 2], impactNotionals: [500, 2100], roundTripNotional: 500 };

describe('bookAnalytics', () => {
  it('gives the touch, spread, mid and size-weighted mid of a five-level book', () => {
    // spread 101 - 99 = 2; mid (99 + 101) / 2 = 100; spread 2 / 100 * 1e4 = 200 bps
    // size-weighted mid (99 * 1 + 101 * 2) / (2 + 1) = 301 / 3 = 100.3333333333 (the bids hold more, so it leans to the ask)
    const figures = bookAnalytics(book, small);
    expect(figures).toMatchObject({ bestBid: { price: 99, size: 2 }, bestAsk: { price: 101, size: 1 }, spread: 2, mid: 100, spreadBps: 200 });
    expect(figures?.sizeWeightedMid).toBeCloseTo(100.3333333333, 9);
  });

  it('sums the imbalance over the configured levels: three, then the default twenty', () => {
    // top 3: (2 + 3 + 5 - (1 + 2 + 4)) / (10 + 7) = 3 / 17 = 0.1764705882
    // top 20 (all five): (24 - 20) / (24 + 20) = 4 / 44 = 0.0909090909
    expect(bookAnalytics(book, small)?.imbalance).toBeCloseTo(0.1764705882, 9);
    expect(bookAnalytics(book)?.imbalance).toBeCloseTo(0.0909090909, 9);
  });

  it('gives one depth band and one impact per configured size, in order, and the round trip', () => {
    // depth 1 %: bid 99 x 2 (198), ask 101 x 1 (101); 2 %: bids 5 base / 492 quote, asks 3 base / 305 quote
    // impact 500: buy vwap 51500/504 = 102.1825396825, sell vwap 48500/493 = 98.3772819473
    // impact 2100: asks hold 2077 quote, too thin; bids hold 2311
    // round trip 500: (102.1825396825 - 98.3772819473) / 100 * 1e4 = 380.5257735
    const figures = bookAnalytics(book, small);
    expect(figures?.depth).toEqual([
      { withinPct: 1, bidBase: 2, bidQuote: 198, askBase: 1, askQuote: 101 },
      { withinPct: 2, bidBase: 5, bidQuote: 492, askBase: 3, askQuote: 305 },
    ]);
    expect(figures?.impact.map((i) => i.notional)).toEqual([500, 2100]);
    expect(figures?.impact[0]?.buy?.vwap).toBeCloseTo(102.1825396825, 9);
    expect(figures?.impact[0]?.sell?.vwap).toBeCloseTo(98.3772819473, 9);
    expect(figures?.impact[1]?.buy).toBeNull();
    expect(figures?.impact[1]?.sell).not.toBeNull();
    expect(figures?.roundTripCostBps).toBeCloseTo(380.5257735, 6);
  });

  it('has a null round trip and null impacts when the book is thinner than the default sizes', () => {
    // the asks hold 2077 quote and the bids 2311: enough for 1,000, not for 10,000 or 100,000
    const figures = bookAnalytics(book);
    expect(figures?.impact.map((i) => [i.notional, i.buy === null, i.sell === null])).toEqual([
      [1_000, false, false],
      [10_000, true, true],
      [100_000, true, true],
    ]);
    expect(figures?.roundTripCostBps).toBeNull();
  });

  it('gives no figures for a book with an empty side', () => {
    expect(bookAnalytics({ bids: [], asks: book.asks })).toBeUndefined();
    expect(bookAnalytics({ bids: book.bids, asks: [] })).toBeUndefined();
  });

  it('gives every figure of a one-level book', () => {
    // bid 50 x 4, ask 52 x 1: mid 51, spread 2, 2 / 51 * 1e4 = 392.1568627 bps
    // size-weighted mid (50 * 1 + 52 * 4) / 5 = 258 / 5 = 51.6; imbalance (4 - 1) / 5 = 0.6
    // a buy of 52 takes the whole ask at 52; 53 is more than it holds. A sell of 200 takes the whole bid.
    const figures = bookAnalytics(
      { bids: [{ price: 50, size: 4 }], asks: [{ price: 52, size: 1 }] },
      { imbalanceLevels: 20, depthBandsPct: [5], impactNotionals: [52, 53], roundTripNotional: 52 },
    );
    expect(figures).toMatchObject({ mid: 51, spread: 2, imbalance: 0.6, depth: [{ bidBase: 4, askBase: 1 }] });
    expect(figures?.spreadBps).toBeCloseTo(392.1568627, 6);
    expect(figures?.sizeWeightedMid).toBeCloseTo(51.6, 9);
    expect(figures?.impact[0]?.buy).toMatchObject({ vwap: 52, baseQuantity: 1, slippageVsTouchBps: 0 });
    expect(figures?.impact[1]?.buy).toBeNull();
    // round trip 52: (52 - 50) / 51 * 1e4 = 392.1568627
    expect(figures?.roundTripCostBps).toBeCloseTo(392.1568627, 6);
  });

  it('skips levels with a zero, negative or non-finite price, size or price * size', () => {
    const bad: BookLevel[] = [
      { price: 99.5, size: 0 },
      { price: Number.NaN, size: 1 },
      { price: 99.4, size: -1 },
      { price: Number.POSITIVE_INFINITY, size: 1 },
      { price: 5e-324, size: 0.5 }, // price * size rounds to 0
    ];
    const figures = bookAnalytics({ bids: [...bad, ...book.bids], asks: [...bad, ...book.asks] }, small);
    expect(figures).toMatchObject({ bestBid: { price: 99, size: 2 }, bestAsk: { price: 101, size: 1 }, mid: 100 });
    expect(bookAnalytics({ bids: bad, asks: book.asks })).toBeUndefined();
  });
});

/** A valid book: bids strictly descending below asks strictly ascending, sizes > 0. */
const sideOf = (start: number, direction: 1 | -1) =>
  fc
    .array(fc.record({ step: fc.double({ min: 1e-6, max: 1, noNaN: true }), size: fc.double({ min: 1e-6, max: 1e4, noNaN: true }) }), { minLength: 1, maxLength: 30 })
    .map((rows) => {
      let price = start;
      return rows.map(({ step, size }, index): BookLevel => {
        if (index > 0) price = price * (1 + direction * step * 0.01);
        return { price, size };
      });
    });
const validBook = fc
  .record({ bid: fc.double({ min: 1e-4, max: 1e6, noNaN: true }), spreadFraction: fc.double({ min: 1e-6, max: 0.05, noNaN: true }) })
  .chain(({ bid, spreadFraction }) => fc.record({ bids: sideOf(bid, -1), asks: sideOf(bid * (1 + spreadFraction), 1) }));
const validConfig = fc.record({
  imbalanceLevels: fc.integer({ min: 1, max: 40 }),
  depthBandsPct: fc.uniqueArray(fc.double({ min: 0, max: 50, noNaN: true }), { minLength: 1, maxLength: 6 }).map((bands) => [...bands].sort((a, b) => a - b)),
  impactNotionals: fc.array(fc.double({ min: 1e-3, max: 1e8, noNaN: true }), { minLength: 1, maxLength: 4 }),
  roundTripNotional: fc.double({ min: 1e-3, max: 1e8, noNaN: true }),
});

function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(numbersIn);
  return [];
}

function checkInvariants(figures: BookAnalytics): void {
  expect(figures.imbalance).toBeGreaterThanOrEqual(-1);
  expect(figures.imbalance).toBeLessThanOrEqual(1);
  for (const { buy, sell } of figures.impact) {
    if (buy) expect(buy.vwap).toBeGreaterThanOrEqual(figures.bestAsk.price);
    if (sell) expect(sell.vwap).toBeLessThanOrEqual(figures.bestBid.price);
    if (buy) expect(buy.slippageVsTouchBps).toBeGreaterThanOrEqual(0);
    if (sell) expect(sell.slippageVsTouchBps).toBeGreaterThanOrEqual(0);
  }
  figures.depth.slice(1).forEach((wider, i) => {
    const narrower = figures.depth[i];
    for (const key of ['bidBase', 'bidQuote', 'askBase', 'askQuote'] as const) expect(wider[key]).toBeGreaterThanOrEqual(narrower?.[key] ?? Number.NaN);
  });
}

describe('bookAnalytics on random books', () => {
  it('keeps imbalance in [-1, 1], fills no better than the touch, and grows depth with the band', () => {
    fc.assert(
      fc.property(validBook, validConfig, (sides, config) => {
        const figures = bookAnalytics(sides, config);
        expect(figures).toBeDefined();
        if (figures) checkInvariants(figures);
      }),
      { numRuns: 500 },
    );
  });

  it('never returns NaN or Infinity, whatever numbers the levels hold', () => {
    const anyNumber = fc.oneof(fc.double(), fc.double({ min: 1e-3, max: 1e3 }), fc.constantFrom(1e308, 1e-308, 5e-324));
    const anyLevel = fc.record({ price: anyNumber, size: anyNumber });
    fc.assert(
      fc.property(fc.array(anyLevel, { maxLength: 8 }), fc.array(anyLevel, { maxLength: 8 }), validConfig, (bids, asks, config) => {
        for (const n of numbersIn(bookAnalytics({ bids, asks }, config))) expect(Number.isFinite(n)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('uses twenty levels, bands of 0.1, 0.5, 1 and 2 % and sizes of 1,000, 10,000 and 100,000 by default', () => {
    expect(DEFAULT_BOOK_ANALYTICS_CONFIG).toEqual({
      imbalanceLevels: 20,
      depthBandsPct: [0.1, 0.5, 1, 2],
      impactNotionals: [1_000, 10_000, 100_000],
      roundTripNotional: 10_000,
    });
  });
});
