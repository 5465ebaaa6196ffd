import type { VenueDefinition } from '../venue-definition.js';
import { optionValue } from '../venue-option.js';
import { BYBIT_LINEAR_CAPS, BYBIT_LINEAR_CONNECTION_LIMITS } from './bybit-linear-limits.js';
import { BYBIT_LINEAR_INSTRUMENTS_PATH, bybitLinearNextPage, readBybitLinearInstrumentsInfo, splitBybitLinearSymbol } from './bybit-linear-listings.js';
import { BYBIT_LINEAR_URL, bybitLinearProtocol, bybitLinearProtocolWith } from './bybit-linear-protocol.js';
import { BYBIT_BOOK_DEPTH_OPTION, BYBIT_OPTIONS, bybitLimitsOf } from './bybit-options.js';
import { readBybitQuoteVolumes } from './bybit-quote-volumes.js';
import { fetchBybitRecentTrades } from './bybit-recent-trades.js';
import { BYBIT_REST_DIALECT } from './bybit-rest-dialect.js';
import { BYBIT_REST_PACER_CONFIG, BYBIT_REST_URL } from './bybit-venue.js';

export { BYBIT_LINEAR_URL } from './bybit-linear-protocol.js';

/**
 * Bybit v5 linear perpetuals (USDT and USDC margined), a venue of its own beside spot: its own socket
 * (`/v5/public/linear`), list and limits, Bybit spot's options (book depth, topic characters, connection
 * attempts: the 500 connections per 5 min are counted per WebSocket domain, which both share). Trade ids
 * are UUIDs, which say nothing of order or count, so holes are named by time and repaired from
 * `recent-trade` (its last 1,000 linear trades, weight 1).
 *
 * REST: 600 requests per 5 s per IP (`docs/v5/rate-limit/rate-limit.mdx`) for every category together,
 * and a 403 holds the IP: with Bybit spot followed too, both wait on spot's REST pacer and connection
 * budget (`sharesLimitsOf`).
 */
export const bybitLinearVenue: VenueDefinition = {
  name: 'Bybit linear',
  market: 'linear',
  ws: { url: BYBIT_LINEAR_URL, description: 'Bybit v5 public linear (perpetuals) WebSocket' },
  restDescription: 'Bybit v5 REST API (linear instrument list, 24 h tickers, recent trades)',
  protocol: bybitLinearProtocol,
  protocolWith: { of: ({ options }) => bybitLinearProtocolWith({ bookDepth: optionValue(options, BYBIT_BOOK_DEPTH_OPTION) }) },
  ownOptions: { table: BYBIT_OPTIONS, limitsOf: bybitLimitsOf },
  connectionLimits: BYBIT_LINEAR_CONNECTION_LIMITS,
  caps: BYBIT_LINEAR_CAPS,
  sharesLimitsOf: 'bybit',
  catalog: {
    restUrl: BYBIT_REST_URL,
    dialect: BYBIT_REST_DIALECT,
    pacer: BYBIT_REST_PACER_CONFIG,
    listings: { path: BYBIT_LINEAR_INSTRUMENTS_PATH, next: bybitLinearNextPage, weight: 1, read: readBybitLinearInstrumentsInfo },
    volumes: { path: '/v5/market/tickers?category=linear', weight: 1, read: (json) => readBybitQuoteVolumes(json) },
  },
  splitUnlisted: splitBybitLinearSymbol,
  tradeIds: { rule: 'by_time', ordered: false },
  tradeHistory: ({ restUrl, pacer, timeoutMs, scheduler, fetch }) => ({
    recent: (symbol) => fetchBybitRecentTrades({ symbol, restUrl, pacer, timeoutMs, scheduler, category: 'linear', ...(fetch === undefined ? {} : { fetch }) }),
  }),
};
