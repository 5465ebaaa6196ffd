import type { DerivativeTickerValues } from '../../model/derivative-ticker.js';
import { derivativeTickerMerge } from '../derivative-ticker-merge.js';

/** The values of a perpetual's derivative tickers, each as the venue last gave it on this feed. */
export type DerivativeValues = DerivativeTickerValues;

/**
 * USD-M's derivative tickers come from two sources that know different things: `markPrice@1s` (mark,
 * index, funding) and the open-interest poll, merged per symbol (`derivativeTickerMerge`); each record
 * keeps its own times (a mark-price record keeps `E`, a poll's keeps its `time`).
 */
export const binanceUsdmTickerReducer = derivativeTickerMerge;
