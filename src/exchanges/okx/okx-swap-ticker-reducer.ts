import type { Building } from '../../model/building.js';
import { DERIVATIVE_TICKER_VALUES, type DerivativeTicker, type DerivativeTickerValues } from '../../model/derivative-ticker.js';
import type { MarketEvent } from '../../model/index.js';
import type { SymbolReducer } from '../venue-protocol.js';

/** A swap's derivative figures as OKX last sent each on this feed. */
export type OkxSwapFigures = DerivativeTickerValues;

/**
 * OKX pushes a swap's figures on four channels, each knowing one part: `funding-rate` (the rate and the
 * next funding time), `mark-price`, `index-tickers` (the swap's index) and `open-interest`. Per symbol,
 * fresh for every feed subscription, each `derivative_ticker` the mapper made of one of them (holding
 * only what it sent) is merged into what the feed knows and goes out carrying every figure known so
 * far, with its own provenance and time (open interest keeps the time of the frame that sent it);
 * other events pass unchanged and in order.
 */
export const okxSwapTickerReducer: SymbolReducer<OkxSwapFigures> = {
  initial: () => ({}),
  reduce: (state, events) => {
    let known = state;
    const out: MarketEvent[] = [];
    for (const event of events) {
      if (event.type !== 'derivative_ticker') {
        out.push(event);
        continue;
      }
      known = { ...known, ...sentBy(event) };
      out.push({ ...event, ...known });
    }
    return { state: known, events: out };
  },
};

/** The figures one ticker carries (absent ones left out, so they never erase a known figure). */
function sentBy(ticker: DerivativeTicker): OkxSwapFigures {
  const sent: Building<OkxSwapFigures> = {};
  for (const key of DERIVATIVE_TICKER_VALUES) copy(sent, ticker, key);
  return sent;
}

function copy<K extends keyof OkxSwapFigures>(to: Building<OkxSwapFigures>, from: DerivativeTicker, key: K): void {
  const value = from[key];
  if (value !== undefined) to[key] = value;
}
