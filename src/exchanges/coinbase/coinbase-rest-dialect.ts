import type { RestDialect } from '../rest/rest-dialect.js';
import { CoinbaseThrottledError } from './coinbase-throttled-error.js';

/** `Retry-After` in whole seconds, as ms; `undefined` when absent or another form. */
function retryAfterMs(headers: Headers): number | undefined {
  const value = headers.get('retry-after')?.trim();
  return value !== undefined && /^\d{1,6}$/.test(value) ? Number(value) * 1000 : undefined;
}

/**
 * Coinbase Advanced Trade public REST (`/api/v3/brokerage/market/...`): a 429 is the rate limit (10
 * requests a second per IP), and its body may be an HTML page rather than JSON
 * (coinbase-samples/advanced-trade-sdk-go#18); a 401 on these routes, which need no key, has also been
 * how Coinbase throttled them (coinbase/coinbase-advanced-py#60). Both pause the venue's pacer.
 */
export const COINBASE_REST_DIALECT: RestDialect = {
  refusalOf: ({ url, status, headers, text }) => {
    if (status !== 429 && status !== 401) return undefined;
    const wait = retryAfterMs(headers);
    return new CoinbaseThrottledError({ url, status, body: text, ...(wait === undefined ? {} : { retryAfterMs: wait }) });
  },
};
