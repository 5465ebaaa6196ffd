import type { DepthEvent } from '../binance/binance-depth-streams.js';
import type { Liquidation } from '../../perpetual/liquidation-pressure.js';
import type { PerpetualState } from '../../perpetual/perpetual-market.js';
import { paddedDecimal, roundedDecimal } from '../../scaled-decimal.js';
import type { SimulatedBook } from '../../simulated-book.js';
import type { SimulatedTrade, SymbolState } from '../../simulated-market.js';

/**
 * How far a USD-M trade id lies above its aggregate trade id: the recorded `aggTrade`s count
 * `a` and `f`/`l` apart (CTKUSDT `a` 16599292, `f` 23961322), so a client must not take one for the other.
 */
export const USDM_TRADE_ID_OFFSET = 7_362_030;

/** A decimal at the contract's precision, as USD-M writes prices and quantities (`"1.01100"`, `"10"`, `"0.014"`). */
const fixed = (value: number, decimals: number): string => (decimals === 0 ? value.toFixed(0) : roundedDecimal(value, decimals));

/**
 * How a Binance futures venue writes what USD-M writes at the contract's precision: a size, the pair after a
 * symbol (COIN-M's `ps`), a ticker's average price and volumes. USD-M's are `USDM_UNITS`.
 */
export interface UsdmUnits {
  /** `base` traded at `price` as the venue writes it (`sizeDecimals` the contract's lot step). */
  readonly size: (symbol: string, base: number, price: number, sizeDecimals: number) => string;
  /** What follows the symbol in a ticker, a mini ticker and a liquidation (none on USD-M). */
  readonly pair: (symbol: string) => Readonly<Record<string, string>>;
  /** A ticker's weighted average price `w`. */
  readonly averagePrice: (average: number, priceDecimals: number) => string;
  /** A ticker's and a mini ticker's volumes `v` and `q`. */
  readonly volumes: (state: SymbolState, sizeDecimals: number) => { readonly v: string; readonly q: string };
}

/** USD-M's: every figure at the contract's precision, the quote volume as `q`, no pair. */
export const USDM_UNITS: UsdmUnits = {
  size: (_symbol, base, _price, sizeDecimals) => fixed(base, sizeDecimals),
  pair: () => ({}),
  averagePrice: (average, priceDecimals) => fixed(average, priceDecimals),
  volumes: (state, sizeDecimals) => ({ v: fixed(state.volume, sizeDecimals), q: state.turnover.toFixed(2) }),
};

/** `aggTrade` (documented and recorded keys `e, E, a, s, p, q, f, l, T, m`; binance-usdm-aggTrade.ndjson): one trade per aggregate, `a` its id. */
export function usdmAggTrade(trade: SimulatedTrade, sizeDecimals: number, now: number, units: UsdmUnits = USDM_UNITS): Record<string, unknown> {
  const id = trade.tradeId + USDM_TRADE_ID_OFFSET;
  return {
    e: 'aggTrade',
    E: now,
    a: trade.tradeId,
    s: trade.symbol,
    p: fixed(trade.price, trade.priceDecimals),
    q: units.size(trade.symbol, trade.quantity, trade.price, sizeDecimals),
    f: id,
    l: id,
    T: trade.ts,
    m: trade.isBuyerMaker,
  };
}

/** `trade` (`e, E, T, s, t, p, q, X, m`; tardis-node's recorded USD-M trade): `t` the trade id, `X` `MARKET`. */
export function usdmTrade(trade: SimulatedTrade, sizeDecimals: number, now: number, units: UsdmUnits = USDM_UNITS): Record<string, unknown> {
  return {
    e: 'trade',
    E: now,
    T: trade.ts,
    s: trade.symbol,
    t: trade.tradeId + USDM_TRADE_ID_OFFSET,
    p: fixed(trade.price, trade.priceDecimals),
    q: units.size(trade.symbol, trade.quantity, trade.price, sizeDecimals),
    X: 'MARKET',
    m: trade.isBuyerMaker,
  };
}

/**
 * `markPriceUpdate` (Mark-Price-Stream page: `e, E, s, p, i, P, r, T`): the mark at the contract's
 * tick written with 8 decimals (`"11794.15000000"`), index and estimated settle price (the index,
 * for a perpetual) with 8 decimals, the funding rate with 8, the next
 * funding time.
 */
export function usdmMarkPrice(state: PerpetualState, now: number): Record<string, unknown> {
  const index = state.indexPrice.toFixed(8);
  return { ...usdmMark(state, now), i: index, P: index, r: state.fundingRate.toFixed(8), T: state.nextFundingTime };
}

/** A `markPriceUpdate`'s `e, E, s` and the mark `p`, at the contract's tick written with 8 decimals; the venue writes the rest in its order. */
export function usdmMark(state: PerpetualState, now: number): Record<string, unknown> {
  return { e: 'markPriceUpdate', E: now, s: state.symbol, p: paddedDecimal(state.markPrice.toFixed(state.priceDecimals), 8) };
}

