import { describe, expect, it } from 'vitest';
import { RestRateLimitedError } from '../rest/rest-rate-limited-error.js';
import { KRAKEN_REST_DIALECT } from './kraken-rest-dialect.js';

const url = 'https://api.kraken.com/0/public/Ticker';
const answer = (status: number, headers: Record<string, string> = {}) => ({ url, status, headers: new Headers(headers), text: '' });

describe('KRAKEN_REST_DIALECT', () => {
  it('reads HTTP 429 as the rate limit, with its Retry-After in seconds', () => {
    expect(KRAKEN_REST_DIALECT.refusalOf(answer(429, { 'retry-after': '2' }))).toEqual(new RestRateLimitedError({ status: 429, url, retryAfterMs: 2000 }));
    expect(KRAKEN_REST_DIALECT.refusalOf(answer(429))?.info).toEqual({ status: 429, url });
    expect(KRAKEN_REST_DIALECT.refusalOf(answer(200))).toBeUndefined();
  });

  it("reads Kraken's HTTP 200 rate-limit errors as the rate limit", () => {
    for (const error of ['EGeneral:Too many requests', 'EAPI:Rate limit exceeded', 'EService: Throttled: 1688669597']) {
      expect(KRAKEN_REST_DIALECT.bodyRefusalOf?.({ error: [error], result: {} }, url)?.info).toEqual({ status: 429, url });
    }
  });

  it('leaves other errors and good answers to the reader', () => {
    expect(KRAKEN_REST_DIALECT.bodyRefusalOf?.({ error: ['EQuery:Unknown asset pair'], result: {} }, url)).toBeUndefined();
    expect(KRAKEN_REST_DIALECT.bodyRefusalOf?.({ error: [], result: {} }, url)).toBeUndefined();
    expect(KRAKEN_REST_DIALECT.bodyRefusalOf?.('<html>', url)).toBeUndefined();
  });
});
