/** A scripted move of a symbol's price: `pct` percent over `durationMs`, with `buyRatio` of trades buyer-initiated. */
export interface PriceMove {
  readonly pct: number;
  readonly durationMs: number;
  /** Share of the move's trades whose aggressor is the buyer, 0..1. */
  readonly buyRatio: number;
}

/** A move under way: where it started and when. */
export interface ActiveMove extends PriceMove {
  readonly startPrice: number;
  readonly startTs: number;
}

/** The price and aggressor of a trade at `ts` during a move; `undefined` once the move is over. */
export function movedTrade(move: ActiveMove, ts: number, random: () => number): { readonly price: number; readonly isBuyerMaker: boolean } | undefined {
  const elapsed = ts - move.startTs;
  if (elapsed > move.durationMs) return undefined;
  const progress = move.durationMs <= 0 ? 1 : Math.max(0, elapsed) / move.durationMs;
  return { price: move.startPrice * (1 + (move.pct / 100) * progress), isBuyerMaker: random() >= move.buyRatio };
}
