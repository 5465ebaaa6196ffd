import { asyncScheduler, firstValueFrom, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { RestWeightPacer } from '../exchanges/rest/rest-weight-pacer.js';
import type { ExchangeId } from '../model/market-record.js';
import { readVenueList } from './read-venue-list.js';

/** A pacer that starts at once and records what it was asked to weigh and told. */
function recordingPacer() {
  const weights: number[] = [];
  const used: number[] = [];
  const pacer: RestWeightPacer = {
    request: <T>(weight: number, task: () => Observable<T>) => (weights.push(weight), task()),
    noteUsedWeight: (w) => used.push(w),
    waiting: () => ({ requests: 0, weight: 0 }),
    weightPerMinute: 6000,
  };
  return { pacer, weights, used };
}

const binanceBody = JSON.stringify({ symbols: [] });
const bybitBody = JSON.stringify({ retCode: 0, retMsg: 'OK', result: { category: 'spot', list: [] } });

async function ask(kind: 'listings' | 'volumes', exchange: ExchangeId, body: string, restUrl?: string) {
  const urls: string[] = [];
  const send: typeof fetch = (input) => {
    urls.push(input instanceof Request ? input.url : input.toString());
    return Promise.resolve(new Response(body, { status: 200, headers: { 'x-mbx-used-weight-1m': '100' } }));
  };
  const { pacer, weights, used } = recordingPacer();
  await firstValueFrom(
    readVenueList(kind, { exchange, pacer, timeoutMs: 1000, scheduler: asyncScheduler, fetch: send, ...(restUrl === undefined ? {} : { restUrl }) }),
  );
  return { urls, weights, used };
}

describe('readVenueList', () => {
  it('asks each venue for its instrument list at its production URL, weighed as its docs say', async () => {
    expect(await ask('listings', 'binance', binanceBody)).toEqual({ urls: ['https://api.binance.com/api/v3/exchangeInfo'], weights: [20], used: [100] });
    expect(await ask('listings', 'binance_us', binanceBody)).toMatchObject({ urls: ['https://api.binance.us/api/v3/exchangeInfo'], weights: [10] });
    expect(await ask('listings', 'binance_testnet', binanceBody)).toMatchObject({
      urls: ['https://testnet.binance.vision/api/v3/exchangeInfo'],
      weights: [20],
    });
    expect(await ask('listings', 'bybit', bybitBody)).toEqual({
      urls: ['https://api.bybit.com/v5/market/instruments-info?category=spot'],
      weights: [1],
      used: [],
    });
  });

  it('asks for 24 h tickers of every symbol at a configured URL', async () => {
    expect(await ask('volumes', 'binance', '[]', 'http://127.0.0.1:9/')).toMatchObject({ urls: ['http://127.0.0.1:9/api/v3/ticker/24hr'], weights: [80] });
    expect(await ask('volumes', 'binance_us', '[]')).toMatchObject({ weights: [40] });
    expect(await ask('volumes', 'bybit', bybitBody, 'http://sim.test')).toMatchObject({
      urls: ['http://sim.test/v5/market/tickers?category=spot'],
      weights: [1],
    });
  });
});
