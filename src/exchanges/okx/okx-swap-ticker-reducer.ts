import type { DerivativeTickerValues } from '../../model/derivative-ticker.js';
import { derivativeTickerMerge } from '../derivative-ticker-merge.js';

/** A swap's derivative figures as OKX last sent each on this feed. */
export type OkxSwapFigures = DerivativeTickerValues;

/**
 * OKX pushes a swap's figures on four channels, each knowing one part: `funding-rate` (the rate and the
 * next funding time), `mark-price`, `index-tickers` (the swap's index) and `open-interest`, merged per
 * symbol (`derivativeTickerMerge`); open interest keeps the time of the frame that sent it.
 */
export const okxSwapTickerReducer = derivativeTickerMerge;
