import type { RestDialect } from '../rest/rest-dialect.js';
import { RestRateLimitedError } from '../rest/rest-rate-limited-error.js';

/**
 * Hyperliquid's `/info`: an HTTP 429 is the venue's per-IP rate limit (docs "Rate limits and user
 * limits"; "Error responses"): every request of the venue waits, from the pacer's back-off. The venue
 * reports no used weight. An unknown request `type` or a missing field answers HTTP 422, and bad JSON
 * 400 (galleonlabs/hypergrok-trading-desk `hyperliquid-api-reference`): errors of the request, not of
 * the budget.
 */
export const HYPERLIQUID_REST_DIALECT: RestDialect = {
  refusalOf: ({ url, status }) => (status === 429 ? new RestRateLimitedError({ status: 429, url }) : undefined),
};
