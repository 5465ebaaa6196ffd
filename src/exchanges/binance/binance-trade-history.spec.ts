import { readFileSync } from 'node:fs';
import { asyncScheduler, firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  binanceFirstAggTradeUrl,
  binanceHistoryUrl,
  fetchBinanceFirstTradeId,
  fetchBinanceHistory,
  parseBinanceAggTrades,
  parseBinanceHistory,
  TradeHistoryError,
} from './binance-trade-history.js';
import { RestRateLimitedError } from '../rest/rest-rate-limited-error.js';

/** The venue's documented answer (binance-spot-api-docs, "Old trade lookup"), as the simulator's shape test pins it. */
const DOCUMENTED = readFileSync(new URL('../../../simulator/__fixtures__/venue-docs/binance-historical-trades.json', import.meta.url), 'utf8');

const answering =
  (status: number, body: string, headers: Record<string, string> = {}, asked: RequestInit[] = []): typeof fetch =>
  (_url, init) => {
    if (init !== undefined) asked.push(init);
    return Promise.resolve(new Response(body, { status, headers }));
  };
const page = (send: typeof fetch, apiKey?: string) =>
  fetchBinanceHistory({
    restUrl: 'http://venue.test/',
    symbol: 'btcusdt',
    fromId: 28457,
    limit: 1000,
    timeoutMs: 1000,
    scheduler: asyncScheduler,
    fetch: send,
    ...(apiKey === undefined ? {} : { apiKey }),
  });

describe('Binance trade history (GET /api/v3/historicalTrades)', () => {
  it('asks for the upper-case symbol from an id', () => {
    expect(binanceHistoryUrl('https://api.binance.com/', 'btcusdt', 28457, 1000)).toBe(
      'https://api.binance.com/api/v3/historicalTrades?symbol=BTCUSDT&fromId=28457&limit=1000',
    );
  });

  it("reads the venue's documented answer, keeping the decimals as the venue wrote them", () => {
    expect(parseBinanceHistory(DOCUMENTED)).toEqual({
      ok: true,
      frame: [{ id: 28457, price: '4.00000100', qty: '12.00000000', time: 1499865549590, isBuyerMaker: true }],
    });
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
    const failure = async (send: typeof fetch): Promise<unknown> =>
      firstValueFrom(page(send)).then(
        () => 'no error',
        (error: unknown) => error,
      );
    expect(await failure(answering(429, '', { 'retry-after': '2' }))).toBeInstanceOf(RestRateLimitedError);
    expect(((await failure(answering(418, ''))) as RestRateLimitedError).info.status).toBe(418);
    const errors = [await failure(answering(400, '{"code":-1121}')), await failure(answering(200, '{}')), await failure(answering(502, 'bad gateway'))];
    expect(errors.map((e) => (e instanceof TradeHistoryError ? [e.retriable, e.info.status] : e))).toEqual([
      [false, 400],
      [false, 200],
      [true, 502],
    ]);
  });
});

/** The venue's documented answer (binance-spot-api-docs, "Compressed/Aggregate trades list"). */
const DOCUMENTED_AGG = readFileSync(new URL('../../../simulator/__fixtures__/venue-docs/binance-agg-trades.json', import.meta.url), 'utf8');

describe('Binance first trade id by time (GET /api/v3/aggTrades)', () => {
  it('asks for one aggregate trade of the upper-case symbol between two moments', () => {
    expect(binanceFirstAggTradeUrl('https://api.binance.com/', 'btcusdt', 1000, 2000)).toBe(
      'https://api.binance.com/api/v3/aggTrades?symbol=BTCUSDT&startTime=1000&endTime=2000&limit=1',
    );
  });

  it("reads the venue's documented answer: the first trade id of the first aggregate trade, none when the window is empty", async () => {
    expect(parseBinanceAggTrades(DOCUMENTED_AGG)).toEqual({ ok: true, frame: [{ firstId: 27781, lastId: 27781, time: 1498793709153 }] });
    const first = (body: string) =>
      firstValueFrom(
        fetchBinanceFirstTradeId({
          restUrl: 'http://venue.test',
          symbol: 'BTCUSDT',
          startTime: 1,
          endTime: 2,
          timeoutMs: 1000,
          scheduler: asyncScheduler,
          fetch: answering(200, body),
        }),
      );
    expect(await first(DOCUMENTED_AGG)).toBe(27781);
    expect(await first('[]')).toBeUndefined();
    await expect(first('{"code":-1127,"msg":"More than 1 hours between startTime and endTime."}')).rejects.toBeInstanceOf(TradeHistoryError);
  });

  it('refuses an aggregate trade whose last id is before its first, or whose ids are not integers', () => {
    expect(parseBinanceAggTrades('[{"a":1,"f":9,"l":8,"T":1}]')).toMatchObject({ ok: false });
    expect(parseBinanceAggTrades('[{"a":1,"f":"9","l":9,"T":1}]')).toMatchObject({ ok: false });
  });
});
