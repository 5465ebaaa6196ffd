import { readFileSync } from 'node:fs';
import { asyncScheduler, firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { binanceHistoryUrl, fetchBinanceHistory, parseBinanceHistory, TradeHistoryError } from './binance-trade-history.js';
import { RestRateLimitedError } from './rest-rate-limited-error.js';

/** The venue's documented answer (binance-spot-api-docs, "Old trade lookup"), as the simulator's shape test pins it. */
const DOCUMENTED = readFileSync(new URL('../../simulator/__fixtures__/venue-docs/binance-historical-trades.json', import.meta.url), 'utf8');

const answering = (status: number, body: string, headers: Record<string, string> = {}, asked: RequestInit[] = []): typeof fetch => (_url, init) => {
  if (init !== undefined) asked.push(init);
  return Promise.resolve(new Response(body, { status, headers }));
};
const page = (send: typeof fetch, apiKey?: string) =>
  fetchBinanceHistory({ restUrl: 'http://venue.test/', symbol: 'btcusdt', fromId: 28457, limit: 1000, timeoutMs: 1000, scheduler: asyncScheduler, fetch: send, ...(apiKey === undefined ? {} : { apiKey }) });

describe('Binance trade history (GET /api/v3/historicalTrades)', () => {
  it('asks for the upper-case symbol from an id', () => {
    expect(binanceHistoryUrl('https://api.binance.com/', 'btcusdt', 28457, 1000)).toBe('https://api.binance.com/api/v3/historicalTrades?symbol=BTCUSDT&fromId=28457&limit=1000');
  });

  it("reads the venue's documented answer, keeping the decimals as the venue wrote them", () => {
    expect(parseBinanceHistory(DOCUMENTED)).toEqual({ ok: true, frame: [{ id: 28457, price: '4.00000100', qty: '12.00000000', time: 1499865549590, isBuyerMaker: true }] });
  });

  it('refuses an answer that is not an array of well-formed trades, naming the field', () => {
    const refused = (text: string) => {
      const result = parseBinanceHistory(text);
      return result.ok ? 'accepted' : result.error;
    };
    expect(refused('{"code":-1121}')).toContain('array');
    expect(refused('[{"id":"x","price":"1","qty":"1","time":1,"isBuyerMaker":true}]')).toContain('$[0].id');
    expect(refused('[{"id":1,"price":"-1","qty":"1","time":1,"isBuyerMaker":true}]')).toContain('$[0].price');
    expect(refused('[{"id":1,"price":"1","qty":"1","time":1}]')).toContain('$[0].isBuyerMaker');
    expect(refused('[{"id":1,')).not.toBe('accepted');
  });

  it('sends the API key as X-MBX-APIKEY only when one is configured', async () => {
    const asked: RequestInit[] = [];
    await firstValueFrom(page(answering(200, '[]', {}, asked), 'k-123'));
    await firstValueFrom(page(answering(200, '[]', {}, asked)));
    expect(asked.map((init) => (init.headers as Record<string, string>)['X-MBX-APIKEY'])).toEqual(['k-123', undefined]);
  });

  it('fails 429 and 418 as RestRateLimitedError for the pacer, a 4xx or a malformed body as a TradeHistoryError not worth retrying', async () => {
    const failure = async (send: typeof fetch): Promise<unknown> => firstValueFrom(page(send)).then(() => 'no error', (error: unknown) => error);
    expect(await failure(answering(429, '', { 'retry-after': '2' }))).toBeInstanceOf(RestRateLimitedError);
    expect(((await failure(answering(418, ''))) as RestRateLimitedError).info.status).toBe(418);
    const errors = [await failure(answering(400, '{"code":-1121}')), await failure(answering(200, '{}')), await failure(answering(502, 'bad gateway'))];
    expect(errors.map((e) => (e instanceof TradeHistoryError ? [e.retriable, e.info.status] : e))).toEqual([[false, 400], [false, 200], [true, 502]]);
  });
});
