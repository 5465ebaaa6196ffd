import { FieldReader, isJsonObject } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { RestDialect } from '../rest/rest-dialect.js';
import { RestRateLimitedError } from '../rest/rest-rate-limited-error.js';

/**
 * Kraken's words for "too many requests" in the `error` list of an HTTP 200 answer: the public per-IP
 * throttle (`EGeneral:Too many requests`, reported by ccxt/ccxt #27468 and others; no Kraken page
 * names it), the API counter (`EAPI:Rate limit exceeded`) and the concurrency throttle
 * (`EService: Throttled: <time>`), both in docs.kraken.com "Spot REST rate limits".
 */
const RATE_LIMITED = /^(?:EGeneral:Too many requests|EAPI:Rate limit exceeded|EService:\s*Throttled)/;

/**
 * Kraken REST: errors arrive as HTTP 200 with `{"error":["<category>:<message>"],"result":{}}`
 * (docs.kraken.com "Spot REST errors"); a rate-limit word there, or an HTTP 429 (Cloudflare in front
 * of the API; its `Retry-After` in seconds when sent), pauses every request of the venue.
 */
export const KRAKEN_REST_DIALECT: RestDialect = {
  refusalOf: ({ url, status, headers }) => {
    if (status !== 429) return undefined;
    const seconds = Number(headers.get('retry-after') ?? NaN);
    return new RestRateLimitedError({ status: 429, url, ...(Number.isFinite(seconds) && seconds >= 0 ? { retryAfterMs: Math.round(seconds * 1000) } : {}) });
  },
  bodyRefusalOf: (json, url) => {
    if (!isJsonObject(json)) return undefined;
    const errors = json['error'];
    return Array.isArray(errors) && errors.some((error) => typeof error === 'string' && RATE_LIMITED.test(error))
      ? new RestRateLimitedError({ status: 429, url })
      : undefined;
  },
};

/**
 * The `result` of a Kraken REST answer; a non-empty `error` list is the venue refusing the request
 * (`EQuery:Unknown asset pair`): thrown as `FrameParseError` at `$.error` with its words.
 */
export function krakenResult(json: unknown): Readonly<Record<string, unknown>> {
  const r = FieldReader.of(json, '$');
  const errors = r.array('error');
  if (errors.length > 0) throw new FrameParseError('$.error', `the venue answered ${errors.map((error) => JSON.stringify(error)).join(', ')}`);
  const result = r.raw('result');
  if (!isJsonObject(result)) throw new FrameParseError('$.result', 'expected an object');
  return result;
}
