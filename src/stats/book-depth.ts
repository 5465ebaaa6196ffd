import type { BookLevel, BookSides } from '../model/index.js';

/** Resting size within a band around the mid, per side, in base and in quote units. */
export interface DepthBand {
  /** Half-width of the band, percent of mid (1 = 1 %): bids at or above `mid * (1 - pct/100)`, asks at or below `mid * (1 + pct/100)`. */
  readonly withinPct: number;
  /** Sum of bid sizes in the band, base units. */
  readonly bidBase: number;
  /** Sum of bid price * size in the band, quote units. */
  readonly bidQuote: number;
  /** Sum of ask sizes in the band, base units. */
  readonly askBase: number;
  /** Sum of ask price * size in the band, quote units. */
  readonly askQuote: number;
}

/**
 * Rounding allowance on a band's edge, relative to the band's half-width: a level exactly on the edge
 * counts, even when `mid * pct / 100` rounds a hair inside it.
 */
const EDGE_TOLERANCE = 1e-9;

/**
 * Depth within `withinPct` percent of `mid` on each side. A level exactly on the band's edge counts.
 * Every level of a side is looked at (the order of levels does not matter here).
 */
export function depthBand(sides: BookSides, mid: number, withinPct: number): DepthBand {
  const reach = ((mid * withinPct) / 100) * (1 + EDGE_TOLERANCE);
  const bids = sumWhere(sides.bids, (price) => mid - price <= reach);
  const asks = sumWhere(sides.asks, (price) => price - mid <= reach);
  return { withinPct, bidBase: bids.base, bidQuote: bids.quote, askBase: asks.base, askQuote: asks.quote };
}

function sumWhere(levels: readonly BookLevel[], inBand: (price: number) => boolean): { base: number; quote: number } {
  let base = 0;
  let quote = 0;
  for (const level of levels) {
    if (!inBand(level.price)) continue;
    base += level.size;
    quote += level.price * level.size;
  }
  return { base, quote };
}

/**
 * Order book imbalance over the best `levels` levels of each side, by base size:
 * `(Vb - Va) / (Vb + Va)`, in [-1, 1], positive when bids outweigh asks; 0 when both sums are 0.
 */
export function topLevelsImbalance(sides: BookSides, levels: number): number {
  const bidVolume = sizeOfBest(sides.bids, levels);
  const askVolume = sizeOfBest(sides.asks, levels);
  const total = bidVolume + askVolume;
  return total > 0 ? (bidVolume - askVolume) / total : 0;
}

function sizeOfBest(levels: readonly BookLevel[], count: number): number {
  let sum = 0;
  for (let i = 0; i < Math.min(count, levels.length); i += 1) sum += levels[i]?.size ?? 0;
  return sum;
}
