import type { VenueDefinition } from '../venue-definition.js';
import { optionValue } from '../venue-option.js';
import { KRAKEN_CAPS, KRAKEN_CONNECTION_LIMITS } from './kraken-limits.js';
import { readKrakenAssetPairs, readKrakenPairs } from './kraken-listings.js';
import { KRAKEN_BOOK_DEPTH_OPTION, KRAKEN_OPTIONS } from './kraken-options.js';
import { KRAKEN_WS_URL, krakenProtocol, krakenProtocolWith } from './kraken-protocol.js';
import { readKrakenTickerVolumes } from './kraken-quote-volumes.js';
import { KRAKEN_REST_DIALECT } from './kraken-rest-dialect.js';
import { krakenTradeHistory } from './kraken-trade-history.js';

/** Kraken spot REST. */
export const KRAKEN_REST_URL = 'https://api.kraken.com';

/**
 * Kraken public REST: "Calling the public endpoints at a frequency of 1 per second (or less) would
 * remain within the rate limits … additional calls would be restricted for a few seconds (or possibly
 * longer if calls continue)" (support.kraken.com "What are the API rate limits?"; per IP, and per pair
 * for `Trades`); ccxt paces every public call 1000 ms apart. So one request a second (weight 1 each,
 * 60 a minute), and a first wait of 5 s after a refusal, doubling.
 */
export const KRAKEN_REST_PACER_CONFIG = { weightPerMinute: 60, minIntervalMs: 1000, backoffInitialMs: 5000 } as const;

/**
 * Kraken spot, WebSocket v2. Trade ids are "a sequence number, unique per book" (v2 trade channel;
 * "Trade ID: Sequential int" in its v1/v2 comparison), so holes are found by id; the REST history pages
 * by time only, so repair finds ids by time (`krakenTradeHistory`).
 */
export const krakenVenue: VenueDefinition = {
  name: 'Kraken',
  market: 'spot',
  ws: { url: KRAKEN_WS_URL, description: 'Kraken spot WebSocket v2 (public)' },
  restDescription: 'Kraken spot REST API (asset pairs, tickers, trade history)',
  protocol: krakenProtocol,
  protocolWith: { of: ({ options }) => krakenProtocolWith({ bookDepth: optionValue(options, KRAKEN_BOOK_DEPTH_OPTION) }) },
  ownOptions: { table: KRAKEN_OPTIONS },
  connectionLimits: KRAKEN_CONNECTION_LIMITS,
  caps: KRAKEN_CAPS,
  catalog: {
    restUrl: KRAKEN_REST_URL,
    dialect: KRAKEN_REST_DIALECT,
    pacer: KRAKEN_REST_PACER_CONFIG,
    listings: { path: '/0/public/AssetPairs', weight: 1, read: readKrakenAssetPairs },
    volumes: { path: '/0/public/Ticker', weight: 1, read: (json) => readKrakenTickerVolumes(json) },
    // The Ticker names pairs by their REST key (`XXBTZUSD`): AssetPairs says which v2 name each is.
    volumeKeys: { path: '/0/public/AssetPairs', weight: 1, read: (json) => new Map(readKrakenPairs(json).pairs.map((pair) => [pair.restKey, pair.symbol])) },
  },
  tradeIds: { rule: 'consecutive', ordered: true },
  tradeHistory: (access) => krakenTradeHistory(access),
};
