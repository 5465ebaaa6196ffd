import { asyncScheduler, firstValueFrom } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { binanceDepthUrl, binanceDepthWeight, DepthSnapshotError, fetchBinanceDepth } from './binance-depth-client.js';
import { RestRateLimitedError } from '../rest/rest-rate-limited-error.js';

const answering =
  (status: number, body: string, headers: Record<string, string> = {}): typeof fetch =>
  () =>
    Promise.resolve(new Response(body, { status, headers }));
const request = (send: typeof fetch) =>
  fetchBinanceDepth({ restUrl: 'http://venue.test/', symbol: 'btcusdt', limit: 100, timeoutMs: 1000, scheduler: asyncScheduler, fetch: send });
const failure = async (send: typeof fetch): Promise<unknown> =>
  firstValueFrom(request(send)).then(
    () => 'no error',
    (error: unknown) => error,
  );

describe('fetchBinanceDepth', () => {
  it('asks GET /api/v3/depth for the upper-case symbol and limit, and weighs the request by limit', () => {
    expect(binanceDepthUrl('https://api.binance.com/', 'btcusdt', 5000)).toBe('https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=5000');
    expect([1, 100, 101, 500, 501, 1000, 1001, 5000].map(binanceDepthWeight)).toEqual([5, 5, 25, 25, 50, 50, 250, 250]);
  });

  it('reads the body of a 200 and tells the used weight', async () => {
    const used: number[] = [];
    const send = answering(200, '{"lastUpdateId":7,"bids":[["1.0","2.0"]],"asks":[]}', { 'x-mbx-used-weight-1m': '55' });
    const snapshot = await firstValueFrom(
      fetchBinanceDepth({
        restUrl: 'http://venue.test',
        symbol: 'BTCUSDT',
        limit: 100,
        timeoutMs: 1000,
        scheduler: asyncScheduler,
        fetch: send,
        onUsedWeight: (w) => used.push(w),
      }),
    );
    expect(snapshot).toEqual({ lastUpdateId: 7, bids: [{ price: 1, size: 2 }], asks: [] });
    expect(used).toEqual([55]);
  });

  it("turns 429 and 418 into RestRateLimitedError with the venue's Retry-After in ms", async () => {
    const throttled = await failure(answering(429, '{"code":-1003}', { 'retry-after': '3' }));
    expect(throttled).toBeInstanceOf(RestRateLimitedError);
    expect((throttled as RestRateLimitedError).info).toEqual({
      status: 429,
      retryAfterMs: 3000,
      url: 'http://venue.test/api/v3/depth?symbol=BTCUSDT&limit=100',
    });
    expect(((await failure(answering(418, '', {}))) as RestRateLimitedError).info).toEqual({
      status: 418,
      url: 'http://venue.test/api/v3/depth?symbol=BTCUSDT&limit=100',
    });
  });

  it('fails a 5xx as retriable, and a 4xx or an invalid body as not', async () => {
    const errors = await Promise.all([
      failure(answering(503, 'busy')),
      failure(answering(400, '{"code":-1121,"msg":"Invalid symbol."}')),
      failure(answering(200, '{"bids":[]}')),
    ]);
    expect(errors.map((e) => (e instanceof DepthSnapshotError ? [e.retriable, e.info.status] : e))).toEqual([
      [true, 503],
      [false, 400],
      [false, 200],
    ]);
    expect((errors[2] as Error).message).toContain('$.lastUpdateId');
  });

  it('gives up after timeoutMs on the scheduler and aborts the request', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    const signals: AbortSignal[] = [];
    const hanging: typeof fetch = (_input, init) => {
      if (init?.signal) signals.push(init.signal);
      return new Promise<Response>(() => undefined);
    };
    scheduler.run(({ expectObservable, flush }) => {
      const depth = fetchBinanceDepth({ restUrl: 'http://venue.test', symbol: 'BTCUSDT', limit: 100, timeoutMs: 2000, scheduler, fetch: hanging });
      expectObservable(depth).toBe(
        '2s #',
        undefined,
        new DepthSnapshotError('http://venue.test/api/v3/depth?symbol=BTCUSDT&limit=100: no answer in 2000 ms', true, {
          url: 'http://venue.test/api/v3/depth?symbol=BTCUSDT&limit=100',
        }),
      );
      flush();
      expect(signals.map((s) => s.aborted)).toEqual([true]);
    });
  });
});
