import { readFileSync } from 'node:fs';
import { asyncScheduler, firstValueFrom, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { TradeHistoryError } from '../binance/binance-trade-history.js';
import { RestRateLimitedError } from '../rest/rest-rate-limited-error.js';
import { recordingPacer } from './__fixtures__/recording-pacer.js';
import { binanceUsdmFirstTradeUrl, binanceUsdmHistoryUrl, binanceUsdmTradeHistory, parseBinanceUsdmAggTrades } from './binance-usdm-trade-history.js';

/** The venue's documented answer ("Compressed/Aggregate Trades List"). */
const DOCUMENTED = readFileSync(new URL('./__fixtures__/binance-usdm-aggTrades.json', import.meta.url), 'utf8');

/** The venue's history reads over a fetch that answers `status` and `body`, noting each URL asked. */
function history(status: number, body: string, headers: Record<string, string> = {}) {
  const asked: string[] = [];
  const pacer = recordingPacer();
  const reads = binanceUsdmTradeHistory({
    exchange: 'binance_usdm',
    restUrl: 'https://fapi.binance.com/',
    pacer,
    timeoutMs: 1000,
    scheduler: asyncScheduler,
    options: {},
    fetch: (url) => {
      asked.push(urlOf(url));
      return Promise.resolve(new Response(body, { status, headers }));
    },
  });
  return { reads, asked, pacer };
}

const failure = (read: Observable<unknown> | undefined): Promise<unknown> =>
  read === undefined
    ? Promise.resolve('no read')
    : firstValueFrom(read).then(
        () => 'no error',
        (error: unknown) => error,
      );

describe('Binance USD-M trade history (GET /fapi/v1/aggTrades)', () => {
  it('asks by aggregate id, or for the first aggregate trade of a window, for the upper-case symbol', () => {
    expect(binanceUsdmHistoryUrl('https://fapi.binance.com/', 'btcusdt', 26129, 1000)).toBe(
      'https://fapi.binance.com/fapi/v1/aggTrades?symbol=BTCUSDT&fromId=26129&limit=1000',
    );
    expect(binanceUsdmFirstTradeUrl('https://fapi.binance.com', 'BTCUSDT', 1000, 2000)).toBe(
      'https://fapi.binance.com/fapi/v1/aggTrades?symbol=BTCUSDT&startTime=1000&endTime=2000&limit=1',
    );
  });

  it('reads the documented answer as trades whose id is the aggregate id a (not the trade ids f..l)', () => {
    expect(parseBinanceUsdmAggTrades(DOCUMENTED)).toEqual({
      ok: true,
      frame: [{ id: 26129, price: '0.01633102', qty: '4.70443515', time: 1498793709153, isBuyerMaker: true }],
    });
    expect(parseBinanceUsdmAggTrades('[{"a":1,"p":"1","q":"1","f":9,"l":8,"T":1,"m":true}]')).toMatchObject({ ok: false });
    expect(parseBinanceUsdmAggTrades('{"code":-1121}')).toMatchObject({ ok: false });
  });

  it('reads a page by id and the first id since a moment, each at weight 20 on the pacer, which hears the used weight', async () => {
    const { reads, asked, pacer } = history(200, DOCUMENTED, { 'x-mbx-used-weight-1m': '37' });
    expect(await firstValueFrom(defined(reads.byId?.('BTCUSDT', 26129, 1000)))).toEqual([expect.objectContaining({ id: 26129 })]);
    expect(await firstValueFrom(defined(reads.firstIdSince?.('BTCUSDT', 1498793700000, 1498793710000)))).toBe(26129);
    expect(asked).toEqual([
      'https://fapi.binance.com/fapi/v1/aggTrades?symbol=BTCUSDT&fromId=26129&limit=1000',
      'https://fapi.binance.com/fapi/v1/aggTrades?symbol=BTCUSDT&startTime=1498793700000&endTime=1498793710000&limit=1',
    ]);
    expect(pacer.weights).toEqual([20, 20]);
    expect(pacer.used).toEqual([37, 37]);
  });

  it('answers undefined for a window without trades, and refuses to look up a window of an hour or more', async () => {
    expect(await firstValueFrom(defined(history(200, '[]').reads.firstIdSince?.('BTCUSDT', 0, 1000)))).toBeUndefined();
    const { reads, asked } = history(200, DOCUMENTED);
    const error = await failure(reads.firstIdSince?.('BTCUSDT', 0, 60 * 60 * 1000));
    expect(error).toBeInstanceOf(TradeHistoryError);
    expect((error as TradeHistoryError).retriable).toBe(false);
    expect(asked).toEqual([]);
  });

  it('fails 429 as RestRateLimitedError for the pacer to wait out, and 451 (a restricted location) as an error not worth retrying', async () => {
    expect(await failure(history(429, '', { 'retry-after': '3' }).reads.byId?.('BTCUSDT', 1, 1000))).toBeInstanceOf(RestRateLimitedError);
    const blocked = await failure(history(451, '{"code":0,"msg":"Service unavailable from a restricted location"}').reads.byId?.('BTCUSDT', 1, 1000));
    expect(blocked).toBeInstanceOf(TradeHistoryError);
    expect([(blocked as TradeHistoryError).retriable, (blocked as TradeHistoryError).info.status]).toEqual([false, 451]);
  });
});

/** The URL a `fetch` was asked for. */
function urlOf(input: Parameters<typeof fetch>[0]): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

/** The read the venue serves (both reads are served here). */
function defined<T>(read: Observable<T> | undefined): Observable<T> {
  if (read === undefined) throw new Error('the venue serves no such read');
  return read;
}
