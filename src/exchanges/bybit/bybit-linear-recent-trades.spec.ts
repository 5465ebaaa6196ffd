import { readFileSync } from 'node:fs';
import { asyncScheduler, firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { restWeightPacer } from '../rest/rest-weight-pacer.js';
import { bybitRecentTradesUrl, fetchBybitRecentTrades, readBybitRecentTrades } from './bybit-recent-trades.js';

/**
 * A linear answer in the documented shape ("Get Recent Public Trades" has a spot example only): the
 * documented answer with `category: linear` and its trade replaced by the first recorded linear trade
 * (test/fixtures/exchange-frames/bybit-linear-publicTrade.ndjson line 1: its UUID `i`, price, size, side, time).
 */
function linearAnswer(): { result: { category: string; list: Record<string, unknown>[] } } {
  const documented = JSON.parse(readFileSync(new URL('../../../simulator/__fixtures__/venue-docs/bybit-recent-trade-spot.json', import.meta.url), 'utf8')) as {
    result: { category: string; list: Record<string, unknown>[] };
  };
  const [trade] = documented.result.list;
  documented.result.category = 'linear';
  documented.result.list = [
    { ...trade, execId: 'a9188a0a-82bc-50de-be60-03eedbe3cdd7', price: '65114.20', size: '0.004', side: 'Sell', time: '1786310819680' },
  ];
  return documented;
}

describe("Bybit's recent linear trades (GET /v5/market/recent-trade?category=linear)", () => {
  it('asks for the 1,000 trades linear keeps', () => {
    expect(bybitRecentTradesUrl('https://api.bybit.com/', 'btcusdt', 'linear')).toBe(
      'https://api.bybit.com/v5/market/recent-trade?category=linear&symbol=BTCUSDT&limit=1000',
    );
  });

  it('reads a UUID execution id as the trade id, as the socket sends it; a Sell taker means the buyer was the maker', () => {
    expect(readBybitRecentTrades(linearAnswer(), 'linear')).toEqual([
      { id: 'a9188a0a-82bc-50de-be60-03eedbe3cdd7', price: '65114.20', qty: '0.004', time: 1786310819680, isBuyerMaker: true },
    ]);
  });

  it('refuses a decimal id on linear and a UUID on spot, naming the field', () => {
    const withId = (execId: string) => {
      const json = linearAnswer();
      Object.assign(json.result.list[0] ?? {}, { execId });
      return json;
    };
    expect(() => readBybitRecentTrades(withId('2100000000007764263'), 'linear')).toThrow('$.result.list[0].execId: expected a UUID');
    expect(() => readBybitRecentTrades(linearAnswer())).toThrow('$.result.list[0].execId: expected a decimal id');
  });

  it('reads through the pacer at the linear URL', async () => {
    const asked: string[] = [];
    const send: typeof fetch = (url) => {
      asked.push(url instanceof Request ? url.url : url.toString());
      return Promise.resolve(new Response(JSON.stringify(linearAnswer()), { status: 200 }));
    };
    const pacer = restWeightPacer(asyncScheduler, { weightPerMinute: 7200 });
    const trades = await firstValueFrom(
      fetchBybitRecentTrades({
        symbol: 'BTCUSDT',
        restUrl: 'http://venue.test',
        pacer,
        timeoutMs: 2000,
        scheduler: asyncScheduler,
        fetch: send,
        category: 'linear',
      }),
    );
    expect(asked).toEqual(['http://venue.test/v5/market/recent-trade?category=linear&symbol=BTCUSDT&limit=1000']);
    expect(trades.map((t) => t.id)).toEqual(['a9188a0a-82bc-50de-be60-03eedbe3cdd7']);
  });
});
