import fc from 'fast-check';
import { assert, describe, expect, it } from 'vitest';
import { FIVE_LEVEL_BOOK } from './__fixtures__/five-level-book.js';
import type { BookLevel, BookSides } from '../model/index.js';
import { bookAnalytics, DEFAULT_BOOK_ANALYTICS_CONFIG } from './book-analytics.js';
import type { BookAnalytics, BookAnalyticsConfig } from './book-analytics.js';
import type { MarketOrderFill } from './price-impact.js';

const book = FIVE_LEVEL_BOOK;
const small: BookAnalyticsConfig = { imbalanceLevels: 3, depthBandsPct: [1, 2], impactNotionals: [500, 2100], roundTripNotional: 500 };

/** The figures of a book that has them: the spec fails here, rather than skipping its checks, when there are none. */
function analyticsOf(sides: BookSides, config?: BookAnalyticsConfig): BookAnalytics {
  const figures = bookAnalytics(sides, config);
  assert.isDefined(figures, 'no figures for a book with a usable level on each side');
  return figures;
}

/** A fill that must exist: the spec fails here when the side was too thin. */
function filled(fill: MarketOrderFill | null): MarketOrderFill {
  assert.isNotNull(fill, 'no fill where the side holds enough');
  return fill;
}

describe('bookAnalytics', () => {
  it('gives the touch, spread, mid and size-weighted mid of a five-level book', () => {
    // spread 101 - 99 = 2; mid (99 + 101) / 2 = 100; spread 2 / 100 * 1e4 = 200 bps
    // size-weighted mid (99 * 1 + 101 * 2) / (2 + 1) = 301 / 3 = 100.3333333333 (the bids hold more, so it leans to the ask)
    const figures = analyticsOf(book, small);
    expect(figures).toMatchObject({ bestBid: { price: 99, size: 2 }, bestAsk: { price: 101, size: 1 }, spread: 2, mid: 100, spreadBps: 200 });
    expect(figures.sizeWeightedMid).toBeCloseTo(100.3333333333, 9);
  });

  it('sums the imbalance over the configured levels: three, then the default twenty', () => {
    // top 3: (2 + 3 + 5 - (1 + 2 + 4)) / (10 + 7) = 3 / 17 = 0.1764705882
    // top 20 (all five): (24 - 20) / (24 + 20) = 4 / 44 = 0.0909090909
    expect(analyticsOf(book, small).imbalance).toBeCloseTo(0.1764705882, 9);
    expect(analyticsOf(book).imbalance).toBeCloseTo(0.0909090909, 9);
  });

  it('gives one depth band and one impact per configured size, in order, and the round trip', () => {
    // depth 1 %: bid 99 x 2 (198), ask 101 x 1 (101); 2 %: bids 5 base / 492 quote, asks 3 base / 305 quote
    // impact 500: buy vwap 51500/504 = 102.1825396825, sell vwap 48500/493 = 98.3772819473
    // impact 2100: asks hold 2077 quote, too thin; the sell takes 198 + 294 + 485 + 384 = 1361 from four levels,
    //   then (2100 - 1361) / 95 = 7.7789473684 base at 95: 2 + 3 + 5 + 4 + 7.7789473684 = 21.7789473684 base,
    //   vwap 2100 / 21.7789473684 = 96.4233929435, (99 - 96.4233929435) / 99 * 1e4 = 260.2633390 bps off the touch
    // round trip 500: (102.1825396825 - 98.3772819473) / 100 * 1e4 = 380.5257735
    const figures = analyticsOf(book, small);
    expect(figures.depth).toEqual([
      { withinPct: 1, bidBase: 2, bidQuote: 198, askBase: 1, askQuote: 101 },
      { withinPct: 2, bidBase: 5, bidQuote: 492, askBase: 3, askQuote: 305 },
    ]);
    expect(figures.impact.map((i) => i.notional)).toEqual([500, 2100]);
    expect(filled(figures.impact[0]?.buy ?? null).vwap).toBeCloseTo(102.1825396825, 9);
    expect(filled(figures.impact[0]?.sell ?? null).vwap).toBeCloseTo(98.3772819473, 9);
    expect(figures.impact[1]?.buy).toBeNull();
    const sell2100 = filled(figures.impact[1]?.sell ?? null);
    expect(sell2100.levels).toBe(5);
    expect(sell2100.baseQuantity).toBeCloseTo(21.7789473684, 9);
    expect(sell2100.vwap).toBeCloseTo(96.4233929435, 9);
    expect(sell2100.slippageVsTouchBps).toBeCloseTo(260.263339, 5);
    expect(figures.roundTripCostBps).toBeCloseTo(380.5257735, 6);
  });

  it('has a null round trip and null impacts when the book is thinner than the default sizes', () => {
    // the asks hold 2077 quote and the bids 2311: enough for 1,000, not for 10,000 or 100,000
    const figures = analyticsOf(book);
    expect(figures.impact.map((i) => [i.notional, i.buy === null, i.sell === null])).toEqual([
      [1_000, false, false],
      [10_000, true, true],
      [100_000, true, true],
    ]);
    expect(figures.roundTripCostBps).toBeNull();
  });

  it('gives no figures for a book with an empty side', () => {
    expect(bookAnalytics({ bids: [], asks: book.asks })).toBeUndefined();
    expect(bookAnalytics({ bids: book.bids, asks: [] })).toBeUndefined();
  });

  it('gives every figure of a one-level book', () => {
    // bid 50 x 4, ask 52 x 1: mid 51, spread 2, 2 / 51 * 1e4 = 392.1568627 bps
    // size-weighted mid (50 * 1 + 52 * 4) / 5 = 258 / 5 = 51.6; imbalance (4 - 1) / 5 = 0.6
    // a buy of 52 takes the whole ask at 52; 53 is more than it holds. A sell of 200 takes the whole bid.
    const figures = analyticsOf(
      { bids: [{ price: 50, size: 4 }], asks: [{ price: 52, size: 1 }] },
      { imbalanceLevels: 20, depthBandsPct: [5], impactNotionals: [52, 53], roundTripNotional: 52 },
    );
    expect(figures).toMatchObject({ mid: 51, spread: 2, imbalance: 0.6, depth: [{ bidBase: 4, askBase: 1 }] });
    expect(figures.spreadBps).toBeCloseTo(392.1568627, 6);
    expect(figures.sizeWeightedMid).toBeCloseTo(51.6, 9);
    expect(figures.impact[0]?.buy).toMatchObject({ vwap: 52, baseQuantity: 1, slippageVsTouchBps: 0 });
    expect(figures.impact[1]?.buy).toBeNull();
    // round trip 52: (52 - 50) / 51 * 1e4 = 392.1568627
    expect(figures.roundTripCostBps).toBeCloseTo(392.1568627, 6);
  });

  it('skips levels with a zero, negative or non-finite price, size or price * size', () => {
    const bad: BookLevel[] = [
      { price: 99.5, size: 0 },
      { price: Number.NaN, size: 1 },
      { price: 99.4, size: -1 },
      { price: Number.POSITIVE_INFINITY, size: 1 },
      { price: 5e-324, size: 0.5 }, // price * size rounds to 0
    ];
    const figures = analyticsOf({ bids: [...bad, ...book.bids], asks: [...bad, ...book.asks] }, small);
    expect(figures).toMatchObject({ bestBid: { price: 99, size: 2 }, bestAsk: { price: 101, size: 1 }, mid: 100 });
    expect(bookAnalytics({ bids: bad, asks: book.asks })).toBeUndefined();
  });
});

