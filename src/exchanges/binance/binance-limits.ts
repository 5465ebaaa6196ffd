import type { ConnectionLimits, VenueCaps } from '../connection-limits.js';

/**
 * Binance spot (binance-spot-api-docs `web-socket-streams.md`, "WebSocket Limits"): 1024 streams per
 * connection; 5 incoming messages per second per connection (SUBSCRIBE, UNSUBSCRIBE, pings and pongs
 * count; over it the connection is cut, repeat offenders are banned); 300 connection attempts per
 * 5 minutes per IP. URLs near 8 KB and SUBSCRIBE payloads over about 4 KB go unanswered
 * (JKorf/Binance.Net #884, unicorn-binance-websocket-api #38): keep requests to 100 streams.
 */
export const BINANCE_CAPS: VenueCaps = { maxTopics: 1024, maxTopicsPerRequest: 100 };

/** Binance spot: 1024 streams per connection (800 used, leaving room to add listings live), 5 messages/s (3 used: pongs share them), 300 connections per 5 min. */
export const BINANCE_CONNECTION_LIMITS: ConnectionLimits = {
  maxTopics: 800,
  maxTopicsPerRequest: 100,
  requestsPerSecond: 3,
  connectionsPerWindow: 300,
  connectionWindowMs: 5 * 60_000,
};
