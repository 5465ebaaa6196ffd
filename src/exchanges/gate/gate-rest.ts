import { FieldReader, isJsonObject } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { RestDialect } from '../rest/rest-dialect.js';
import { RestRateLimitedError } from '../rest/rest-rate-limited-error.js';

/**
 * Gate REST: an HTTP 429 ("Too many requests", docs "Rate Limits") or a body labelled
 * `TOO_MANY_REQUESTS` behind a proxy that answered 200 is the venue's rate limit: every request of the
 * venue waits, from the pacer's back-off.
 */
export const GATE_REST_DIALECT: RestDialect = {
  refusalOf: ({ url, status }) => (status === 429 ? new RestRateLimitedError({ status: 429, url }) : undefined),
  bodyRefusalOf: (json, url) => (isJsonObject(json) && json['label'] === 'TOO_MANY_REQUESTS' ? new RestRateLimitedError({ status: 429, url }) : undefined),
};

/**
 * The entries of a Gate v4 list answer: a bare JSON array. An error is an object `{"label","message"}`
 * (docs "Error Handling"): thrown as `FrameParseError` at `$` with its label and message.
 */
export function gateList(json: unknown): readonly unknown[] {
  if (Array.isArray(json)) return json;
  if (isJsonObject(json)) {
    const r = FieldReader.of(json, '$');
    throw new FrameParseError('$', `${r.optionalString('label') ?? 'no label'} (${r.optionalString('message') ?? 'no message'}), expected a list`);
  }
  throw new FrameParseError('$', 'expected a list');
}