/** A valid book: bids strictly descending below asks strictly ascending, sizes > 0. */
const sideOf = (start: number, direction: 1 | -1) =>
  fc
    .array(fc.record({ step: fc.double({ min: 1e-6, max: 1, noNaN: true }), size: fc.double({ min: 1e-6, max: 1e4, noNaN: true }) }), {
      minLength: 1,
      maxLength: 30,
    })
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
  depthBandsPct: fc.uniqueArray(fc.double({ min: 0, max: 50, noNaN: true }), { minLength: 2, maxLength: 6 }).map((bands) => [...bands].sort((a, b) => a - b)),
  impactNotionals: fc.array(fc.double({ min: 1e-3, max: 1e8, noNaN: true }), { minLength: 1, maxLength: 4 }),
  roundTripNotional: fc.double({ min: 1e-3, max: 1e8, noNaN: true }),
});

/** Quote resting on one side: price * size summed from the best level out, as a market order walks it. */
const quoteOf = (levels: readonly BookLevel[]): number => levels.reduce((sum, l) => sum + l.price * l.size, 0);
const sizeOf = (levels: readonly BookLevel[]): number => levels.reduce((sum, l) => sum + l.size, 0);
/** The price of a side's level `at` (0 the best, -1 the last). */
const priceAt = (levels: readonly BookLevel[], at: number): number => levels.at(at)?.price ?? Number.NaN;

/** A valid book and sizes as fractions of a side's quote: below 1 of the thinner side fits both, above 1 of the thicker fits neither. */
const bookWithSizes = (fractions: fc.Arbitrary<number>, of: 'thinner' | 'thicker') =>
  validBook.chain((sides) => {
    const quotes = [quoteOf(sides.bids), quoteOf(sides.asks)];
    const side = of === 'thinner' ? Math.min(...quotes) : Math.max(...quotes);
    return fc.record({
      sides: fc.constant(sides),
      config: validConfig,
      impactNotionals: fc.array(
        fractions.map((f) => f * side),
        { minLength: 1, maxLength: 4 },
      ),
      roundTripNotional: fractions.map((f) => f * side),
    });
  });

