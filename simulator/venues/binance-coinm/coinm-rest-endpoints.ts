import { binanceAggTradesEndpoint } from '../binance/binance-agg-trades.js';
import type { BinanceDepthEndpointRule, BinanceRestEndpoint } from '../binance/binance-depth-rest.js';
import { binanceBadRequest } from '../binance/binance-trade-query.js';
import { USDM_TRADE_ID_OFFSET } from '../binance-usdm/usdm-frames.js';
import type { PerpetualMarket } from '../../perpetual/perpetual-market.js';
import { roundedDecimal } from '../../scaled-decimal.js';
import type { SimulatedBook } from '../../simulated-book.js';
import type { SimulatedMarket } from '../../simulated-market.js';
import { contractsOf, isPerpetual, pairOf } from './coinm-contracts.js';

/** COIN-M's REST weight per minute per IP (the `REQUEST_WEIGHT` limit of `/dapi/v1/exchangeInfo`; crypto-rest-client "2400 request weight per minute"). */
export const DEFAULT_BINANCE_COINM_WEIGHT_PER_MINUTE = 2400;

/** `GET /dapi/v1/depth` weight by the largest `limit` of each band (COIN-M "Order Book": 5-50 -> 2, 100 -> 5, 500 -> 10, 1000 -> 20). */
export const COINM_DEPTH_WEIGHTS: readonly (readonly [maxLimit: number, weight: number])[] = [
  [50, 2],
  [100, 5],
  [500, 10],
  [1000, 20],
];

/** `GET /dapi/v1/depth?symbol=&limit=`: `limit` up to 1000 (default 500), levels in contracts, `{lastUpdateId, E, T, bids, asks}`. */
export function coinmDepthRule(level: (book: SimulatedBook, tick: number, lots: number) => [string, string]): BinanceDepthEndpointRule {
  return {
    path: '/dapi/v1/depth',
    defaultLimit: 500,
    maxLimit: 1000,
    level,
    body: (snapshot, now) => ({ lastUpdateId: snapshot.lastUpdateId, E: now, T: now, bids: snapshot.bids, asks: snapshot.asks }),
  };
}

/**
 * `GET /dapi/v1/ticker/24hr` (weight 1 for a `symbol`, 40 without; an array either way, as COIN-M answers):
 * `volume` in contracts (the USD traded over the contract value), `baseVolume` in the coin, no USD figure.
 */
export function coinmTicker24hrEndpoint(market: SimulatedMarket, contractUsd: (symbol: string) => number): BinanceRestEndpoint {
  const ticker = (symbol: string, now: number): Record<string, unknown> | undefined => {
    const state = market.state(symbol);
    if (state === undefined) return undefined;
    const d = state.priceDecimals;
    const none = state.tradeCount === 0;
    return {
      symbol,
      pair: pairOf(symbol),
      priceChange: (state.last - state.open).toFixed(d),
      priceChangePercent: (((state.last - state.open) / state.open) * 100).toFixed(3),
      weightedAvgPrice: (state.volume > 0 ? state.turnover / state.volume : state.last).toFixed(8),
      lastPrice: state.last.toFixed(d),
      lastQty: String(contractsOf(state.lastQty, state.last, contractUsd(symbol))),
      openPrice: state.open.toFixed(d),
      highPrice: state.high.toFixed(d),
      lowPrice: state.low.toFixed(d),
      volume: String(Math.round(state.turnover / contractUsd(symbol))),
      baseVolume: state.volume.toFixed(8),
      openTime: now - 86_400_000,
      closeTime: now,
      firstId: none ? -1 : state.firstTradeId + USDM_TRADE_ID_OFFSET,
      lastId: none ? -1 : state.lastTradeId + USDM_TRADE_ID_OFFSET,
      count: state.tradeCount,
    };
  };
  return {
    path: '/dapi/v1/ticker/24hr',
    weight: (query) => (query.get('symbol') === null ? 40 : 1),
    answer: (query, now) => {
      const symbol = query.get('symbol');
      if (symbol === null) return { status: 200, body: market.listings().flatMap((l) => ticker(l.symbol, now) ?? []) };
      const one = ticker(symbol, now);
      return one === undefined ? binanceBadRequest(-1121, 'Invalid symbol.') : { status: 200, body: [one] };
    },
  };
}

/** `GET /dapi/v1/aggTrades?symbol=&fromId=|startTime&endTime&limit=` (weight 20): `{a, p, q, f, l, T, m}`, `q` in contracts as the stream writes it. */
export function coinmAggTradesEndpoint(market: SimulatedMarket, contractUsd: (symbol: string) => number): BinanceRestEndpoint {
  return binanceAggTradesEndpoint(market, {
    path: '/dapi/v1/aggTrades',
    weight: 20,
    entry: (trade, decimals, symbol) => ({
      a: trade.tradeId,
      p: roundedDecimal(trade.price, decimals),
      q: String(contractsOf(trade.quantity, trade.price, contractUsd(symbol))),
      f: trade.tradeId + USDM_TRADE_ID_OFFSET,
      l: trade.tradeId + USDM_TRADE_ID_OFFSET,
      T: trade.ts,
      m: trade.isBuyerMaker,
    }),
  });
}

/**
 * `GET /dapi/v1/openInterest?symbol=` (weight 1): `{symbol, pair, openInterest, contractType, time}` (the COIN-M
 * "Open Interest" page), the open interest in contracts: its base quantity at the mark over the contract value.
 */
export function coinmOpenInterestEndpoint(market: SimulatedMarket, perpetual: PerpetualMarket, contractUsd: (symbol: string) => number): BinanceRestEndpoint {
  return {
    path: '/dapi/v1/openInterest',
    weight: () => 1,
    answer: (query, now) => {
      const symbol = query.get('symbol');
      if (symbol === null || symbol === '') return binanceBadRequest(-1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
      const state = market.has(symbol) ? perpetual.state(symbol) : undefined;
      if (state === undefined) return binanceBadRequest(-1121, 'Invalid symbol.');
      const contracts = Math.round((state.openInterest * state.markPrice) / contractUsd(symbol));
      return {
        status: 200,
        body: { symbol, pair: pairOf(symbol), openInterest: String(contracts), contractType: isPerpetual(symbol) ? 'PERPETUAL' : 'CURRENT_QUARTER', time: now },
      };
    },
  };
}
