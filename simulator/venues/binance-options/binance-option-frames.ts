import type { VenueOptionQuote } from '../../options/venue-option-quotes.js';
import type { HistoricalTrade } from '../../trade-history.js';
import { binanceUnderlying, fixedDecimal, trimmedFixed, type BinanceOptionTerms } from './binance-option-contracts.js';
import type { OptionDayStats } from './binance-option-tape.js';

/** How long before expiry Binance estimates the settlement price (`P`: "only useful in the 0.5 hour before the settlement starts"), ms. */
const SETTLE_ESTIMATE_MS = 30 * 60_000;

/** The price limits around the mark, `hl` and `ll` (the docs' example: 924.652 and 616.435 around 770.543; the simulator's 20 % either side, the high a tick above at least). */
const LIMIT_BAND = 0.2;

/** An empty side's volatility, as recorded (`"b":"-1.0"`). */
const NO_IV = '-1.0';

/**
 * One `<symbol>@optionTrade` payload as recorded (`binance-options-optionTrade.ndjson`): `e, E, T, s, t,
 * p, q, X, S, m` in that order, `t` Binance's trade id (a number), `p` at the wire's decimals, `q` at
 * the quantity scale, `X` `MARKET` (no block trades here), `S` the taker's side, `m` true when the
 * seller took (the recorded `S` `SELL` with `m` true).
 */
export function optionTradePayload(terms: BinanceOptionTerms, trade: HistoricalTrade, tradeId: number, now: number): Record<string, unknown> {
  const { figures } = terms;
  return {
    e: 'trade',
    E: now,
    T: trade.ts,
    s: terms.symbol,
    t: tradeId,
    p: fixedDecimal(trade.price, figures.wireDecimals),
    q: fixedDecimal(trade.quantity, figures.quantityScale),
    X: 'MARKET',
    S: trade.isBuyerMaker ? 'SELL' : 'BUY',
    m: trade.isBuyerMaker,
  };
}

/**
 * One `<symbol>@optionTicker` payload: 24 h statistics only, as recorded (`binance-options-optionTicker.ndjson`,
 * `e, E, s, p, P, w, c, Q, o, h, l, v, q, O, C, F, L, n`): prices and the quote volume `q` at the wire's
 * decimals, `P` a percentage at 3, sizes at the quantity scale, `O` and `C` the window's first and last
 * trades' times, `F` and `L` their ids (the trade stream's `t`), `n` the trades.
 */
export function optionTickerPayload(terms: BinanceOptionTerms, day: OptionDayStats, now: number): Record<string, unknown> {
  const { wireDecimals: d, quantityScale: s } = terms.figures;
  return {
    e: '24hrTicker',
    E: now,
    s: terms.symbol,
    p: fixedDecimal(day.last - day.open, d),
    P: fixedDecimal(day.open > 0 ? ((day.last - day.open) / day.open) * 100 : 0, 3),
    w: fixedDecimal(day.volume > 0 ? day.amount / day.volume : day.last, d),
    c: fixedDecimal(day.last, d),
    Q: fixedDecimal(day.lastQty, s),
    o: fixedDecimal(day.open, d),
    h: fixedDecimal(day.high, d),
    l: fixedDecimal(day.low, d),
    v: fixedDecimal(day.volume, s),
    q: fixedDecimal(day.amount, d),
    O: day.openTime,
    C: day.closeTime,
    F: day.firstId,
    L: day.lastId,
    n: day.count,
  };
}

/** One `<symbol>@bookTicker` payload as recorded (`e, u, s, b, B, a, A, T, E`); a side without a quote at 0 (`"0.000"`, `"0.00"`). */
export function bookTickerPayload(terms: BinanceOptionTerms, quote: VenueOptionQuote, updateId: number, now: number): Record<string, unknown> {
  const { wireDecimals: d, quantityScale: s } = terms.figures;
  return {
    e: 'bookTicker',
    u: updateId,
    s: terms.symbol,
    b: fixedDecimal(quote.bid, d),
    B: fixedDecimal(quote.bidSize, s),
    a: fixedDecimal(quote.ask, d),
    A: fixedDecimal(quote.askSize, s),
    T: now,
    E: now,
  };
}

/**
 * One option's entry of `<underlying>@optionMarkPrice` with the recorded frame's keys in its order
 * (`s, mp, E, e, i, P, bo, ao, bq, aq, b, a, hl, ll, vo, rf, d, t, g, v`): per contract of `unit`
 * coins, in USDT; `mp`, `hl`, `ll` at the wire's decimals trimmed (`"770.543"`, `"1249.61"`), `i` the
 * index at 8, `P` the index in the half hour before expiry else 0, best bid and ask with sizes
 * (`"0.0000"`/`"0.00"` for an empty side), `b`, `a`, `vo` volatilities as fractions (`"-1.0"` for a
 * side without a quote), `rf` `"0.0"`, greeks at 8: delta, theta per day, gamma per USDT, vega per
 * volatility point (the docs' BTC example's figures are Black-76's so).
 */
export function markPriceEntry(terms: BinanceOptionTerms, quote: VenueOptionQuote, now: number): Record<string, unknown> {
  const { wireDecimals: d, quantityScale: s, unit } = terms.figures;
  const { mark } = quote;
  const mp = mark.value.price * unit;
  const iv = (value: number | undefined): string => (value === undefined ? NO_IV : trimmedFixed(value, 8));
  return {
    s: terms.symbol,
    mp: trimmedFixed(mp, d),
    E: now,
    e: 'markPrice',
    i: fixedDecimal(mark.indexPrice, 8),
    P: fixedDecimal(now >= terms.option.expiryTs - SETTLE_ESTIMATE_MS ? mark.indexPrice : 0, d),
    bo: fixedDecimal(quote.bid, d),
    ao: fixedDecimal(quote.ask, d),
    bq: fixedDecimal(quote.bidSize, s),
    aq: fixedDecimal(quote.askSize, s),
    b: iv(quote.bidIv),
    a: iv(quote.askIv),
    hl: trimmedFixed(Math.max(mp * (1 + LIMIT_BAND), mp + terms.figures.tick), d),
    ll: trimmedFixed(mp * (1 - LIMIT_BAND), d),
    vo: trimmedFixed(mark.vol, 8),
    rf: '0.0',
    d: fixedDecimal(mark.value.delta * unit, 8),
    t: fixedDecimal(mark.value.theta * unit, 8),
    g: fixedDecimal(mark.value.gamma * unit, 8),
    v: fixedDecimal(mark.value.vega * unit, 8),
  };
}

/** One underlying's index entry as the docs write it (`!index@arr`: `{"e":"indexPrice","E","s":"BTCUSDT","p":"99102.32326087"}`). */
export function indexPayload(coin: string, index: number, now: number): Record<string, unknown> {
  return { e: 'indexPrice', E: now, s: binanceUnderlying(coin), p: fixedDecimal(index, 8) };
}

/** One option's open interest entry (`{"e":"openInterest","E","s","o","h"}`): contracts at the quantity scale, and their value in USDT at the index. */
export function openInterestEntry(terms: BinanceOptionTerms, contracts: number, index: number, now: number): Record<string, unknown> {
  const { quantityScale, unit } = terms.figures;
  return { e: 'openInterest', E: now, s: terms.symbol, o: fixedDecimal(contracts, quantityScale), h: trimmedFixed(contracts * unit * index, 8) };
}
