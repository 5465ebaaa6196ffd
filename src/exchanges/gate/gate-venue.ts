import type { VenueDefinition } from '../venue-definition.js';
import { GATE_CAPS, GATE_CONNECTION_LIMITS, GATE_MAX_CONNECTIONS_PER_IP, GATE_REST_PACER_CONFIG } from './gate-limits.js';
import {
  GATE_FUTURES_CONTRACTS_PATH,
  GATE_FUTURES_TICKERS_PATH,
  GATE_SPOT_PAIRS_PATH,
  GATE_SPOT_TICKERS_PATH,
  readGateFuturesContracts,
  readGateQuoteVolumes,
  readGateSpotPairs,
  splitGateSymbol,
} from './gate-listings.js';
import { GATE_FUTURES_WS_URL, GATE_WS_URL, gateFuturesProtocol, gateProtocol } from './gate-protocol.js';
import { gateTradeHistory } from './gate-recent-trades.js';
import { GATE_REST_DIALECT } from './gate-rest.js';

/** Gate's REST API v4 (docs "API Overview": `https://api.gateio.ws/api/v4`), both markets. */
export const GATE_REST_URL = 'https://api.gateio.ws';

/** One IP's connections to Gate's sockets, both markets together (docs "Rate Limits": 300 per IP); topics per IP are not counted by the venue. */
const PER_IP = { maxConnections: GATE_MAX_CONNECTIONS_PER_IP, maxTopics: GATE_MAX_CONNECTIONS_PER_IP * GATE_CAPS.maxTopics } as const;

/**
 * Gate spot, WebSocket API v4. Trade ids run over every pair (docs: "All Market Trade ID"), so holes are
 * named by time across interruptions and filled from each pair's latest 1,000 trades. Gate's global
 * platform does not serve users in the US (Gate US is another company and API).
 */
export const gateVenue: VenueDefinition = {
  name: 'Gate',
  market: 'spot',
  ws: { url: GATE_WS_URL, description: 'Gate spot WebSocket, API v4' },
  restDescription: 'Gate REST API v4 (currency pairs, 24 h tickers, order book snapshots, trade history)',
  protocol: gateProtocol,
  connectionLimits: GATE_CONNECTION_LIMITS,
  caps: GATE_CAPS,
  perIp: PER_IP,
  catalog: {
    restUrl: GATE_REST_URL,
    dialect: GATE_REST_DIALECT,
    pacer: GATE_REST_PACER_CONFIG,
    listings: { path: GATE_SPOT_PAIRS_PATH, weight: 1, read: readGateSpotPairs },
    volumes: { path: GATE_SPOT_TICKERS_PATH, weight: 1, read: readGateQuoteVolumes },
  },
  splitUnlisted: splitGateSymbol,
  tradeIds: { rule: 'by_time', ordered: true },
  tradeHistory: (access) => gateTradeHistory(access, 'spot'),
};

/**
 * Gate USDT-settled perpetual futures (`BTC_USDT`, keyed `BTC-USDT-PERP`), a venue of its own beside spot:
 * another socket host, the same REST host and per-IP limits (`sharesLimitsOf`). Sizes are contracts,
 * published in the coin (times `quanto_multiplier`). Liquidations come from `futures.public_liquidates`,
 * subscribed for every contract (`!all`) on each socket, each socket publishing its own contracts'.
 */
export const gateFuturesVenue: VenueDefinition = {
  name: 'Gate USDT futures',
  market: 'linear',
  ws: { url: GATE_FUTURES_WS_URL, description: 'Gate USDT futures WebSocket, API v4' },
  restDescription: 'Gate REST API v4 for USDT futures (contracts, 24 h tickers, order book snapshots, trade history)',
  protocol: gateFuturesProtocol,
  connectionLimits: GATE_CONNECTION_LIMITS,
  caps: GATE_CAPS,
  perIp: PER_IP,
  sharesLimitsOf: 'gate',
  sizesInContracts: true,
  catalog: {
    restUrl: GATE_REST_URL,
    dialect: GATE_REST_DIALECT,
    pacer: GATE_REST_PACER_CONFIG,
    listings: { path: GATE_FUTURES_CONTRACTS_PATH, weight: 1, read: readGateFuturesContracts },
    volumes: { path: GATE_FUTURES_TICKERS_PATH, weight: 1, read: readGateQuoteVolumes },
  },
  splitUnlisted: splitGateSymbol,
  tradeIds: { rule: 'by_time', ordered: true },
  tradeHistory: (access) => gateTradeHistory(access, 'futures'),
};
