import type { VenueDefinition } from '../venue-definition.js';
import { BITGET_CAPS, BITGET_CONNECTION_LIMITS, BITGET_MAX_CONNECTIONS_PER_IP, BITGET_REST_PACER_CONFIG } from './bitget-limits.js';
import {
  BITGET_FUTURES_CONTRACTS_PATH,
  BITGET_FUTURES_TICKERS_PATH,
  BITGET_SPOT_SYMBOLS_PATH,
  BITGET_SPOT_TICKERS_PATH,
  readBitgetFuturesContracts,
  readBitgetQuoteVolumes,
  readBitgetSpotSymbols,
} from './bitget-listings.js';
import { BITGET_WS_URL, bitgetFuturesProtocol, bitgetProtocol } from './bitget-protocol.js';
import { bitgetTradeHistory } from './bitget-recent-trades.js';
import { BITGET_REST_DIALECT } from './bitget-rest.js';

/** Bitget's REST API (docs "API Domain"). */
export const BITGET_REST_URL = 'https://api.bitget.com';

/** One IP's connections to Bitget's public socket, both markets together (docs: "Max 100 connections/IP"); topics per IP are not counted by the venue. */
const PER_IP = { maxConnections: BITGET_MAX_CONNECTIONS_PER_IP, maxTopics: BITGET_MAX_CONNECTIONS_PER_IP * BITGET_CAPS.maxTopics } as const;

/**
 * Bitget spot, public WebSocket API v2. Trade ids rise with time but are not consecutive
 * (`1235671058980749319`), so holes are named by time across interruptions and filled from each symbol's
 * latest 1,000 trades (`GET /api/v2/spot/market/fills-history`). Bitget does not serve users in the US.
 */
export const bitgetVenue: VenueDefinition = {
  name: 'Bitget',
  market: 'spot',
  ws: { url: BITGET_WS_URL, description: 'Bitget public WebSocket, API v2' },
  restDescription: 'Bitget REST API (symbols, 24 h tickers, trade history)',
  protocol: bitgetProtocol,
  connectionLimits: BITGET_CONNECTION_LIMITS,
  caps: BITGET_CAPS,
  perIp: PER_IP,
  catalog: {
    restUrl: BITGET_REST_URL,
    dialect: BITGET_REST_DIALECT,
    pacer: BITGET_REST_PACER_CONFIG,
    listings: { path: BITGET_SPOT_SYMBOLS_PATH, weight: 1, read: readBitgetSpotSymbols },
    volumes: { path: BITGET_SPOT_TICKERS_PATH, weight: 1, read: readBitgetQuoteVolumes },
  },
  tradeIds: { rule: 'by_time', ordered: true },
  tradeHistory: (access) => bitgetTradeHistory(access, 'SPOT'),
};

/**
 * Bitget USDT-M perpetual futures (`BTCUSDT`, keyed `BTC-USDT-PERP`), a venue of its own beside spot on the
 * same socket host, REST and per-IP limits (`sharesLimitsOf`). Sizes are the base coin. Its public feed (v2)
 * has no liquidations: said once as `unserved`.
 */
export const bitgetFuturesVenue: VenueDefinition = {
  name: 'Bitget USDT-M',
  market: 'linear',
  ws: { url: BITGET_WS_URL, description: 'Bitget public WebSocket for USDT-M futures, API v2' },
  restDescription: 'Bitget REST API for USDT-M futures (contracts, 24 h tickers, trade history)',
  protocol: bitgetFuturesProtocol,
  connectionLimits: BITGET_CONNECTION_LIMITS,
  caps: BITGET_CAPS,
  perIp: PER_IP,
  sharesLimitsOf: 'bitget',
  catalog: {
    restUrl: BITGET_REST_URL,
    dialect: BITGET_REST_DIALECT,
    pacer: BITGET_REST_PACER_CONFIG,
    listings: { path: BITGET_FUTURES_CONTRACTS_PATH, weight: 1, read: readBitgetFuturesContracts },
    volumes: { path: BITGET_FUTURES_TICKERS_PATH, weight: 1, read: readBitgetQuoteVolumes },
  },
  unoffered: 'no liquidations (its public v2 socket has none)',
  tradeIds: { rule: 'by_time', ordered: true },
  tradeHistory: (access) => bitgetTradeHistory(access, 'USDT-FUTURES'),
};
