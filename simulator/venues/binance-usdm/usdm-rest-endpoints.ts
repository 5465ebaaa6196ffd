import { binanceAggTradesEndpoint } from '../binance/binance-agg-trades.js';
import type { BinanceDepthEndpointRule, BinanceRestEndpoint } from '../binance/binance-depth-rest.js';
import { binanceBadRequest } from '../binance/binance-trade-query.js';
import type { PerpetualMarket } from '../../perpetual/perpetual-market.js';
import { roundedDecimal } from '../../scaled-decimal.js';
import type { SimulatedMarket } from '../../simulated-market.js';
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

/** `GET /fapi/v1/depth?symbol=&limit=`: `limit` up to 1000 (default 500), levels at the contract's precision, `{lastUpdateId, E, T, bids, asks}`. */
export const USDM_DEPTH: BinanceDepthEndpointRule = {
  path: '/fapi/v1/depth',
  defaultLimit: 500,
  maxLimit: 1000,
  level: usdmLevel,
  body: (snapshot, now) => ({ lastUpdateId: snapshot.lastUpdateId, E: now, T: now, bids: snapshot.bids, asks: snapshot.asks }),
};

/** `GET /fapi/v1/ticker/24hr` (weight 1 for a `symbol`, 40 without): the 24 h ticker of one contract or of all. */
export function usdmTicker24hrEndpoint(market: SimulatedMarket): BinanceRestEndpoint {
  const ticker = (symbol: string, now: number): Record<string, unknown> | undefined => {
    const state = market.state(symbol);
    const listing = market.listing(symbol);
    if (state === undefined || listing === undefined) return undefined;
    const d = state.priceDecimals;
    const s = listing.sizeDecimals;
    const none = state.tradeCount === 0;
    return {
      symbol,
      priceChange: (state.last - state.open).toFixed(d),
      priceChangePercent: (((state.last - state.open) / state.open) * 100).toFixed(3),
      weightedAvgPrice: (state.volume > 0 ? state.turnover / state.volume : state.last).toFixed(d),
      lastPrice: state.last.toFixed(d),
      lastQty: state.lastQty.toFixed(s),
      openPrice: state.open.toFixed(d),
      highPrice: state.high.toFixed(d),
      lowPrice: state.low.toFixed(d),
      volume: state.volume.toFixed(s),
      quoteVolume: state.turnover.toFixed(2),
      openTime: now - 86_400_000,
      closeTime: now,
      firstId: none ? -1 : state.firstTradeId + USDM_TRADE_ID_OFFSET,
      lastId: none ? -1 : state.lastTradeId + USDM_TRADE_ID_OFFSET,
      count: state.tradeCount,
    };
  };
  return {
    path: '/fapi/v1/ticker/24hr',
    weight: (query) => (query.get('symbol') === null ? 40 : 1),
    answer: (query, now) => {
      const symbol = query.get('symbol');
      if (symbol === null) return { status: 200, body: market.listings().flatMap((l) => ticker(l.symbol, now) ?? []) };
      const one = ticker(symbol, now);
      return one === undefined ? binanceBadRequest(-1121, 'Invalid symbol.') : { status: 200, body: one };
    },
  };
}

/** `GET /fapi/v1/aggTrades?symbol=&fromId=|startTime&endTime&limit=` (weight 20, `limit` up to 1000): `{a, p, q, f, l, T, m}` as the stream writes them. */
export function usdmAggTradesEndpoint(market: SimulatedMarket): BinanceRestEndpoint {
  return binanceAggTradesEndpoint(market, {
    path: '/fapi/v1/aggTrades',
    weight: 20,
    entry: (trade, decimals, symbol) => ({
      a: trade.tradeId,
      p: roundedDecimal(trade.price, decimals),
      q: roundedDecimal(trade.quantity, market.listing(symbol)?.sizeDecimals ?? 6),
      f: trade.tradeId + USDM_TRADE_ID_OFFSET,
      l: trade.tradeId + USDM_TRADE_ID_OFFSET,
      T: trade.ts,
      m: trade.isBuyerMaker,
    }),
  });
}

/**
 * `GET /fapi/v1/openInterest?symbol=` (weight 1): `{"openInterest":"10659.509","symbol":"BTCUSDT","time":1589437530011}`
 * (the Open Interest page), the contract's open interest now at its lot step. USD-M has no open
 * interest stream; clients poll this (venues-and-derivatives.md §0.5).
 */
export function usdmOpenInterestEndpoint(market: SimulatedMarket, perpetual: PerpetualMarket): BinanceRestEndpoint {
  return {
    path: '/fapi/v1/openInterest',
    weight: () => 1,
    answer: (query, now) => {
      const symbol = query.get('symbol');
      if (symbol === null || symbol === '') return binanceBadRequest(-1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
      const state = market.has(symbol) ? perpetual.state(symbol) : undefined;
      if (state === undefined) return binanceBadRequest(-1121, 'Invalid symbol.');
      return { status: 200, body: { openInterest: state.openInterest.toFixed(state.sizeDecimals), symbol, time: now } };
    },
  };
}
