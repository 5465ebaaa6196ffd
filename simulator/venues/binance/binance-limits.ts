import type { VenueLimits } from '../../venue-limits.js';

/**
 * Binance spot (binance-spot-api-docs web-socket-streams.md "WebSocket Limits"): 1024 streams per
 * connection; 5 incoming messages per second (PING, PONG and JSON control messages count), over it
 * the connection is closed (observed: close 1008 "Too many requests", binance-connector-go#90);
 * 300 connection attempts per 5 minutes per IP, over it the simulator answers the upgrade 429 as
 * Binance's REST and WebSocket API answer a rate limit (web-socket-api.md "Rate limits").
 */
export const DEFAULT_BINANCE_LIMITS: VenueLimits = {
  maxTopicsPerConnection: 1024,
  maxMessagesPerSecond: 5,
  connectionAttempts: { max: 300, windowMs: 300_000, refuseStatus: 429 },
};
