import { binanceAggTradesEndpoint } from '../binance/binance-agg-trades.js';
import type { BinanceDepthEndpointRule, BinanceRestEndpoint } from '../binance/binance-depth-rest.js';
import { binanceBadRequest } from '../binance/binance-trade-query.js';
import type { PerpetualMarket, PerpetualState } from '../../perpetual/perpetual-market.js';
import { roundedDecimal } from '../../scaled-decimal.js';
import type { SimListing } from '../../sim-listing.js';
import type { SimulatedBook } from '../../simulated-book.js';
import type { SimulatedMarket, SymbolState } from '../../simulated-market.js';
import type { HistoricalTrade } from '../../trade-history.js';
import { USDM_TRADE_ID_OFFSET, usdmLevel } from './usdm-frames.js';

/** The REST weight allowed per minute per IP (venues-and-derivatives.md §1.2: about 2,400; the documented `REQUEST_WEIGHT` limit). */
export const DEFAULT_BINANCE_USDM_WEIGHT_PER_MINUTE = 2400;

/** `GET /fapi/v1/depth` weight by the largest `limit` of each band (Order Book page: 5-50 -> 2, 100 -> 5, 500 -> 10, 1000 -> 20). */
export const USDM_DEPTH_WEIGHTS: readonly (readonly [maxLimit: number, weight: number])[] = [
  [50, 2],
  [100, 5],
  [500, 10],
  [1000, 20],
];

/** A Binance futures depth snapshot on `path` (`limit` up to 1000, default 500), its levels written by `level`, `{lastUpdateId, E, T, bids, asks}`. */
export function usdmDepthRule(path: string, level: (book: SimulatedBook, tick: number, lots: number) => [string, string]): BinanceDepthEndpointRule {
  return {
    path,
    defaultLimit: 500,
    maxLimit: 1000,
    level,
    body: (snapshot, now) => ({ lastUpdateId: snapshot.lastUpdateId, E: now, T: now, bids: snapshot.bids, asks: snapshot.asks }),
  };
}

/** `GET /fapi/v1/depth?symbol=&limit=`: `limit` up to 1000 (default 500), levels at the contract's precision, `{lastUpdateId, E, T, bids, asks}`. */
export const USDM_DEPTH: BinanceDepthEndpointRule = usdmDepthRule('/fapi/v1/depth', usdmLevel);

/** How a Binance futures venue writes its 24 h ticker where USD-M's and the others' differ (`usdmTicker24hrEndpoint`). */
export interface UsdmTicker24hrRule {
  readonly path: string;
  /** What follows `symbol` (COIN-M's `pair`; nothing on USD-M). */
  readonly pair: (symbol: string) => Readonly<Record<string, string>>;
  readonly weightedAvgPrice: (average: number, state: SymbolState) => string;
  readonly lastQty: (state: SymbolState, listing: SimListing) => string;
  /** The volumes after `lowPrice`, in the venue's order and units. */
  readonly volumes: (state: SymbolState, listing: SimListing) => Readonly<Record<string, string>>;
  /** Whether one symbol's ticker is answered in an array, as COIN-M answers. */
  readonly oneInArray: boolean;
}

/** USD-M's 24 h ticker: sizes at the contract's precision, the quote volume. */
const USDM_TICKER_24HR: UsdmTicker24hrRule = {
  path: '/fapi/v1/ticker/24hr',
  pair: () => ({}),
  weightedAvgPrice: (average, state) => average.toFixed(state.priceDecimals),
  lastQty: (state, listing) => state.lastQty.toFixed(listing.sizeDecimals),
  volumes: (state, listing) => ({ volume: state.volume.toFixed(listing.sizeDecimals), quoteVolume: state.turnover.toFixed(2) }),
  oneInArray: false,
};

