import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { RestRateLimitedError } from './rest-rate-limited-error.js';
import { BINANCE_REST_DIALECT } from '../binance/binance-rest-dialect.js';
import { readBinanceExchangeInfo } from '../binance/binance-listings.js';
import { BybitAccessTooFrequentError } from '../bybit/bybit-access-too-frequent-error.js';
import { BYBIT_REST_DIALECT } from '../bybit/bybit-rest-dialect.js';
import { CatalogReadError } from './catalog-read-error.js';
import { fetchVenueList } from './fetch-venue-list.js';
import type { RestDialect } from './rest-dialect.js';

const URL_ = 'http://venue.test/api/v3/exchangeInfo';
const answering =
  (status: number, body: string, headers: Record<string, string> = {}): typeof fetch =>
  () =>
    Promise.resolve(new Response(body, { status, headers }));
const request = (send: typeof fetch, dialect: RestDialect = BINANCE_REST_DIALECT, onUsedWeight?: (used: number) => void) =>
  fetchVenueList({
    exchange: 'binance',
    url: URL_,
    dialect,
    read: (json) => readBinanceExchangeInfo(json, 'binance'),
    fetch: send,
    ...(onUsedWeight === undefined ? {} : { onUsedWeight }),
  });
const failure = (send: typeof fetch, dialect?: RestDialect): Promise<unknown> =>
  firstValueFrom(request(send, dialect)).then(
    () => 'no error',
    (error: unknown) => error,
  );
const symbol = {
  symbol: 'BTCUSDT',
  status: 'TRADING',
  baseAsset: 'BTC',
  quoteAsset: 'USDT',
  filters: [
    { filterType: 'PRICE_FILTER', tickSize: '0.01' },
    { filterType: 'LOT_SIZE', stepSize: '0.00001' },
  ],
};

describe('fetchVenueList', () => {
  it('reads the body of a 200 with the given reader and tells the weight the venue counted', async () => {
    const used: number[] = [];
    const read = await firstValueFrom(
      request(answering(200, JSON.stringify({ symbols: [symbol] }), { 'x-mbx-used-weight-1m': '20' }), BINANCE_REST_DIALECT, (w) => used.push(w)),
    );
    expect(read.listings.map((l) => [l.symbol, l.tickSize, l.lotStep])).toEqual([['BTCUSDT', 0.01, 0.00001]]);
    expect(used).toEqual([20]);
  });

  it("turns Binance's 429 and 418 into RestRateLimitedError with Retry-After in ms", async () => {
    expect(((await failure(answering(429, '{"code":-1003}', { 'retry-after': '7' }))) as RestRateLimitedError).info).toEqual({
      status: 429,
      retryAfterMs: 7000,
      url: URL_,
    });
    const banned = await failure(answering(418, '', { 'retry-after': '120' }));
    expect(banned).toBeInstanceOf(RestRateLimitedError);
    expect((banned as RestRateLimitedError).info).toEqual({ status: 418, retryAfterMs: 120_000, url: URL_ });
  });

  it("turns Bybit's 403 into a 10-minute ban for the pacer that still says HTTP 403", async () => {
    const banned = await failure(answering(403, 'access too frequent'), BYBIT_REST_DIALECT);
    expect(banned).toBeInstanceOf(BybitAccessTooFrequentError);
    expect((banned as RestRateLimitedError).info).toEqual({ status: 418, retryAfterMs: 600_000, url: URL_ });
    expect((banned as Error).message).toBe(`${URL_}: HTTP 403 "access too frequent" (Bybit's IP ban for access too frequent: waiting 600000 ms)`);
  });

  it("turns Bybit's retCode 10006 (too many visits) into a 429 without Retry-After", async () => {
    const slowed = await failure(answering(200, '{"retCode":10006,"retMsg":"Too many visits!","result":{}}'), BYBIT_REST_DIALECT);
    expect((slowed as RestRateLimitedError).info).toEqual({ status: 429, url: URL_ });
  });

  it('fails a 5xx as retriable, a 4xx as not, with the status', async () => {
    const errors = await Promise.all([failure(answering(503, 'busy')), failure(answering(400, '{"code":-1104}')), failure(answering(403, 'waf'))]);
    expect(errors.map((e) => (e instanceof CatalogReadError ? [e.retriable, e.info.status] : e))).toEqual([
      [true, 503],
      [false, 400],
      [false, 403],
    ]);
  });

  it('fails a body that is not JSON or not the documented shape, naming the path', async () => {
    const garbage = await failure(answering(200, '<html>maintenance</html>'));
    expect(garbage).toBeInstanceOf(CatalogReadError);
    expect((garbage as CatalogReadError).info).toEqual({ exchange: 'binance', url: URL_, status: 200, path: '$' });
    const shapeless = await failure(answering(200, '{"symbols":{}}'));
    expect((shapeless as CatalogReadError).info.path).toBe('$.symbols');
    expect((shapeless as Error).message).toBe(`${URL_}: $.symbols: expected an array`);
  });

  it('fails a network error as retriable, keeping it as the cause', async () => {
    const refused = new TypeError('fetch failed');
    const error = await failure(() => Promise.reject(refused));
    expect(error).toMatchObject({ retriable: true, cause: refused, info: { exchange: 'binance', url: URL_ } });
  });

  it('sends a GET accepting JSON, and a POST of the JSON body when the list is asked for by one (Hyperliquid POST /info)', async () => {
    const asked: { url: string; init: RequestInit | undefined }[] = [];
    const recording: typeof fetch = (input, init) => {
      asked.push({ url: input instanceof Request ? input.url : input.toString(), init });
      return Promise.resolve(new Response(JSON.stringify({ symbols: [symbol] }), { status: 200 }));
    };
    await firstValueFrom(request(recording));
    const read = (json: unknown) => readBinanceExchangeInfo(json, 'binance');
    await firstValueFrom(fetchVenueList({ exchange: 'binance', url: URL_, body: '{"type":"meta"}', dialect: BINANCE_REST_DIALECT, read, fetch: recording }));
    expect(asked.map(({ url, init }) => ({ url, ...init, signal: init?.signal instanceof AbortSignal }))).toEqual([
      { url: URL_, signal: true, headers: { accept: 'application/json' } },
      { url: URL_, method: 'POST', signal: true, headers: { accept: 'application/json', 'content-type': 'application/json' }, body: '{"type":"meta"}' },
    ]);
  });

  it('aborts the request when unsubscribed', () => {
    const signals: AbortSignal[] = [];
    const hanging: typeof fetch = (_input, init) => {
      if (init?.signal) signals.push(init.signal);
      return new Promise<Response>(() => undefined);
    };
    request(hanging).subscribe().unsubscribe();
    expect(signals.map((s) => s.aborted)).toEqual([true]);
  });
});
