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
export const derivativeTickerMerge: SymbolReducer<DerivativeTickerValues> = derivativeTickerMergeWith({
  keep: (merged) => merged,
  send: (ticker) => ticker,
});

/**
 * How a venue reads the merged values in its own terms (a figure its source gives in another unit): what the
 * feed keeps after `ticker` was merged (`keep`, from the values merged), and the ticker it sends (`send`,
 * from `ticker` carrying every value merged, with what is kept).
 */
export interface DerivativeTickerReading {
  readonly keep: (merged: DerivativeTickerValues, ticker: DerivativeTicker) => DerivativeTickerValues;
  readonly send: (merged: DerivativeTicker, kept: DerivativeTickerValues) => DerivativeTicker;
}

/** `derivativeTickerMerge` with the venue's `reading` of each merge. */
export function derivativeTickerMergeWith(reading: DerivativeTickerReading): SymbolReducer<DerivativeTickerValues> {
  return {
    initial: () => ({}),
    reduce: (state, events) => {
      let known = state;
      const out: MarketEvent[] = [];
      for (const event of events) {
        if (event.type !== 'derivative_ticker') {
          out.push(event);
          continue;
        }
        const merged = { ...known, ...valuesOf(event) };
        known = reading.keep(merged, event);
        out.push(reading.send({ ...event, ...merged }, known));
      }
      return { state: known, events: out };
    },
  };
}

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
