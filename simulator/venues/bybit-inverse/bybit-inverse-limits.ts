import type { VenueLimits } from '../../venue-limits.js';
import { DEFAULT_BYBIT_LINEAR_LIMITS } from '../bybit-linear/bybit-linear-limits.js';

/**
 * Bybit v5 inverse, as linear's (docs/v5/websocket/wss-authentication.mdx "IP Limits", "Public channel -
 * Args limits": "No args limit for Futures", 21,000 characters of args per connection, 500 new
 * connections per 5 minutes per domain; docs/v5/rate-limit/rate-limit.mdx: REST 600 requests per 5 s
 * per IP, then 403 and a ban of at least 10 minutes). Its 1,000 market-data connections per IP are
 * counted apart from linear's (venues-and-derivatives.md §1.1), which the simulator does not cap.
 */
export const DEFAULT_BYBIT_INVERSE_LIMITS: VenueLimits = DEFAULT_BYBIT_LINEAR_LIMITS;
