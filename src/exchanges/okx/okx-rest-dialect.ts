import { firstValueFrom } from 'rxjs';
import { FieldReader, isJsonObject } from '../field-reader.js';
import { fetchVenueList } from '../rest/fetch-venue-list.js';
import { pacedVenueRead } from '../rest/paced-venue-read.js';
import type { VenueRestAccess } from '../venue-definition.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { RestDialect } from '../rest/rest-dialect.js';
import { RestRateLimitedError } from '../rest/rest-rate-limited-error.js';

/** "Rate limit reached. Please refer to API documentation and throttle requests accordingly" (docs "Error Code", REST API class, HTTP 429). */
export const OKX_RATE_LIMITED_CODE = '50011';

/**
 * OKX v5 REST: an HTTP 429, or a body whose `code` is 50011 (OKX writes it beside the 429, and a proxy
 * in front may answer 200), is the venue's rate limit: every request of the venue waits, from the
 * pacer's back-off (OKX sends no `Retry-After`).
 */
export const OKX_REST_DIALECT: RestDialect = {
  refusalOf: ({ url, status }) => (status === 429 ? new RestRateLimitedError({ status: 429, url }) : undefined),
  bodyRefusalOf: (json, url) =>
    isJsonObject(json) && String(json['code']) === OKX_RATE_LIMITED_CODE ? new RestRateLimitedError({ status: 429, url }) : undefined,
};

/**
 * The `data` of an OKX v5 answer (`{"code":"0","msg":"","data":[..]}`). A `code` other than "0" is the
 * venue refusing the request: thrown as `FrameParseError` at `$.code` with its `msg`.
 */
export function okxData(json: unknown): readonly unknown[] {
  const r = FieldReader.of(json, '$');
  const code = r.raw('code');
  if (code !== '0' && code !== 0)
    throw new FrameParseError('$.code', `${JSON.stringify(code) ?? 'absent'} (${r.optionalString('msg') ?? 'no msg'}), expected "0"`);
  return r.array('data');
}

/** One OKX REST read through the venue's pacer (weight 1), in OKX's dialect: a path of the venue's REST URL and what reads its answer. */
export function okxRestGet(access: VenueRestAccess): <T>(path: string, read: (json: unknown) => T) => Promise<T> {
  const { exchange, restUrl, pacer, timeoutMs, scheduler } = access;
  const base = restUrl.replace(/\/+$/, '');
  const send = access.fetch === undefined ? {} : { fetch: access.fetch };
  return <T>(path: string, read: (json: unknown) => T): Promise<T> => {
    const url = `${base}${path}`;
    const task = () => fetchVenueList({ exchange, url, dialect: OKX_REST_DIALECT, read, ...send });
    return firstValueFrom(pacedVenueRead({ exchange, url, pacer, weight: 1, timeoutMs, scheduler, task }));
  };
}
