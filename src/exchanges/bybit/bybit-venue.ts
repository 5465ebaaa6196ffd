import type { VenueDefinition } from '../venue-definition.js';
import { optionValue } from '../venue-option.js';
import { BYBIT_IP_BAN_MS } from './bybit-access-too-frequent-error.js';
import { readBybitInstrumentsInfo } from './bybit-listings.js';
import { BYBIT_BOOK_DEPTH_OPTION, BYBIT_OPTIONS, bybitLimitsOf } from './bybit-options.js';
import { BYBIT_CAPS, BYBIT_CONNECTION_LIMITS } from './bybit-limits.js';
import { BYBIT_SPOT_URL, bybitProtocol, bybitProtocolWith } from './bybit-protocol.js';
import { readBybitQuoteVolumes } from './bybit-quote-volumes.js';
import { fetchBybitRecentTrades } from './bybit-recent-trades.js';
import { BYBIT_REST_DIALECT } from './bybit-rest-dialect.js';

/** Bybit v5 REST, mainnet. */
export const BYBIT_REST_URL = 'https://api.bybit.com';

/**
 * Bybit: 600 requests per 5 s per IP (bybit-exchange/docs `docs/v5/rate-limit/rate-limit.mdx`). The
 * pacer counts per minute, so each request weighs 1 against 7,200 a minute, and starts at least
 * 10 ms apart, which alone keeps any 5 s below 500; a 403 bans for `BYBIT_IP_BAN_MS`.
 */
export const BYBIT_REST_PACER_CONFIG = { weightPerMinute: 7200, minIntervalMs: 10, banBackoffMs: BYBIT_IP_BAN_MS } as const;

/**
 * Bybit v5 spot. Trade ids (`execId`) say nothing of how many trades fell between two, so holes are
 * named by time, and repaired from `recent-trade` (its last 60 spot trades, weight 1).
 */
export const bybitVenue: VenueDefinition = {
  name: 'Bybit',
  market: 'spot',
  ws: { url: BYBIT_SPOT_URL, description: 'Bybit v5 public spot WebSocket' },
  restDescription: 'Bybit v5 REST API (instrument list, 24 h tickers)',
  protocol: bybitProtocol,
  protocolWith: { of: ({ options }) => bybitProtocolWith({ bookDepth: optionValue(options, BYBIT_BOOK_DEPTH_OPTION) }) },
  ownOptions: { table: BYBIT_OPTIONS, limitsOf: bybitLimitsOf },
  connectionLimits: BYBIT_CONNECTION_LIMITS,
  caps: BYBIT_CAPS,
  catalog: {
    restUrl: BYBIT_REST_URL,
    dialect: BYBIT_REST_DIALECT,
    pacer: BYBIT_REST_PACER_CONFIG,
    listings: { path: '/v5/market/instruments-info?category=spot', weight: 1, read: readBybitInstrumentsInfo },
    volumes: { path: '/v5/market/tickers?category=spot', weight: 1, read: (json) => readBybitQuoteVolumes(json) },
  },
  tradeIds: { rule: 'by_time', ordered: true },
  tradeHistory: ({ restUrl, pacer, timeoutMs, scheduler, fetch }) => ({
    recent: (symbol) => fetchBybitRecentTrades({ symbol, restUrl, pacer, timeoutMs, scheduler, ...(fetch === undefined ? {} : { fetch }) }),
  }),
};
