/** Thresholds of the sniper strategy; every field has a default in {@link DEFAULT_SNIPER_CONFIG}. */
export interface SniperConfig {
  /** Entry: the price must have risen at least this much over the window, percent. Default 1. */
  readonly risePct: number;
  /** Entry: length of the rolling window of prices and trades, ms. Default 60 000. */
  readonly windowMs: number;
  /** Entry: buy (taker) volume / volume of the window's trades at least this, 0..1. Default 0.65. */
  readonly minBuyRatio: number;
  /** Entry: at least this many trades in the window. Default 5. */
  readonly minTrades: number;
  /** Exit when the paper P&L reaches +this percent. Default 1.5. */
  readonly takeProfitPct: number;
  /** Exit when the paper P&L reaches -this percent. Default 1. */
  readonly stopLossPct: number;
  /** Exit after holding this long, ms. Default 300 000. */
  readonly maxHoldingMs: number;
  /** No entries for this long after a failover or switch-back, ms. Default 60 000. */
  readonly failoverHoldMs: number;
  /** No new entry on a coin for this long after its last exit, so one move is traded once, ms. Default 60 000. */
  readonly reentryCooldownMs: number;
}

export const DEFAULT_SNIPER_CONFIG: SniperConfig = {
  risePct: 1,
  windowMs: 60_000,
  minBuyRatio: 0.65,
  minTrades: 5,
  takeProfitPct: 1.5,
  stopLossPct: 1,
  maxHoldingMs: 300_000,
  failoverHoldMs: 60_000,
  reentryCooldownMs: 60_000,
};
