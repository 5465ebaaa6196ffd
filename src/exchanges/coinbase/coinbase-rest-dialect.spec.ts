import { describe, expect, it } from 'vitest';
import { RestRateLimitedError } from '../rest/rest-rate-limited-error.js';
import { COINBASE_REST_DIALECT } from './coinbase-rest-dialect.js';

const URL_ = 'https://api.coinbase.com/api/v3/brokerage/market/products';
const refusal = (status: number, text = '', headers: Record<string, string> = {}) =>
  COINBASE_REST_DIALECT.refusalOf({ url: URL_, status, text, headers: new Headers(headers) });

describe('COINBASE_REST_DIALECT', () => {
  it('reads a 429 as the rate limit without reading its body as JSON, keeping the start of the page in the message', () => {
    const error = refusal(429, '<html>\n  <body>Too Many Requests</body>\n</html>');
    expect(error).toBeInstanceOf(RestRateLimitedError);
    expect(error?.info).toEqual({ status: 429, url: URL_ });
    expect(error?.message).toBe(`${URL_}: HTTP 429 "<html> <body>Too Many Requests</body> </html>" (Coinbase's rate limit: backing off)`);
  });

  it('takes Retry-After in seconds when Coinbase sends one', () => {
    expect(refusal(429, '', { 'retry-after': '2' })?.info).toEqual({ status: 429, url: URL_, retryAfterMs: 2000 });
    expect(refusal(429, '', { 'retry-after': 'Wed, 21 Oct 2026 07:28:00 GMT' })?.info).toEqual({ status: 429, url: URL_ });
  });

  it('reads a 401 on these public routes as throttling too, saying so', () => {
    const error = refusal(401, '{"error":"unauthorized","message":"Unauthorized"}');
    expect(error?.info).toEqual({ status: 429, url: URL_ });
    expect(error?.message).toBe(
      `${URL_}: HTTP 401 "{\\"error\\":\\"unauthorized\\",\\"message\\":\\"Unauthorized\\"}" (Coinbase's throttling of public routes: backing off)`,
    );
  });

  it('leaves every other answer to the usual handling', () => {
    for (const status of [200, 400, 403, 404, 500, 503]) expect(refusal(status, 'x')).toBeUndefined();
  });
});
