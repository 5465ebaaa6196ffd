import { meanOf, pushSample } from './rolling-mean.js';
import type { RollingMean } from './rolling-mean.js';

/** When a trade counts as large. */
export interface TradeSizeRule {
  /** A trade is large at `multiple` times the mean quantity or more. */
  readonly multiple: number;
  /** Fewest previous trades the mean must rest on before any trade is called large. */
  readonly minSamples: number;
}

/** The verdict on one trade, and the history with the trade added. */
export interface TradeSizeVerdict {
  readonly history: RollingMean;
  readonly large: boolean;
  /** How many previous trades the mean rests on. */
  readonly samplesUsed: number;
  /** Mean quantity of the previous trades, absent before the first. */
  readonly meanQuantity?: number;
  /** quantity / meanQuantity, absent before the first trade. */
  readonly ratio?: number;
}

/** Judges a trade's quantity against the mean of the symbol's previous trades, then records it. */
export function judgeTradeSize(history: RollingMean, quantity: number, rule: TradeSizeRule): TradeSizeVerdict {
  const mean = meanOf(history);
  const next = pushSample(history, quantity);
  if (mean === undefined || mean <= 0) return { history: next, large: false, samplesUsed: history.count };
  const ratio = quantity / mean;
  const large = history.count >= rule.minSamples && ratio >= rule.multiple;
  return { history: next, large, samplesUsed: history.count, meanQuantity: mean, ratio };
}
