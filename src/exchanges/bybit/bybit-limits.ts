import type { ConnectionLimits, VenueCaps } from '../connection-limits.js';

/**
 * Bybit v5 spot (bybit-exchange/docs `docs/v5/ws/connect.mdx`, `docs/v5/rate-limit/rate-limit.mdx`):
 * 10 args per subscribe request; the args of one connection may total 21,000 characters; 500 new
 * connections per 5 minutes.
 */
export const BYBIT_CAPS: VenueCaps = { maxTopics: Number.POSITIVE_INFINITY, maxTopicChars: 21_000, maxTopicsPerRequest: 10 };

/**
 * Bybit spot: 21,000 characters of args per connection (20,000 used), 10 args per request, 500
 * connections per 5 min. Bybit documents no rate for subscribe requests: 10 per second brings a full
 * connection's (about 90 requests) up in under 10 s.
 */
export const BYBIT_CONNECTION_LIMITS: ConnectionLimits = {
  maxTopics: 1000,
  maxTopicChars: 20_000,
  maxTopicsPerRequest: 10,
  requestsPerSecond: 10,
  connectionsPerWindow: 500,
  connectionWindowMs: 5 * 60_000,
};
