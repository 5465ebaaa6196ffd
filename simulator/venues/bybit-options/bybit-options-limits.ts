import type { VenueLimits } from '../../venue-limits.js';
import { BYBIT_OPTION_MAX_ARGS } from './bybit-option-requests.js';

/**
 * Bybit v5 options (docs/v5/websocket/wss-authentication.mdx "IP Limits", "Public channel - Args
 * limits"; docs/v5/rate-limit/rate-limit.mdx "IP Limit"): up to 2,000 args held by one connection
 * ("Options can input up to 2000 args for a single connection") and 21,000 characters of them, no
 * limit of args per request, 500 new connections per 5 minutes (refused with 403, as Bybit's
 * gateway answers a breached IP limit), REST 600 requests per 5 s per IP, over it 403 "access too
 * frequent" and a wait of at least 10 minutes.
 */
export const DEFAULT_BYBIT_OPTIONS_LIMITS: VenueLimits = {
  maxTopicsPerConnection: BYBIT_OPTION_MAX_ARGS,
  maxArgsCharsPerConnection: 21_000,
  connectionAttempts: { max: 500, windowMs: 300_000, refuseStatus: 403 },
  restRequests: { max: 600, windowMs: 5_000, banMs: 600_000 },
};
