import type { DerivativeTicker, DerivativeTickerValues } from '../../model/derivative-ticker.js';
import { derivativeTickerMergeWith } from '../derivative-ticker-merge.js';
import type { SymbolReducer } from '../venue-protocol.js';

/**
 * COIN-M's derivative tickers merged per symbol as USD-M's are (`derivativeTickerMergeWith`: `markPrice@1s`
 * and the open-interest poll), with the open interest told in the coin: the poll gives its USD
 * (`openInterestValue`), and `openInterest` is that USD over the mark price known when the poll's answer
 * came (a Deribit ticker's `open_interest / mark_price`), or over the first mark after it when none was
 * known yet. A later mark does not change it: it stays the figure of the poll's time (`openInterestTs`).
 */
export const binanceCoinmTickerReducer: SymbolReducer<DerivativeTickerValues> = derivativeTickerMergeWith({ keep: inCoin, send: withCoinFigure });

/** The merged values with the open interest in the coin: new at a poll's answer (dropped until a mark is known), and at the first mark after it. */
function inCoin(values: DerivativeTickerValues, event: DerivativeTicker): DerivativeTickerValues {
  const { openInterestValue: usd, markPrice: mark } = values;
  const fresh = event.openInterestValue !== undefined || values.openInterest === undefined;
  if (!fresh) return values;
  const { openInterest: _stale, ...rest } = values;
  return usd !== undefined && mark !== undefined && mark > 0 ? { ...rest, openInterest: usd / mark } : rest;
}

function withCoinFigure(ticker: DerivativeTicker, values: DerivativeTickerValues): DerivativeTicker {
  const { openInterest: _merged, ...rest } = ticker;
  return values.openInterest === undefined ? rest : { ...rest, openInterest: values.openInterest };
}
