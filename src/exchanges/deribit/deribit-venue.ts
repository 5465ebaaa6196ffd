import type { VenueDefinition } from '../venue-definition.js';
import type { VenueProtocol } from '../venue-protocol.js';

/** Deribit's JSON-RPC WebSocket (docs "JSON-RPC over websocket"). */
export const DERIBIT_WS_URL = 'wss://www.deribit.com/ws/api/v2';

/** Deribit's REST base (docs "JSON-RPC over HTTP"). */
export const DERIBIT_REST_URL = 'https://www.deribit.com/api/v2';

const LIMITS = { maxTopics: 500, maxTopicsPerRequest: 250, requestsPerSecond: 3, connectionsPerWindow: 10, connectionWindowMs: 60_000 };

function stubProtocol(id: string, exchange: 'deribit' | 'deribit_options'): VenueProtocol {
  return {
    id,
    exchanges: [exchange],
    env: () => 'prod',
    streams: [],
    topic: (symbol, stream) => `${stream.channel}.${symbol}.100ms`,
    connection: { url: (baseUrl) => baseUrl },
    parse: () => ({ ok: false, error: 'deribit frames are not read yet' }),
    control: () => undefined,
    map: () => [],
  };
}

function stubVenue(exchange: 'deribit' | 'deribit_options', market: 'inverse' | 'option'): VenueDefinition {
  return {
    market,
    ws: { url: DERIBIT_WS_URL, description: 'Deribit WebSocket' },
    restDescription: 'Deribit REST API',
    protocol: stubProtocol(`deribit-${market}`, exchange),
    connectionLimits: LIMITS,
    caps: { maxTopics: 500, maxTopicsPerRequest: 250 },
    catalog: {
      restUrl: DERIBIT_REST_URL,
      dialect: { refusalOf: () => undefined },
      pacer: {},
      listings: { path: `/public/get_instruments?currency=any&kind=${market === 'option' ? 'option' : 'future'}`, weight: 1, read: () => ({ listings: [], skipped: [] }) },
      volumes: { path: '/public/get_book_summary_by_currency?currency=any', weight: 1, read: () => ({ volumes: new Map(), skipped: [] }) },
    },
    tradeIds: 'consecutive',
    ...(market === 'option' ? { sharesLimitsOf: 'deribit' as const } : {}),
  };
}

/** Deribit's inverse perpetuals and dated futures (a stub until its protocol lands). */
export const deribitVenue: VenueDefinition = stubVenue('deribit', 'inverse');

/** Deribit's options (a stub until its protocol lands). */
export const deribitOptionsVenue: VenueDefinition = stubVenue('deribit_options', 'option');
