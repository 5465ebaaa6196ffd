import type { MarketRecordBase } from './market-record.js';

/** Resting size within a band around the mid, per side (see `src/stats/book-depth.ts`). */
export interface BookDepthBand {
  /** Half-width of the band, percent of mid. */
  readonly withinPct: number;
  readonly bidBase: number;
  readonly bidQuote: number;
  readonly askBase: number;
  readonly askQuote: number;
}

/** A market order of a quote notional walked through one side of the book. */
export interface BookOrderFill {
  readonly vwap: number;
  readonly baseQuantity: number;
  readonly levels: number;
  readonly slippageVsTouchBps: number;
  readonly slippageVsMidBps: number;
}

/** Price impact of a market buy and sell of one notional; a side is null when the book is too thin. */
export interface BookPriceImpact {
  /** Quote units. */
  readonly notional: number;
  readonly buy: BookOrderFill | null;
  readonly sell: BookOrderFill | null;
}

/** Order-book figures of one symbol, taken once per interval from the live book (`src/stats/book-analytics.ts`). */
export interface BookStats extends MarketRecordBase {
  readonly type: 'book_stats';
  /** The interval the figures are taken at, ms. */
  readonly windowMs: number;
  readonly bestBid: number;
  readonly bestBidSize: number;
  readonly bestAsk: number;
  readonly bestAskSize: number;
  readonly spread: number;
  readonly spreadBps: number;
  readonly mid: number;
  /** `(bestBid * askSize + bestAsk * bidSize) / (bidSize + askSize)`; not Stoikov's micro-price. */
  readonly sizeWeightedMid: number;
  /** `(Vb - Va) / (Vb + Va)` over the best `imbalanceLevels` levels per side. */
  readonly imbalance: number;
  readonly imbalanceLevels: number;
  /** Levels per side the figures saw: the fewer of the book's bid and ask levels. */
  readonly depthLevels: number;
  readonly depthBands: readonly BookDepthBand[];
  readonly impacts: readonly BookPriceImpact[];
  /** Quote units of the round trip. */
  readonly roundTripNotional: number;
  /** Buy then sell `roundTripNotional` at once: `(buyVwap - sellVwap) / mid * 1e4`; absent when a side is too thin. */
  readonly roundTripCostBps?: number;
  /** The venue's update id of the book the figures were taken from. */
  readonly updateId: number;
}
