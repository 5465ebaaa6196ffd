import type { VenueDefinition } from '../venue-definition.js';
import type { BybitBookDepth } from './bybit-book-plan.js';
import { BYBIT_LINEAR_CAPS, BYBIT_LINEAR_CONNECTION_LIMITS } from './bybit-linear-limits.js';
import { bybitLinearNextPage } from './bybit-linear-listings.js';
import { BYBIT_BOOK_DEPTH_OPTION, BYBIT_OPTIONS, bybitLimitsOf } from './bybit-options.js';
import { readBybitQuoteVolumes } from './bybit-quote-volumes.js';
import { fetchBybitRecentTrades } from './bybit-recent-trades.js';
import { BYBIT_REST_DIALECT } from './bybit-rest-dialect.js';
import { BYBIT_REST_PACER_CONFIG, BYBIT_REST_URL } from './bybit-venue.js';
import { optionValue } from '../venue-option.js';
import type { VenueProtocol } from '../venue-protocol.js';

/** What tells one of Bybit's v5 derivatives categories (`linear`, `inverse`) apart in its definition. */
export interface BybitDerivativesSpec extends Pick<VenueDefinition, 'name' | 'market' | 'ws' | 'restDescription' | 'protocol' | 'splitUnlisted'> {
  readonly category: 'linear' | 'inverse';
  /** Its protocol with the configured book depth. */
  readonly protocolWith: (options: { readonly bookDepth?: BybitBookDepth }) => VenueProtocol;
  /** Its paged instrument list: the first page's path and its reader. */
  readonly listings: Pick<VenueDefinition['catalog']['listings'], 'path' | 'read'>;
  /** The 24 h figure in the quote of `tickers` (`turnover24h` on linear, `volume24h` on inverse). */
  readonly quoteVolume: 'turnover24h' | 'volume24h';
}

/**
 * A Bybit v5 derivatives category as a venue of its own beside spot: its socket, list and 24 h
 * volumes, linear's connection limits (`wss-authentication.mdx`: 21,000 characters of args per
 * connection, "No args limit for Futures"), Bybit spot's options (book depth, topic characters,
 * connection attempts: the 500 connections per 5 min are counted per WebSocket domain, which all
 * share). Trade ids say nothing of order or count (linear's UUIDs), so holes are named by time and
 * repaired from `recent-trade` (its last 1,000 trades of the category, weight 1).
 *
 * REST: 600 requests per 5 s per IP (`docs/v5/rate-limit/rate-limit.mdx`) for every category together,
 * and a 403 holds the IP: with Bybit spot followed too, it waits on spot's REST pacer and connection
 * budget (`sharesLimitsOf`).
 */
export function bybitDerivativesVenue(spec: BybitDerivativesSpec): VenueDefinition {
  const { category } = spec;
  return {
    name: spec.name,
    market: spec.market,
    ws: spec.ws,
    restDescription: spec.restDescription,
    protocol: spec.protocol,
    protocolWith: { of: ({ options }) => spec.protocolWith({ bookDepth: optionValue(options, BYBIT_BOOK_DEPTH_OPTION) }) },
    ownOptions: { table: BYBIT_OPTIONS, limitsOf: bybitLimitsOf },
    connectionLimits: BYBIT_LINEAR_CONNECTION_LIMITS,
    caps: BYBIT_LINEAR_CAPS,
    sharesLimitsOf: 'bybit',
    catalog: {
      restUrl: BYBIT_REST_URL,
      dialect: BYBIT_REST_DIALECT,
      pacer: BYBIT_REST_PACER_CONFIG,
      listings: { ...spec.listings, next: bybitLinearNextPage, weight: 1 },
      volumes: { path: `/v5/market/tickers?category=${category}`, weight: 1, read: (json) => readBybitQuoteVolumes(json, spec.quoteVolume) },
    },
    ...(spec.splitUnlisted === undefined ? {} : { splitUnlisted: spec.splitUnlisted }),
    tradeIds: { rule: 'by_time', ordered: false },
    tradeHistory: ({ restUrl, pacer, timeoutMs, scheduler, fetch }) => ({
      recent: (symbol) => fetchBybitRecentTrades({ symbol, restUrl, pacer, timeoutMs, scheduler, category, ...(fetch === undefined ? {} : { fetch }) }),
    }),
  };
}
