import type { VenueOptionQuote } from '../../options/venue-option-quotes.js';
import type { SymbolState } from '../../simulated-market.js';
import { optionDecimal } from './bybit-option-contracts.js';
import type { BybitOptionTerms } from './bybit-option-contracts.js';
import type { BybitOptionTape } from './bybit-option-tape.js';

/** The Option tab's ticker fields, in its order (websocket/public/ticker.mdx; the recorded `bybit-option-tickers.ndjson` has the same 25). */
export const OPTION_TICKER_FIELDS = [
  'symbol',
  'bidPrice',
  'bidSize',
  'bidIv',
  'askPrice',
  'askSize',
  'askIv',
  'lastPrice',
  'highPrice24h',
  'lowPrice24h',
  'markPrice',
  'indexPrice',
  'markPriceIv',
  'underlyingPrice',
  'openInterest',
  'turnover24h',
  'volume24h',
  'totalVolume',
  'totalTurnover',
  'delta',
  'gamma',
  'vega',
  'theta',
  'predictedDeliveryPrice',
  'change24h',
] as const;
export type OptionTickerField = (typeof OPTION_TICKER_FIELDS)[number];
export type OptionTickerFields = Readonly<Record<OptionTickerField, string>>;

/** The same fields' names in `GET /v5/market/tickers` (market/tickers.mdx, Option tab), where they differ. */
export const OPTION_REST_TICKER_NAMES: Readonly<Partial<Record<OptionTickerField, string>>> = {
  bidPrice: 'bid1Price',
  bidSize: 'bid1Size',
  bidIv: 'bid1Iv',
  askPrice: 'ask1Price',
  askSize: 'ask1Size',
  askIv: 'ask1Iv',
  markPriceIv: 'markIv',
};

/** How long before delivery `predictedDeliveryPrice` has a value, ms ("It has value when 30 min before delivery"). */
const PREDICTED_DELIVERY_MS = 30 * 60_000;

/** A whole number, rounded up (`totalVolume` `"86"`, `totalTurnover` `"1437431"` as documented). */
const whole = (value: number): string => String(Math.max(0, Math.ceil(value - 1e-9)));

/** True within the half hour before the option's delivery, when Bybit predicts its delivery price. */
export function predictsDelivery(terms: BybitOptionTerms, now: number): boolean {
  return now >= terms.expiryTs - PREDICTED_DELIVERY_MS;
}

/**
 * An option's ticker as Bybit writes it, every value a string (as recorded and documented): prices at
 * the tick and sizes at the step without trailing zeros (`"3.11"`, `"51"`), an empty side `"0"` price,
 * size and IV (the documented `"bidPrice": "0", "bidSize": "0", "bidIv": "0"`), volatilities as fractions
 * at 4 decimals (`"0.6004"`), the mark price and the greeks at 8 (`"1.99054639"`, `"-0.06527514"`), in
 * USD: delta per coin, gamma per USD, vega per volatility point, theta per day (the recorded SOL
 * ticker's figures are Black-76's so), index and underlying at 2; last, high and low `"0"` before the
 * first trade; the day's volume in the coin and turnover at the index; totals whole; the predicted
 * delivery price the index in the last half hour, else `"0"`; `change24h` the last price's change since
 * the first trade, a fraction at 8 decimals.
 */
export function optionTickerFields(
  terms: BybitOptionTerms,
  quote: VenueOptionQuote,
  state: SymbolState,
  tape: BybitOptionTape,
  now: number,
): OptionTickerFields {
  const { priceDecimals: d, sizeDecimals: s } = terms.figures;
  const { mark } = quote;
  const traded = tape.traded(terms.symbol);
  const hasBid = quote.bid > 0;
  return {
    symbol: terms.symbol,
    bidPrice: hasBid ? optionDecimal(quote.bid, d) : '0',
    bidSize: hasBid ? optionDecimal(quote.bidSize, s) : '0',
    bidIv: hasBid ? optionDecimal(quote.bidIv ?? 0, 4) : '0',
    askPrice: optionDecimal(quote.ask, d),
    askSize: optionDecimal(quote.askSize, s),
    askIv: optionDecimal(quote.askIv ?? 0, 4),
    lastPrice: traded === undefined ? '0' : optionDecimal(state.last, d),
    highPrice24h: traded === undefined ? '0' : optionDecimal(traded.high, d),
    lowPrice24h: traded === undefined ? '0' : optionDecimal(traded.low, d),
    markPrice: optionDecimal(mark.value.price, 8),
    indexPrice: optionDecimal(mark.indexPrice, 2),
    markPriceIv: optionDecimal(mark.vol, 4),
    underlyingPrice: optionDecimal(mark.forward, 2),
    openInterest: optionDecimal(tape.openInterest(terms.symbol), s),
    turnover24h: optionDecimal(tape.turnover(terms.symbol), 4),
    volume24h: optionDecimal(traded?.volume ?? 0, s),
    totalVolume: whole(traded?.volume ?? 0),
    totalTurnover: whole(tape.turnover(terms.symbol)),
    delta: optionDecimal(mark.value.delta, 8),
    gamma: optionDecimal(mark.value.gamma, 8),
    vega: optionDecimal(mark.value.vega, 8),
    theta: optionDecimal(mark.value.theta, 8),
    predictedDeliveryPrice: predictsDelivery(terms, now) ? optionDecimal(mark.indexPrice, 2) : '0',
    change24h: traded === undefined ? '0' : optionDecimal((state.last - traded.first) / traded.first, 8),
  };
}

/** The ticker under the REST names (`bid1Price`, `markIv`, ...), in the same order. */
export function optionRestTicker(fields: OptionTickerFields): Readonly<Record<string, string>> {
  return Object.fromEntries(OPTION_TICKER_FIELDS.map((field) => [OPTION_REST_TICKER_NAMES[field] ?? field, fields[field]]));
}
