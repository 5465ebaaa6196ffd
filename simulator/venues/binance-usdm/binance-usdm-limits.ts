import type { VenueLimits } from '../../venue-limits.js';

/**
 * Binance USD-M (developers.binance.com derivatives/usds-margined-futures/websocket-market-streams):
 * 10 incoming messages per second per connection, over it the connection is closed (the simulator
 * closes with 1008 "Too many requests", as its Binance spot does); 1024 streams per connection (a
 * SUBSCRIBE past it answers `{"error":{"code":4,...}}`, as spot's). Connection attempts per IP are
 * not documented for USD-M in our sources: not enforced. The REST weight (2,400 a minute) is the
 * REST limiter's (`DEFAULT_BINANCE_USDM_WEIGHT_PER_MINUTE`).
 */
export const DEFAULT_BINANCE_USDM_LIMITS: VenueLimits = {
  maxTopicsPerConnection: 1024,
  maxMessagesPerSecond: 10,
};
