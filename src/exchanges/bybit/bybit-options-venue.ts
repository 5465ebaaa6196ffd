import type { VenueDefinition } from '../venue-definition.js';
import type { VenueProtocol } from '../venue-protocol.js';
import { BYBIT_REST_DIALECT } from './bybit-rest-dialect.js';
import { BYBIT_REST_PACER_CONFIG, BYBIT_REST_URL } from './bybit-venue.js';

/** Bybit v5's public option WebSocket (`wss-authentication.mdx`: "USDT/USDC Options"). */
export const BYBIT_OPTION_URL = 'wss://stream.bybit.com/v5/public/option';

/** The option socket reads no frames yet: every frame is refused, none mapped. */
const protocol: VenueProtocol = {
  id: 'bybit-option',
  exchanges: ['bybit_options'],
  env: () => 'prod',
  streams: [],
  topic: (symbol, stream) => `${stream.channel}.${symbol}`,
  connection: { url: (baseUrl) => baseUrl },
  parse: () => ({ ok: false, error: 'bybit option frames are not read yet' }),
  control: () => undefined,
  map: () => [],
};

/**
 * Bybit v5 options (USDT-settled, `BTC-27NOV26-56000-C-USDT`), an id of its own beside Bybit's other
 * categories, with a first definition until its protocol lands: 2,000 args a connection
 * (`wss-authentication.mdx` "Public channel - Args limits"), Bybit's REST budget shared with spot.
 */
export const bybitOptionsVenue: VenueDefinition = {
  name: 'Bybit options',
  market: 'option',
  ws: { url: BYBIT_OPTION_URL, description: 'Bybit v5 public option WebSocket' },
  restDescription: 'Bybit v5 REST API (option instrument list, tickers, recent trades)',
  protocol,
  connectionLimits: {
    maxTopics: 2000,
    maxTopicChars: 20_000,
    maxTopicsPerRequest: 50,
    requestsPerSecond: 10,
    connectionsPerWindow: 500,
    connectionWindowMs: 300_000,
  },
  caps: { maxTopics: 2000, maxTopicsPerRequest: 2000, maxTopicChars: 21_000 },
  sharesLimitsOf: 'bybit',
  catalog: {
    restUrl: BYBIT_REST_URL,
    dialect: BYBIT_REST_DIALECT,
    pacer: BYBIT_REST_PACER_CONFIG,
    listings: { path: '/v5/market/instruments-info?category=option&limit=1000', weight: 1, read: () => ({ listings: [], skipped: [] }) },
    volumes: { path: '/v5/market/tickers?category=option&baseCoin=BTC', weight: 1, read: () => ({ volumes: new Map(), skipped: [] }) },
  },
  tradeIds: { rule: 'by_time', ordered: false },
};
