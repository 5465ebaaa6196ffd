import type { BookLevel, BookSides } from '../model/index.js';

/**
 * What a market order of a given quote notional would get from one side of the book, filled at
 * once against the resting levels from the best price outwards (the last level touched partly filled).
 */
export interface MarketOrderFill {
  /** Volume-weighted average fill price: notional / baseQuantity (quote per base). */
  readonly vwap: number;
  /** Base units bought or sold. */
  readonly baseQuantity: number;
  /** Price levels touched, the last one possibly in part. */
  readonly levels: number;
  /**
   * Cost against the touch in bps, positive = worse than the touch:
   * buy `(vwap - bestAsk) / bestAsk * 1e4`, sell `(bestBid - vwap) / bestBid * 1e4`; never negative.
   */
  readonly slippageVsTouchBps: number;
  /**
   * Cost against the mid in bps, positive = worse than the mid:
   * buy `(vwap - mid) / mid * 1e4`, sell `(mid - vwap) / mid * 1e4`.
   */
  readonly slippageVsMidBps: number;
}

/** A market buy and a market sell of the same quote notional; a side is null when the book is too thin to fill it. */
export interface PriceImpact {
  /** Order size, quote units. */
  readonly notional: number;
  /** A market buy spending `notional` quote units on the asks. */
  readonly buy: MarketOrderFill | null;
  /** A market sell receiving `notional` quote units from the bids. */
  readonly sell: MarketOrderFill | null;
}

/** Base quantity, levels touched and VWAP of taking `notional` quote units from `levels`, or null if they hold less. */
export function walkLevels(levels: readonly BookLevel[], notional: number): Omit<MarketOrderFill, 'slippageVsTouchBps' | 'slippageVsMidBps'> | null {
  if (!(notional > 0) || !Number.isFinite(notional)) return null;
  let quoteFilled = 0;
  let baseQuantity = 0;
  for (let index = 0; index < levels.length; index++) {
    const level = levels[index] as BookLevel;
    const levelQuote = level.price * level.size;
    if (quoteFilled + levelQuote >= notional) {
      baseQuantity += (notional - quoteFilled) / level.price;
      const first = levels[0]?.price ?? level.price;
      // The VWAP is an average of the prices walked: clamp away the last bit of rounding.
      const vwap = Math.min(Math.max(notional / baseQuantity, Math.min(first, level.price)), Math.max(first, level.price));
      return { vwap, baseQuantity, levels: index + 1 };
    }
    quoteFilled += levelQuote;
    baseQuantity += level.size;
  }
  return null;
}

/**
 * Price impact of a market buy and a market sell of `notional` quote units. Both are sized in quote:
 * the buy spends `notional` on the asks, the sell takes from the bids until it has received `notional`.
 * `sides` must have both sides non-empty, best first, every price and size > 0.
 */
export function priceImpact(sides: BookSides, notional: number, mid: number): PriceImpact {
  const bestBid = sides.bids[0]?.price ?? Number.NaN;
  const bestAsk = sides.asks[0]?.price ?? Number.NaN;
  const buy = walkLevels(sides.asks, notional);
  const sell = walkLevels(sides.bids, notional);
  return {
    notional,
    buy: buy && {
      vwap: buy.vwap,
      baseQuantity: buy.baseQuantity,
      levels: buy.levels,
      slippageVsTouchBps: ((buy.vwap - bestAsk) / bestAsk) * 1e4,
      slippageVsMidBps: ((buy.vwap - mid) / mid) * 1e4,
    },
    sell: sell && {
      vwap: sell.vwap,
      baseQuantity: sell.baseQuantity,
      levels: sell.levels,
      slippageVsTouchBps: ((bestBid - sell.vwap) / bestBid) * 1e4,
      slippageVsMidBps: ((mid - sell.vwap) / mid) * 1e4,
    },
  };
}

/**
 * Round-trip cost in bps of mid: buying `notional` quote units at once on the asks, then selling for
 * `notional` quote units at once on the bids, `(buyVwap - sellVwap) / mid * 1e4` (the Xetra Liquidity
 * Measure's idea, with both legs sized in quote, so the sell gives up a little more base than the buy
 * got); equal to the buy's plus the sell's slippage vs mid.
 * Null when either side is too thin to fill `notional`.
 */
export function roundTripCostBps(sides: BookSides, notional: number, mid: number): number | null {
  const buy = walkLevels(sides.asks, notional);
  const sell = walkLevels(sides.bids, notional);
  if (buy === null || sell === null) return null;
  return ((buy.vwap - sell.vwap) / mid) * 1e4;
}
