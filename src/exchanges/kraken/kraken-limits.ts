import type { ConnectionLimits, VenueCaps } from '../connection-limits.js';

/**
 * Kraken spot WebSocket v2 documents no number of symbols per connection or per request for the public
 * channels (the "200 symbols per connection" of its `level3` page is for L3 only), and calls its message
 * rate "dynamic and varies depending on system load" (over it: `Exceeded msg rate`). What is reported:
 * a reconnect that fired 25 subscribe messages at once had 15 acknowledged and the rest refused for the
 * rate (bitrich-info/xchange-stream #502, 2020); Kraken support, relayed in knowm/XChange #3733 (2020,
 * v1): 20 messages per second per connection, 500 connections, 20 new connections per second;
 * nautilus_trader throttles its Kraken spot requests to 20 per second, burst 10. The caps below are
 * what one socket may be configured to at most.
 */
export const KRAKEN_CAPS: VenueCaps = { maxTopics: 600, maxTopicsPerRequest: 100 };

/**
 * Kraken spot: 150 topics per connection (50 symbols with their trade, ticker and book topics: well
 * under the 200 symbols Kraken allows an L3 connection, the nearest number it documents, and a quarter
 * of that when books are off); 20 symbols per request (Kraken answers each symbol apart, so a request
 * is 20 acks); 5 requests per second (a quarter of the 20 per second support quoted, leaving room for
 * pings; a full connection subscribes in about 2 s); 10 connections per 10 s (the relayed 20 per
 * second, halved and spread: a mass reconnect of every shard stays far from it).
 */
export const KRAKEN_CONNECTION_LIMITS: ConnectionLimits = {
  maxTopics: 150,
  maxTopicsPerRequest: 20,
  requestsPerSecond: 5,
  connectionsPerWindow: 10,
  connectionWindowMs: 10_000,
};
