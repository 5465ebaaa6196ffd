import { FieldReader, isJsonObject } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { RestDialect } from '../rest/rest-dialect.js';
import { RestRateLimitedError } from '../rest/rest-rate-limited-error.js';

/** "too_many_requests" (docs "Rate limits", "Errors"): the IP or session spent its credits. */
export const DERIBIT_RATE_LIMITED_CODE = 10028;

/** Whether a body is Deribit's rate-limit error (`{"error":{"code":10028,..}}`). */
function rateLimited(json: unknown): boolean {
  return isJsonObject(json) && isJsonObject(json['error']) && json['error']['code'] === DERIBIT_RATE_LIMITED_CODE;
}

/**
 * Deribit's REST (JSON-RPC over HTTP, docs "JSON-RPC over HTTP"): an HTTP 429, or an error answer of code
 * 10028 (sent with HTTP 400 or, through a proxy, 200) is the rate limit: every request of both Deribit
 * venues waits, from the pacer's back-off. Deribit reports no credits left in its headers.
 */
export const DERIBIT_REST_DIALECT: RestDialect = {
  refusalOf: ({ url, status, text }) => {
    if (status === 429) return new RestRateLimitedError({ status: 429, url });
    if (status === 200 || !text.includes(String(DERIBIT_RATE_LIMITED_CODE))) return undefined;
    try {
      return rateLimited(JSON.parse(text)) ? new RestRateLimitedError({ status: 429, url }) : undefined;
    } catch {
      return undefined;
    }
  },
  bodyRefusalOf: (json, url) => (rateLimited(json) ? new RestRateLimitedError({ status: 429, url }) : undefined),
};

/** The `result` of a JSON-RPC answer; an `error` answer throws naming `$.error` with its code and message. */
export function deribitResult(json: unknown): unknown {
  const r = FieldReader.of(json, '$');
  if (r.has('error')) {
    const e = r.child('error');
    throw new FrameParseError('$.error', `deribit refused the request: ${JSON.stringify(e.raw('code'))} ${e.optionalString('message') ?? ''}`.trim());
  }
  if (r.raw('result') === undefined) throw new FrameParseError('$.result', 'expected a result');
  return r.raw('result');
}
