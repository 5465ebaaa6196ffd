import type { VenueDefinition } from '../venue-definition.js';
import { optionValue } from '../venue-option.js';
import { BYBIT_INVERSE_INSTRUMENTS_PATH, readBybitInverseInstrumentsInfo, splitBybitInverseSymbol } from './bybit-inverse-listings.js';
import { BYBIT_INVERSE_URL, bybitInverseProtocol, bybitInverseProtocolWith } from './bybit-inverse-protocol.js';
import { BYBIT_LINEAR_CAPS, BYBIT_LINEAR_CONNECTION_LIMITS } from './bybit-linear-limits.js';
import { bybitLinearNextPage } from './bybit-linear-listings.js';
import { BYBIT_BOOK_DEPTH_OPTION, BYBIT_OPTIONS, bybitLimitsOf } from './bybit-options.js';
import { readBybitQuoteVolumes } from './bybit-quote-volumes.js';
import { fetchBybitRecentTrades } from './bybit-recent-trades.js';
import { BYBIT_REST_DIALECT } from './bybit-rest-dialect.js';
import { BYBIT_REST_PACER_CONFIG, BYBIT_REST_URL } from './bybit-venue.js';

export { BYBIT_INVERSE_URL } from './bybit-inverse-protocol.js';

/**
 * Bybit v5 inverse: coin-margined perpetuals (`BTCUSD` keyed `BTC-USD-INV-PERP`) and dated futures
 * (`BTCUSDZ26` keyed `BTC-USD-INV-20261226` by its listing's `deliveryTime`), sized in USD on the wire
 * and in the base asset in every record, as Deribit's. A venue of its own beside spot and linear: its own
 * socket (`/v5/public/inverse`) and list, linear's protocol and limits (`wss-authentication.mdx`: 21,000
 * characters of args per connection, "No args limit for Futures"; 500 connections per 5 min per WebSocket
 * domain), Bybit spot's options (book depth, topic characters, connection attempts). Bybit counts its 1,000
 * market-data connections per IP apart for inverse (venues-and-derivatives.md §1.1); the 500 per 5 min of
 * the domain and the REST budget it shares with spot and linear. Trade ids say nothing of order (as
 * linear's), so holes are named by time and repaired from `recent-trade` (its last 1,000 inverse trades).
 *
 * REST: 600 requests per 5 s per IP (`docs/v5/rate-limit/rate-limit.mdx`) for every category together,
 * and a 403 holds the IP: with Bybit spot followed too, it waits on spot's REST pacer and connection
 * budget (`sharesLimitsOf`), as Bybit linear does.
 */
export const bybitInverseVenue: VenueDefinition = {
  name: 'Bybit inverse',
  market: 'inverse',
  ws: { url: BYBIT_INVERSE_URL, description: 'Bybit v5 public inverse (coin-margined perpetuals and futures) WebSocket' },
  restDescription: 'Bybit v5 REST API (inverse instrument list, 24 h tickers, recent trades)',
  protocol: bybitInverseProtocol,
  protocolWith: { of: ({ options }) => bybitInverseProtocolWith({ bookDepth: optionValue(options, BYBIT_BOOK_DEPTH_OPTION) }) },
  ownOptions: { table: BYBIT_OPTIONS, limitsOf: bybitLimitsOf },
  connectionLimits: BYBIT_LINEAR_CONNECTION_LIMITS,
  caps: BYBIT_LINEAR_CAPS,
  sharesLimitsOf: 'bybit',
  catalog: {
    restUrl: BYBIT_REST_URL,
    dialect: BYBIT_REST_DIALECT,
    pacer: BYBIT_REST_PACER_CONFIG,
    listings: { path: BYBIT_INVERSE_INSTRUMENTS_PATH, next: bybitLinearNextPage, weight: 1, read: readBybitInverseInstrumentsInfo },
    volumes: { path: '/v5/market/tickers?category=inverse', weight: 1, read: (json) => readBybitQuoteVolumes(json, 'volume24h') },
  },
  splitUnlisted: splitBybitInverseSymbol,
  tradeIds: { rule: 'by_time', ordered: false },
  tradeHistory: ({ restUrl, pacer, timeoutMs, scheduler, fetch }) => ({
    recent: (symbol) =>
      fetchBybitRecentTrades({ symbol, restUrl, pacer, timeoutMs, scheduler, category: 'inverse', ...(fetch === undefined ? {} : { fetch }) }),
  }),
};