/** `GET /fapi/v1/ticker/24hr` (weight 1 for a `symbol`, 40 without): the 24 h ticker of one contract or of all; another venue's with its `rule`. */
export function usdmTicker24hrEndpoint(market: SimulatedMarket, rule: UsdmTicker24hrRule = USDM_TICKER_24HR): BinanceRestEndpoint {
  const ticker = (symbol: string, now: number): Record<string, unknown> | undefined => {
    const state = market.state(symbol);
    const listing = market.listing(symbol);
    if (state === undefined || listing === undefined) return undefined;
    const d = state.priceDecimals;
    const none = state.tradeCount === 0;
    return {
      symbol,
      ...rule.pair(symbol),
      priceChange: (state.last - state.open).toFixed(d),
      priceChangePercent: (((state.last - state.open) / state.open) * 100).toFixed(3),
      weightedAvgPrice: rule.weightedAvgPrice(state.volume > 0 ? state.turnover / state.volume : state.last, state),
      lastPrice: state.last.toFixed(d),
      lastQty: rule.lastQty(state, listing),
      openPrice: state.open.toFixed(d),
      highPrice: state.high.toFixed(d),
      lowPrice: state.low.toFixed(d),
      ...rule.volumes(state, listing),
      openTime: now - 86_400_000,
      closeTime: now,
      firstId: none ? -1 : state.firstTradeId + USDM_TRADE_ID_OFFSET,
      lastId: none ? -1 : state.lastTradeId + USDM_TRADE_ID_OFFSET,
      count: state.tradeCount,
    };
  };
  return {
    path: rule.path,
    weight: (query) => (query.get('symbol') === null ? 40 : 1),
    answer: (query, now) => {
      const symbol = query.get('symbol');
      if (symbol === null) return { status: 200, body: market.listings().flatMap((l) => ticker(l.symbol, now) ?? []) };
      const one = ticker(symbol, now);
      return one === undefined ? binanceBadRequest(-1121, 'Invalid symbol.') : { status: 200, body: rule.oneInArray ? [one] : one };
    },
  };
}

/** A Binance futures venue's aggregate trades endpoint where it differs from USD-M's: its path, and how it writes `q`. */
export interface UsdmAggTradesRule {
  readonly path: string;
  readonly quantity: (trade: HistoricalTrade, symbol: string) => string;
}

/**
 * `GET /fapi/v1/aggTrades?symbol=&fromId=|startTime&endTime&limit=` (weight 20, `limit` up to 1000): `{a, p, q, f, l, T, m}` as the stream writes them;
 * another venue's by its `rule`.
 */
export function usdmAggTradesEndpoint(market: SimulatedMarket, rule?: UsdmAggTradesRule): BinanceRestEndpoint {
  const { path, quantity } = rule ?? {
    path: '/fapi/v1/aggTrades',
    quantity: (trade: HistoricalTrade, symbol: string) => roundedDecimal(trade.quantity, market.listing(symbol)?.sizeDecimals ?? 6),
  };
  return binanceAggTradesEndpoint(market, {
    path,
    weight: 20,
    entry: (trade, decimals, symbol) => ({
      a: trade.tradeId,
      p: roundedDecimal(trade.price, decimals),
      q: quantity(trade, symbol),
      f: trade.tradeId + USDM_TRADE_ID_OFFSET,
      l: trade.tradeId + USDM_TRADE_ID_OFFSET,
      T: trade.ts,
      m: trade.isBuyerMaker,
    }),
  });
}

/** A Binance futures venue's open-interest endpoint where it differs from USD-M's: its path, and its answer's body. */
export interface UsdmOpenInterestRule {
  readonly path: string;
  readonly body: (symbol: string, state: PerpetualState, now: number) => Record<string, unknown>;
}

/** USD-M's: the open interest at the contract's lot step. */
const USDM_OPEN_INTEREST: UsdmOpenInterestRule = {
  path: '/fapi/v1/openInterest',
  body: (symbol, state, now) => ({ openInterest: state.openInterest.toFixed(state.sizeDecimals), symbol, time: now }),
};

/**
 * `GET /fapi/v1/openInterest?symbol=` (weight 1): `{"openInterest":"10659.509","symbol":"BTCUSDT","time":1589437530011}`
 * (the Open Interest page), the contract's open interest now at its lot step. USD-M has no open
 * interest stream; clients poll this (venues-and-derivatives.md §0.5). Another venue's by its `rule`.
 */
export function usdmOpenInterestEndpoint(
  market: SimulatedMarket,
  perpetual: PerpetualMarket,
  rule: UsdmOpenInterestRule = USDM_OPEN_INTEREST,
): BinanceRestEndpoint {
  return {
    path: rule.path,
    weight: () => 1,
    answer: (query, now) => {
      const symbol = query.get('symbol');
      if (symbol === null || symbol === '') return binanceBadRequest(-1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
      const state = market.has(symbol) ? perpetual.state(symbol) : undefined;
      if (state === undefined) return binanceBadRequest(-1121, 'Invalid symbol.');
      return { status: 200, body: rule.body(symbol, state, now) };
    },
  };
}
