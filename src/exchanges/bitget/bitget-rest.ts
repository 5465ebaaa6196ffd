import { FieldReader, isJsonObject } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { RestDialect } from '../rest/rest-dialect.js';
import { RestRateLimitedError } from '../rest/rest-rate-limited-error.js';

/** Bitget's code of a request it took (`"00000"`, docs "Response" of every endpoint). */
export const BITGET_OK_CODE = '00000';

/**
 * Bitget REST: an HTTP 429 ("Too Many Requests", docs "Rate Limit": "If the number of requests exceeds the
 * frequency limit, the HTTP status 429 is returned"), or a body whose `code` is 429 behind a proxy that
 * answered 200, is the venue's rate limit: every request of the venue waits, from the pacer's back-off.
 */
export const BITGET_REST_DIALECT: RestDialect = {
  refusalOf: ({ url, status }) => (status === 429 ? new RestRateLimitedError({ status: 429, url }) : undefined),
  bodyRefusalOf: (json, url) => (isJsonObject(json) && String(json['code']) === '429' ? new RestRateLimitedError({ status: 429, url }) : undefined),
};

/**
 * The `data` of a Bitget v2 answer (`{"code":"00000","msg":"success","requestTime":..,"data":[..]}`). A
 * `code` other than "00000" is the venue refusing the request: thrown as `FrameParseError` at `$.code`
 * with its `msg`.
 */
export function bitgetData(json: unknown): readonly unknown[] {
  const r = FieldReader.of(json, '$');
  const code = r.raw('code');
  if (code !== BITGET_OK_CODE)
    throw new FrameParseError('$.code', `${JSON.stringify(code) ?? 'absent'} (${r.optionalString('msg') ?? 'no msg'}), expected "${BITGET_OK_CODE}"`);
  return r.array('data');
}