/**
 * `forceOrder` (Liquidation-Order-Streams page: `e, E, o{s, S, o, f, q, p, ap, X, l, z, T}`): the
 * liquidation order, `S` `SELL` when longs were closed, a `LIMIT` `IOC` order `FILLED` at once.
 */
export function usdmForceOrder(liquidation: Liquidation, now: number, units: UsdmUnits = USDM_UNITS): Record<string, unknown> {
  const q = units.size(liquidation.symbol, liquidation.quantity, liquidation.price, liquidation.sizeDecimals);
  return {
    e: 'forceOrder',
    E: now,
    o: {
      s: liquidation.symbol,
      ...units.pair(liquidation.symbol),
      S: liquidation.position === 'long' ? 'SELL' : 'BUY',
      o: 'LIMIT',
      f: 'IOC',
      q,
      p: fixed(liquidation.price, liquidation.priceDecimals),
      ap: fixed(liquidation.averagePrice, liquidation.priceDecimals),
      X: 'FILLED',
      l: q,
      z: q,
      T: liquidation.ts,
    },
  };
}

/** `bookTicker` in the recorded USD-M key order `e, u, s, b, B, a, A, T, E` (crypto-msg-parser's 2023 fstream frame). */
export function usdmBookTicker(state: SymbolState, sizeDecimals: number, now: number): Record<string, unknown> {
  return { e: 'bookTicker', u: state.updateId, s: state.symbol, ...usdmBestQuote(state, sizeDecimals, USDM_UNITS), T: now, E: now };
}

/** A book ticker's best bid and ask (`b, B, a, A`), sizes written in `units`. */
export function usdmBestQuote(state: SymbolState, sizeDecimals: number, units: UsdmUnits): Record<string, string> {
  const d = state.priceDecimals;
  return {
    b: fixed(state.bid, d),
    B: units.size(state.symbol, state.bidSize, state.bid, sizeDecimals),
    a: fixed(state.ask, d),
    A: units.size(state.symbol, state.askSize, state.ask, sizeDecimals),
  };
}

const DAY_MS = 86_400_000;

/** `24hrTicker` (Individual Symbol Ticker Streams: `e, E, s, p, P, w, c, Q, o, h, l, v, q, O, C, F, L, n`). */
export function usdmTicker(state: SymbolState, sizeDecimals: number, now: number, units: UsdmUnits = USDM_UNITS): Record<string, unknown> {
  const d = state.priceDecimals;
  return {
    e: '24hrTicker',
    E: now,
    s: state.symbol,
    ...units.pair(state.symbol),
    p: fixed(state.last - state.open, d),
    P: (((state.last - state.open) / state.open) * 100).toFixed(3),
    w: units.averagePrice(state.volume > 0 ? state.turnover / state.volume : state.last, d),
    c: fixed(state.last, d),
    Q: units.size(state.symbol, state.lastQty, state.last, sizeDecimals),
    o: fixed(state.open, d),
    h: fixed(state.high, d),
    l: fixed(state.low, d),
    ...units.volumes(state, sizeDecimals),
    O: now - DAY_MS,
    C: now,
    F: state.firstTradeId + USDM_TRADE_ID_OFFSET,
    L: state.lastTradeId + USDM_TRADE_ID_OFFSET,
    n: state.tradeCount,
  };
}

/** `24hrMiniTicker` (`e, E, s, c, o, h, l, v, q`). */
export function usdmMiniTicker(state: SymbolState, sizeDecimals: number, now: number, units: UsdmUnits = USDM_UNITS): Record<string, unknown> {
  const d = state.priceDecimals;
  return {
    e: '24hrMiniTicker',
    E: now,
    s: state.symbol,
    ...units.pair(state.symbol),
    c: fixed(state.last, d),
    o: fixed(state.open, d),
    h: fixed(state.high, d),
    l: fixed(state.low, d),
    ...units.volumes(state, sizeDecimals),
  };
}

/** A USD-M level: price and quantity at the contract's precision, a deleted level's too (`["1543.93","0.000"]`, crypto-msg-parser's fstream frame). */
export function usdmLevel(book: SimulatedBook, tick: number, lots: number): [string, string] {
  return [book.price(tick), book.size(lots)];
}

/**
 * USD-M `depthUpdate` (Diff. Book Depth Streams: `e, E, T, s, U, u, pu, b, a`): `pu` the previous
 * event's `u`, so that a client in sync checks `pu` against the last `u` it applied.
 */
export function usdmDepthEvent(event: DepthEvent): Record<string, unknown> {
  return { e: 'depthUpdate', E: event.now, T: event.now, s: event.symbol, U: event.first, u: event.last, pu: event.previous, b: event.bids, a: event.asks };
}
