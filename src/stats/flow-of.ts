import type { Flow } from '../model/index.js';

/** Thresholds on the buy-volume ratio that separate the flow classes. */
export const FLOW_THRESHOLDS = {
  strongBuy: 0.7,
  buy: 0.55,
  sell: 0.45,
  strongSell: 0.3,
} as const;

/**
 * Classifies buy/sell flow by the buy-volume ratio: `STRONG_BUY` above 0.70, `BUY` above 0.55,
 * `SELL` below 0.45, `STRONG_SELL` below 0.30, `NEUTRAL` in between or without volume.
 */
export function flowOf(buyRatio: number | undefined): Flow {
  if (buyRatio === undefined) return 'NEUTRAL';
  if (buyRatio > FLOW_THRESHOLDS.strongBuy) return 'STRONG_BUY';
  if (buyRatio > FLOW_THRESHOLDS.buy) return 'BUY';
  if (buyRatio < FLOW_THRESHOLDS.strongSell) return 'STRONG_SELL';
  if (buyRatio < FLOW_THRESHOLDS.sell) return 'SELL';
  return 'NEUTRAL';
}
