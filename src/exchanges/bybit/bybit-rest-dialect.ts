import { isJsonObject } from '../field-reader.js';
import { RestRateLimitedError } from '../rest/rest-rate-limited-error.js';
import { BybitAccessTooFrequentError } from './bybit-access-too-frequent-error.js';
import type { RestDialect } from '../rest/rest-dialect.js';

/** `retCode` of "Too many visits!", the per-second API limit (bybit-exchange/docs `docs/v5/rate-limit/rate-limit.mdx`). */
const TOO_MANY_VISITS = 10006;

/**
 * Bybit v5 REST: HTTP 403 is "access too frequent", an IP ban of at least 10 minutes
 * (`docs/v5/rate-limit/rate-limit.mdx`). Every 403 is held as that ban: Bybit also answers US and
 * mainland China IPs with 403 (`docs/v5/guide.mdx`), and asking such a venue again in 10 minutes
 * rather than sooner costs nothing. A 429 or a `retCode` 10006 body asks to slow down.
 */
export const BYBIT_REST_DIALECT: RestDialect = {
  refusalOf: ({ url, status, text }) => {
    if (status === 403) return new BybitAccessTooFrequentError(url, text);
    return status === 429 ? new RestRateLimitedError({ status: 429, url }) : undefined;
  },
  bodyRefusalOf: (json, url) => (isJsonObject(json) && json['retCode'] === TOO_MANY_VISITS ? new RestRateLimitedError({ status: 429, url }) : undefined),
};