function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(numbersIn);
  return [];
}

describe('bookAnalytics on random books', () => {
  it('fills every size both sides hold, between the touch and the last level, and a round trip costs at least the spread', () => {
    fc.assert(
      fc.property(bookWithSizes(fc.double({ min: 1e-6, max: 0.999, noNaN: true }), 'thinner'), ({ sides, config, impactNotionals, roundTripNotional }) => {
        const figures = analyticsOf(sides, { ...config, impactNotionals, roundTripNotional });
        const [bestBid, worstBid, bestAsk, worstAsk] = [priceAt(sides.bids, 0), priceAt(sides.bids, -1), priceAt(sides.asks, 0), priceAt(sides.asks, -1)];
        expect(figures.impact.map((i) => i.notional)).toEqual(impactNotionals);
        for (const { notional, buy, sell } of figures.impact) {
          const [bought, sold] = [filled(buy), filled(sell)];
          expect(bought.vwap).toBeGreaterThanOrEqual(bestAsk);
          expect(bought.vwap).toBeLessThanOrEqual(worstAsk);
          expect(sold.vwap).toBeLessThanOrEqual(bestBid);
          expect(sold.vwap).toBeGreaterThanOrEqual(worstBid);
          expect(bought.slippageVsTouchBps).toBeGreaterThanOrEqual(0);
          expect(sold.slippageVsTouchBps).toBeGreaterThanOrEqual(0);
          // the notional is spent (bought) and received (sold) in full: vwap * base = notional
          expect(Math.abs(bought.vwap * bought.baseQuantity - notional) / notional).toBeLessThan(1e-9);
          expect(Math.abs(sold.vwap * sold.baseQuantity - notional) / notional).toBeLessThan(1e-9);
        }
        // buying at or above the ask and selling at or below the bid costs at least the spread, (ask - bid) / mid * 1e4
        const spreadBps = ((bestAsk - bestBid) / ((bestAsk + bestBid) / 2)) * 1e4;
        expect(figures.roundTripCostBps).toBeGreaterThanOrEqual(spreadBps * (1 - 1e-9));
      }),
      { numRuns: 300 },
    );
  });

  it('fills neither side, and has no round trip, for sizes beyond what the thicker side holds', () => {
    fc.assert(
      fc.property(bookWithSizes(fc.double({ min: 1.001, max: 100, noNaN: true }), 'thicker'), ({ sides, config, impactNotionals, roundTripNotional }) => {
        const figures = analyticsOf(sides, { ...config, impactNotionals, roundTripNotional });
        expect(figures.impact.map(({ buy, sell }) => [buy, sell])).toEqual(impactNotionals.map(() => [null, null]));
        expect(figures.roundTripCostBps).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('keeps imbalance in [-1, 1] as (bid size - ask size) / total over the top levels, and grows depth with the band up to the whole side', () => {
    fc.assert(
      fc.property(validBook, validConfig, (sides, config) => {
        const figures = analyticsOf(sides, config);
        const bidSize = sizeOf(sides.bids.slice(0, config.imbalanceLevels));
        const askSize = sizeOf(sides.asks.slice(0, config.imbalanceLevels));
        expect(figures.imbalance).toBeGreaterThanOrEqual(-1);
        expect(figures.imbalance).toBeLessThanOrEqual(1);
        expect(figures.imbalance).toBeCloseTo((bidSize - askSize) / (bidSize + askSize), 9);
        const whole = { bidBase: sizeOf(sides.bids), bidQuote: quoteOf(sides.bids), askBase: sizeOf(sides.asks), askQuote: quoteOf(sides.asks) };
        for (const key of ['bidBase', 'bidQuote', 'askBase', 'askQuote'] as const) {
          const byBand = figures.depth.map((band) => band[key]);
          expect(byBand).toEqual([...byBand].sort((a, b) => a - b));
          expect(Math.max(...byBand)).toBeLessThanOrEqual(whole[key] * (1 + 1e-9));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never returns NaN or Infinity, whatever numbers the levels hold', () => {
    const anyNumber = fc.oneof(fc.double(), fc.double({ min: 1e-3, max: 1e3 }), fc.constantFrom(1e308, 1e-308, 5e-324));
    const anyLevel = fc.record({ price: anyNumber, size: anyNumber });
    let withFigures = 0;
    fc.assert(
      fc.property(fc.array(anyLevel, { maxLength: 8 }), fc.array(anyLevel, { maxLength: 8 }), validConfig, (bids, asks, config) => {
        const figures = bookAnalytics({ bids, asks }, config);
        withFigures += figures === undefined ? 0 : 1;
        expect(numbersIn(figures).filter((n) => !Number.isFinite(n))).toEqual([]);
      }),
      { numRuns: 1000 },
    );
    // Not a property of "no figures" alone: about half the books keep a usable level on each side.
    expect(withFigures).toBeGreaterThan(250);
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
