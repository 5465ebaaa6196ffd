import { DERIVATIVE_TICKER_VALUES, type DerivativeTicker, type DerivativeTickerValues } from '../../model/derivative-ticker.js';
import type { MarketEvent } from '../../model/index.js';
import type { Building } from '../../model/building.js';
import type { SymbolReducer } from '../venue-protocol.js';

/** The values of a perpetual's derivative tickers, each as the venue last gave it on this feed. */
export type DerivativeValues = DerivativeTickerValues;

/**
 * USD-M's derivative tickers come from two sources that know different things: `markPrice@1s` (mark,
 * index, funding) and the open-interest poll. Per symbol, fresh for every feed subscription, each
 * `derivative_ticker` is merged into what the feed knows, and goes out carrying every value known so
 * far, with its own provenance and times (a mark-price record keeps `E`, a poll's keeps its `time`);
 * other events pass unchanged and in order.
 */
export const binanceUsdmTickerReducer: SymbolReducer<DerivativeValues> = {
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
function valuesOf(ticker: DerivativeTicker): DerivativeValues {
  const values: Building<DerivativeValues> = {};
  for (const field of DERIVATIVE_TICKER_VALUES) copyDefined(values, ticker, field);
  return values;
}

function copyDefined<K extends keyof DerivativeValues>(to: Building<DerivativeValues>, from: DerivativeTicker, key: K): void {
  const value = from[key];
  if (value !== undefined) to[key] = value;
}
