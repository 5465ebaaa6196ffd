import { RestRateLimitedError } from '../rest/rest-rate-limited-error.js';
import type { RestDialect } from '../rest/rest-dialect.js';

/**
 * Binance REST (binance-spot-api-docs `rest-api.md`, "General API Information"): 429 when over a
 * request limit and 418 when the IP is banned for ignoring 429s, both with `Retry-After` in
 * seconds; every answer carries `X-MBX-USED-WEIGHT-1M`.
 */
export const BINANCE_REST_DIALECT: RestDialect = {
  refusalOf: ({ url, status, headers }) =>
    status === 429 || status === 418 ? new RestRateLimitedError({ status, url, ...retryAfter(headers.get('retry-after')) }) : undefined,
  usedWeightOf: (headers) => {
    const used = Number(headers.get('x-mbx-used-weight-1m') ?? NaN);
    return Number.isSafeInteger(used) && used >= 0 ? used : undefined;
  },
};

/** `Retry-After` in seconds, as ms; anything else counts as absent. */
function retryAfter(header: string | null): { retryAfterMs?: number } {
  const seconds = header === null || header.trim() === '' ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? { retryAfterMs: Math.round(seconds * 1000) } : {};
}
