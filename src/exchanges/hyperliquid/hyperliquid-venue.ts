import type { VenueDefinition } from '../venue-definition.js';
import type { VenueProtocol } from '../venue-protocol.js';
import { RestRateLimitedError } from '../rest/rest-rate-limited-error.js';

/** Hyperliquid's WebSocket (docs "API > Websocket"): one route for every subscription. */
export const HYPERLIQUID_WS_URL = 'wss://api.hyperliquid.xyz/ws';

/** Hyperliquid's REST base: every public read is `POST /info` with a JSON body (docs "API > Info endpoint"). */
export const HYPERLIQUID_REST_URL = 'https://api.hyperliquid.xyz';

/** A first definition: the protocol and lists are filled in beside it. */
const pendingProtocol: VenueProtocol = {
  id: 'hyperliquid',
  exchanges: ['hyperliquid'],
  env: () => 'prod',
  streams: [],
  topic: (symbol, stream) => `${stream.channel}:${symbol}`,
  connection: { url: (baseUrl) => baseUrl },
  parse: () => ({ ok: false, error: 'hyperliquid: not yet served' }),
  control: () => undefined,
  map: () => [],
};

/** Hyperliquid perpetuals (USDC margined), keyed `<base>-USDC-PERP`. */
export const hyperliquidVenue: VenueDefinition = {
  market: 'linear',
  ws: { url: HYPERLIQUID_WS_URL, description: 'Hyperliquid WebSocket' },
  restDescription: 'Hyperliquid info API (POST /info: perpetuals list, asset contexts, recent trades)',
  protocol: pendingProtocol,
  connectionLimits: { maxTopics: 100, maxTopicsPerRequest: 1, requestsPerSecond: 5, connectionsPerWindow: 1, connectionWindowMs: 2000 },
  caps: { maxTopics: 100, maxTopicsPerRequest: 1 },
  catalog: {
    restUrl: HYPERLIQUID_REST_URL,
    dialect: { refusalOf: ({ url, status }) => (status === 429 ? new RestRateLimitedError({ status: 429, url }) : undefined) },
    pacer: { weightPerMinute: 1000 },
    listings: { path: '/info', weight: 20, read: () => ({ listings: [], skipped: [] }) },
    volumes: { path: '/info', weight: 20, read: () => ({ volumes: new Map<string, number>(), skipped: [] }) },
  },
  tradeIds: 'by_time',
};
