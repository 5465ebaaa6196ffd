import type { Building } from '../model/building.js';
import { DERIVATIVE_TICKER_VALUES, type DerivativeTicker, type DerivativeTickerValues } from '../model/derivative-ticker.js';
import type { MarketEvent } from '../model/index.js';
import type { SymbolReducer } from './venue-protocol.js';

/**
 * A perpetual's derivative tickers merged per symbol, for a venue whose sources each know a part (a mark
 * price stream and an open-interest poll; four channels): fresh for every feed subscription, each
 * `derivative_ticker` (holding only what its source sent) is merged into what the feed knows and goes
 * out carrying every value known so far, with its own provenance and times; other events pass
 * unchanged and in order.
 */
export const derivativeTickerMerge: SymbolReducer<DerivativeTickerValues> = {
  initial: () => ({}),
  reduce: (state, events) => {
    let known = state;
    const out: MarketEvent[] = [];
    for (const event of events) {
      if (event.type !== 'derivative_ticker') {
        out.push(event);
        continue;
      }
      known = { ...known, ...valuesOf(event) };
      out.push({ ...event, ...known });
    }
    return { state: known, events: out };
  },
};

/** The values `ticker` carries (absent fields left out, so they never erase a known value). */
function valuesOf(ticker: DerivativeTicker): DerivativeTickerValues {
  const values: Building<DerivativeTickerValues> = {};
  for (const field of DERIVATIVE_TICKER_VALUES) copyDefined(values, ticker, field);
  return values;
}

function copyDefined<K extends keyof DerivativeTickerValues>(to: Building<DerivativeTickerValues>, from: DerivativeTicker, key: K): void {
  const value = from[key];
  if (value !== undefined) to[key] = value;
}
