import type { VenueLimits } from '../../venue-limits.js';

/**
 * Binance COIN-M (developers.binance.com derivatives/coin-margined-futures/websocket-market-streams;
 * research scale-out.md): 10 incoming messages per second per connection, over it the connection is
 * closed (1008, as the simulated USD-M and spot do); 1024 streams per connection (a SUBSCRIBE past it is
 * answered `{"error":{"code":4,...}}`). Connection attempts per IP are not documented for COIN-M: not
 * enforced. The REST weight (2,400 a minute) is the REST limiter's (`DEFAULT_BINANCE_COINM_WEIGHT_PER_MINUTE`).
 */
export const DEFAULT_BINANCE_COINM_LIMITS: VenueLimits = {
  maxTopicsPerConnection: 1024,
  maxMessagesPerSecond: 10,
};
