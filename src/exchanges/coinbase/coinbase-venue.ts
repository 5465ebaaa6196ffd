import type { VenueDefinition } from '../venue-definition.js';
import { optionValue } from '../venue-option.js';
import { COINBASE_CAPS, COINBASE_CONNECTION_LIMITS } from './coinbase-limits.js';
import { readCoinbaseProducts } from './coinbase-listings.js';
import { COINBASE_BOOK_LEVELS_OPTION, COINBASE_OPTIONS } from './coinbase-options.js';
import { COINBASE_WS_URL, coinbaseProtocol, coinbaseProtocolWith } from './coinbase-protocol.js';
import { readCoinbaseQuoteVolumes } from './coinbase-quote-volumes.js';
import { fetchCoinbaseRecentTrades } from './coinbase-recent-trades.js';
import { COINBASE_REST_DIALECT } from './coinbase-rest-dialect.js';

/** Coinbase Advanced Trade REST. */
export const COINBASE_REST_URL = 'https://api.coinbase.com';

/** Every product, its state, increments and 24 h figures, in one page; public. */
export const COINBASE_PRODUCTS_PATH = '/api/v3/brokerage/market/products';

/**
 * Coinbase's public REST routes allow 10 requests a second per IP (ccxt `ts/src/coinbase.ts`: "10 req/s
 * for public data"; cryptofeed's `request_limit = 10`; Coinbase Exchange documents the same 10/s). Each
 * request weighs 1: 480 a minute (8 a second on average) and starts at least 125 ms apart (never more
 * than 8 in a second), which leaves a fifth of the budget to other clients on the same IP.
 */
export const COINBASE_REST_PACER_CONFIG = { weightPerMinute: 480, minIntervalMs: 125 } as const;

/**
 * Coinbase Advanced Trade, spot. Trade ids are decimal and ran consecutively per product in the recorded
 * session, but Coinbase does not document them as consecutive, so holes are named by time and repaired
 * from the product's latest 1000 trades.
 */
export const coinbaseVenue: VenueDefinition = {
  name: 'Coinbase',
  market: 'spot',
  ws: { url: COINBASE_WS_URL, description: 'Coinbase Advanced Trade market data WebSocket' },
  restDescription: 'Coinbase Advanced Trade REST API (product list, 24 h volumes, latest trades)',
  protocol: coinbaseProtocol,
  protocolWith: { of: ({ options }) => coinbaseProtocolWith({ maxLevels: optionValue(options, COINBASE_BOOK_LEVELS_OPTION) }) },
  ownOptions: { table: COINBASE_OPTIONS },
  connectionLimits: COINBASE_CONNECTION_LIMITS,
  caps: COINBASE_CAPS,
  catalog: {
    restUrl: COINBASE_REST_URL,
    dialect: COINBASE_REST_DIALECT,
    pacer: COINBASE_REST_PACER_CONFIG,
    listings: { path: COINBASE_PRODUCTS_PATH, weight: 1, read: readCoinbaseProducts },
    volumes: { path: COINBASE_PRODUCTS_PATH, weight: 1, read: (json) => readCoinbaseQuoteVolumes(json) },
  },
  tradeIds: { rule: 'by_time', ordered: true },
  tradeHistory: ({ restUrl, pacer, timeoutMs, scheduler, fetch }) => ({
    recent: (symbol) => fetchCoinbaseRecentTrades({ productId: symbol, restUrl, pacer, timeoutMs, scheduler, ...(fetch === undefined ? {} : { fetch }) }),
  }),
};
