import type { VenueDefinition } from '../venue-definition.js';
import type { VenueProtocol } from '../venue-protocol.js';
import { optionValue } from '../venue-option.js';
import { OKX_GEO_BLOCKED_HINT, OKX_OPTIONS, OKX_REGION_OPTION, okxHosts } from './okx-options.js';

const GLOBAL = okxHosts('global');

// A first definition: the ids exist; the protocol, limits and lists follow.
const placeholderProtocol = (id: string, exchange: 'okx' | 'okx_swap'): VenueProtocol => ({
  id,
  exchanges: [exchange],
  env: () => 'prod',
  streams: [],
  topic: (symbol) => symbol,
  connection: { url: (base) => base },
  parse: () => ({ ok: false, error: 'not read yet' }),
  control: () => undefined,
  map: () => [],
});

const limits = { maxTopics: 100, maxTopicsPerRequest: 10, requestsPerSecond: 1, connectionsPerWindow: 3, connectionWindowMs: 1000 };

export const okxVenue: VenueDefinition = {
  market: 'spot',
  ws: { url: GLOBAL.ws, description: 'OKX v5 public WebSocket base (routes /public and /business)' },
  urlsOf: (options) => okxHosts(optionValue(options, OKX_REGION_OPTION)),
  geoBlockedHint: OKX_GEO_BLOCKED_HINT,
  restDescription: 'OKX v5 REST API (instruments, 24 h tickers, trade history)',
  protocol: placeholderProtocol('okx-v5-spot', 'okx'),
  options: OKX_OPTIONS,
  connectionLimits: limits,
  caps: { maxTopics: 100, maxTopicsPerRequest: 10 },
  catalog: {
    restUrl: GLOBAL.rest,
    dialect: { refusalOf: () => undefined },
    pacer: {},
    listings: { path: '/api/v5/public/instruments?instType=SPOT', weight: 1, read: () => ({ listings: [], skipped: [] }) },
    volumes: { path: '/api/v5/market/tickers?instType=SPOT', weight: 1, read: () => ({ volumes: new Map(), skipped: [] }) },
  },
  tradeIds: 'consecutive',
};

export const okxSwapVenue: VenueDefinition = {
  ...okxVenue,
  market: 'linear',
  protocol: placeholderProtocol('okx-v5-swap', 'okx_swap'),
  sharesLimitsOf: 'okx',
  catalog: {
    ...okxVenue.catalog,
    listings: { path: '/api/v5/public/instruments?instType=SWAP', weight: 1, read: () => ({ listings: [], skipped: [] }) },
    volumes: { path: '/api/v5/market/tickers?instType=SWAP', weight: 1, read: () => ({ volumes: new Map(), skipped: [] }) },
  },
};
