import type { VenueLimits } from '../../venue-limits.js';

/**
 * Bybit v5 linear (docs/v5/websocket/wss-authentication.mdx "IP Limits", "Public channel - Args
 * limits"; docs/v5/rate-limit/rate-limit.mdx "IP Limit"), as spot's but for the args: no limit of
 * args per subscribe request ("futures have no args limit"), 21,000 characters of args per
 * connection, 500 new connections per 5 minutes (refused with 403), REST 600 requests per 5 s per IP,
 * over it 403 "access too frequent" and a wait of at least 10 minutes.
 */
export const DEFAULT_BYBIT_LINEAR_LIMITS: VenueLimits = {
  maxArgsCharsPerConnection: 21_000,
  connectionAttempts: { max: 500, windowMs: 300_000, refuseStatus: 403 },
  restRequests: { max: 600, windowMs: 5_000, banMs: 600_000 },
};
