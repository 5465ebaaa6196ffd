import type { BinanceDepthEndpointRule, BinanceRestEndpoint } from '../binance/binance-depth-rest.js';
import {
  usdmAggTradesEndpoint,
  usdmDepthRule,
  USDM_DEPTH_WEIGHTS,
  usdmOpenInterestEndpoint,
  usdmTicker24hrEndpoint,
} from '../binance-usdm/usdm-rest-endpoints.js';
import type { PerpetualMarket } from '../../perpetual/perpetual-market.js';
import type { SimulatedBook } from '../../simulated-book.js';
import type { SimulatedMarket } from '../../simulated-market.js';
import { contractsOf, isPerpetual, pairOf } from './coinm-contracts.js';

/** COIN-M's REST weight per minute per IP (the `REQUEST_WEIGHT` limit of `/dapi/v1/exchangeInfo`; crypto-rest-client "2400 request weight per minute"). */
export const DEFAULT_BINANCE_COINM_WEIGHT_PER_MINUTE = 2400;

/** `GET /dapi/v1/depth` weight by the largest `limit` of each band (COIN-M "Order Book": 5-50 -> 2, 100 -> 5, 500 -> 10, 1000 -> 20), as USD-M's. */
export const COINM_DEPTH_WEIGHTS = USDM_DEPTH_WEIGHTS;

/** `GET /dapi/v1/depth?symbol=&limit=`: `limit` up to 1000 (default 500), levels in contracts, `{lastUpdateId, E, T, bids, asks}`. */
export function coinmDepthRule(level: (book: SimulatedBook, tick: number, lots: number) => [string, string]): BinanceDepthEndpointRule {
  return usdmDepthRule('/dapi/v1/depth', level);
}

/**
 * `GET /dapi/v1/ticker/24hr` (weight 1 for a `symbol`, 40 without; an array either way, as COIN-M answers):
 * `volume` in contracts (the USD traded over the contract value), `baseVolume` in the coin, no USD figure.
 */
export function coinmTicker24hrEndpoint(market: SimulatedMarket, contractUsd: (symbol: string) => number): BinanceRestEndpoint {
  return usdmTicker24hrEndpoint(market, {
    path: '/dapi/v1/ticker/24hr',
    pair: (symbol) => ({ pair: pairOf(symbol) }),
    weightedAvgPrice: (average) => average.toFixed(8),
    lastQty: (state) => String(contractsOf(state.lastQty, state.last, contractUsd(state.symbol))),
    volumes: (state) => ({ volume: String(Math.round(state.turnover / contractUsd(state.symbol))), baseVolume: state.volume.toFixed(8) }),
    oneInArray: true,
  });
}

/** `GET /dapi/v1/aggTrades?symbol=&fromId=|startTime&endTime&limit=` (weight 20): `{a, p, q, f, l, T, m}`, `q` in contracts as the stream writes it. */
export function coinmAggTradesEndpoint(market: SimulatedMarket, contractUsd: (symbol: string) => number): BinanceRestEndpoint {
  return usdmAggTradesEndpoint(market, {
    path: '/dapi/v1/aggTrades',
    quantity: (trade, symbol) => String(contractsOf(trade.quantity, trade.price, contractUsd(symbol))),
  });
}

/**
 * `GET /dapi/v1/openInterest?symbol=` (weight 1): `{symbol, pair, openInterest, contractType, time}` (the COIN-M
 * "Open Interest" page), the open interest in contracts: its base quantity at the mark over the contract value.
 */
export function coinmOpenInterestEndpoint(market: SimulatedMarket, perpetual: PerpetualMarket, contractUsd: (symbol: string) => number): BinanceRestEndpoint {
  return usdmOpenInterestEndpoint(market, perpetual, {
    path: '/dapi/v1/openInterest',
    body: (symbol, state, now) => {
      const contracts = Math.round((state.openInterest * state.markPrice) / contractUsd(symbol));
      return { symbol, pair: pairOf(symbol), openInterest: String(contracts), contractType: isPerpetual(symbol) ? 'PERPETUAL' : 'CURRENT_QUARTER', time: now };
    },
  });
}
