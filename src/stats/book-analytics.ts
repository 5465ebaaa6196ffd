import type { BookLevel, BookSides } from '../model/index.js';
import { depthBand, topLevelsImbalance } from './book-depth.js';
import type { DepthBand } from './book-depth.js';
import { priceImpact, roundTripCostBps } from './price-impact.js';
import type { PriceImpact } from './price-impact.js';

/** Which figures `bookAnalytics` computes. */
export interface BookAnalyticsConfig {
  /** Levels per side, from the best, summed for the imbalance. Count; default 20. */
  readonly imbalanceLevels: number;
  /** Half-widths of the depth bands around the mid, percent of mid (1 = 1 %). Default 0.1, 0.5, 1, 2. */
  readonly depthBandsPct: readonly number[];
  /** Market order sizes for the price impact, quote units. Default 1,000, 10,000, 100,000. */
  readonly impactNotionals: readonly number[];
  /** Order size of the round trip, quote units. Default 10,000. */
  readonly roundTripNotional: number;
}

export const DEFAULT_BOOK_ANALYTICS_CONFIG: BookAnalyticsConfig = {
  imbalanceLevels: 20,
  depthBandsPct: [0.1, 0.5, 1, 2],
  impactNotionals: [1_000, 10_000, 100_000],
  roundTripNotional: 10_000,
};

/** Figures of one order book snapshot. Prices in quote per base, sizes in base units. */
export interface BookAnalytics {
  readonly bestBid: BookLevel;
  readonly bestAsk: BookLevel;
  /** `bestAsk - bestBid`, quote units; 0 or less only for a locked or crossed book. */
  readonly spread: number;
  /** `(bestBid + bestAsk) / 2`. */
  readonly mid: number;
  /** `spread / mid * 1e4`. */
  readonly spreadBps: number;
  /**
   * Size-weighted mid at the touch, `(bestBid * askSize + bestAsk * bidSize) / (bidSize + askSize)`:
   * leans towards the side with less size resting. Not Stoikov's micro-price, which adjusts the mid
   * by a model of imbalance and spread fitted to data.
   */
  readonly sizeWeightedMid: number;
  /**
   * `(Vb - Va) / (Vb + Va)` over the best `imbalanceLevels` levels per side, by base size; in [-1, 1],
   * positive when bids outweigh asks.
   */
  readonly imbalance: number;
  /** Depth per configured band, in the configured order. */
  readonly depth: readonly DepthBand[];
  /** Price impact per configured notional, in the configured order. */
  readonly impact: readonly PriceImpact[];
  /** Round-trip cost of `roundTripNotional`, bps of mid (see `roundTripCostBps`); null when a side is too thin. */
  readonly roundTripCostBps: number | null;
}

/**
 * Every book figure of `sides` (best first: bids descending, asks ascending). Levels whose price, size
 * or price * size is not a finite number > 0 are skipped. Undefined when a side has no level left, or
 * (for values near the limits of a double) when a figure would not be a finite number.
 */
export function bookAnalytics(sides: BookSides, config: BookAnalyticsConfig = DEFAULT_BOOK_ANALYTICS_CONFIG): BookAnalytics | undefined {
  const book: BookSides = { bids: usableLevels(sides.bids), asks: usableLevels(sides.asks) };
  const bestBid = book.bids[0];
  const bestAsk = book.asks[0];
  if (bestBid === undefined || bestAsk === undefined) return undefined;
  const mid = bestBid.price / 2 + bestAsk.price / 2;
  const spread = bestAsk.price - bestBid.price;
  const figures: BookAnalytics = {
    bestBid,
    bestAsk,
    spread,
    mid,
    spreadBps: (spread / mid) * 1e4,
    sizeWeightedMid: sizeWeightedMid(bestBid, bestAsk),
    imbalance: topLevelsImbalance(book, config.imbalanceLevels),
    depth: config.depthBandsPct.map((pct) => depthBand(book, mid, pct)),
    impact: config.impactNotionals.map((notional) => priceImpact(book, notional, mid)),
    roundTripCostBps: roundTripCostBps(book, config.roundTripNotional, mid),
  };
  return onlyFiniteNumbers(figures) ? figures : undefined;
}

/** The side itself when every level is usable (the common case: no copy), else the usable ones. */
function usableLevels(levels: readonly BookLevel[]): readonly BookLevel[] {
  return levels.every(isUsable) ? levels : levels.filter(isUsable);
}

function isUsable(level: BookLevel): boolean {
  const quote = level.price * level.size;
  return level.price > 0 && level.size > 0 && quote > 0 && Number.isFinite(quote);
}

/** `bid + I * (ask - bid)` with `I = bidSize / (bidSize + askSize)`, written so that no sum can overflow. */
function sizeWeightedMid(bid: BookLevel, ask: BookLevel): number {
  const bidShare = 1 / (1 + ask.size / bid.size);
  return bid.price + bidShare * (ask.price - bid.price);
}

function onlyFiniteNumbers(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(onlyFiniteNumbers);
  if (typeof value === 'object' && value !== null) {
    for (const key in value) if (!onlyFiniteNumbers((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}
