import type { DerivativeTicker, DerivativeTickerValues } from '../../model/derivative-ticker.js';
import type { MarketEvent } from '../../model/index.js';
import { derivativeTickerMerge } from '../derivative-ticker-merge.js';
import type { SymbolReducer } from '../venue-protocol.js';

/** A swap's derivative figures as OKX last sent each on this feed. */
export type OkxSwapFigures = DerivativeTickerValues;

/**
 * OKX pushes a swap's figures on four channels, each knowing one part: `funding-rate` (the rate and the
 * next funding time), `mark-price`, `index-tickers` (the swap's index) and `open-interest`, merged per
 * symbol (`derivativeTickerMerge`); open interest keeps the time of the frame that sent it. A
 * `funding-rate` push without a rate that moves the next funding time makes the known rate unknown: that
 * rate was the one settled at the earlier time, never the next one's.
 */
export const okxSwapTickerReducer: SymbolReducer<OkxSwapFigures> = {
  initial: (symbol) => derivativeTickerMerge.initial(symbol),
  reduce: (state, events) => {
    let known = state;
    const out: MarketEvent[] = [];
    for (const event of events) {
      const step = derivativeTickerMerge.reduce(event.type === 'derivative_ticker' ? withoutStaleRate(known, event) : known, [event]);
      known = step.state;
      for (const e of step.events) out.push(e);
    }
    return { state: known, events: out };
  },
};

function withoutStaleRate(known: OkxSwapFigures, ticker: DerivativeTicker): OkxSwapFigures {
  if (ticker.fundingRate !== undefined || ticker.nextFundingTs === undefined || ticker.nextFundingTs === known.nextFundingTs) return known;
  if (known.fundingRate === undefined) return known;
  const rest: { -readonly [K in keyof OkxSwapFigures]: OkxSwapFigures[K] } = { ...known };
  delete rest.fundingRate;
  return rest;
}
