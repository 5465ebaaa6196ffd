import type { ConnectionLimits, VenueCaps } from '../connection-limits.js';

/**
 * Gate's public WebSocket documents no cap on channels a connection or on messages a second (docs "Rate
 * Limits": "Others: No limit"; only orders over the socket are capped). The caps are the client's own
 * bounds: 1,000 topics a connection, 100 instruments a request (clients batch 100-200 contracts a request).
 */
export const GATE_CAPS: VenueCaps = { maxTopics: 1000, maxTopicsPerRequest: 100 };

/** Connections one IP may hold at once (docs "Rate Limits": "Number of WebSocket connections: ... 300 per IP"). */
export const GATE_MAX_CONNECTIONS_PER_IP = 300;

/**
 * Per connection: 400 topics (100 instruments with trades, ticker, best bid/ask and book, as Bybit's, OKX's and
 * Bitget's connections hold about as many; 80 futures ones, the plan counting the one liquidation topic of every
 * contract with each); 50 instruments a request (a request names one channel, and a
 * book one instrument: `order_book_update` takes one a request); 5 requests a second, so a full connection is
 * up within seconds; connection attempts 250 per 5 minutes (Gate documents none: the bound keeps a failing
 * venue from being hammered).
 */
export const GATE_CONNECTION_LIMITS: ConnectionLimits = {
  maxTopics: 400,
  maxTopicsPerRequest: 50,
  requestsPerSecond: 5,
  connectionsPerWindow: 250,
  connectionWindowMs: 300_000,
};

/**
 * Gate public REST, per IP and endpoint: 200 requests in 10 seconds (docs "Rate Limits": "Public endpoints:
 * 200r/10s per endpoint"). The pacer counts per minute over every endpoint together: each request weighs 1
 * against 600 a minute, at least 50 ms apart (ccxt's `rateLimit` for Gate). An HTTP 429 backs off from 2 s,
 * doubling.
 */
export const GATE_REST_PACER_CONFIG = { weightPerMinute: 600, minIntervalMs: 50, backoffInitialMs: 2000 } as const;
