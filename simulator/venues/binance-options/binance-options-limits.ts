import type { VenueLimits } from '../../venue-limits.js';

/**
 * Binance's options market streams (developers.binance.com options-trading/websocket-market-streams,
 * "Connect"): "A single connection can listen to a maximum of 200 streams" (a SUBSCRIBE past it answers
 * `{"error":{"code":4,...}}`, an upgrade URL naming more is refused 400, as the simulator's other Binance
 * venues do); "WebSocket connections have a limit of 10 incoming messages per second", over it the
 * connection is closed (1008 "Too many requests", as the simulator's Binance spot closes it). Connection
 * attempts per IP are not documented for options: not enforced. The 24 h cut and the ping and pong rule
 * are the venue's options (`maxConnectionLifetimeMs`, `pingIntervalMs`, `pongTimeoutMs`); the REST weight
 * is the REST API's (`weightPerMinute`).
 */
export const DEFAULT_BINANCE_OPTIONS_LIMITS: VenueLimits = {
  maxTopicsPerConnection: 200,
  maxMessagesPerSecond: 10,
};
