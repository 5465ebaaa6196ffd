import { readFileSync } from 'node:fs';
import { asyncScheduler, firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { restWeightPacer } from '../rest/rest-weight-pacer.js';
import { bybitRecentTradesUrl, fetchBybitRecentTrades, readBybitRecentTrades } from './bybit-recent-trades.js';

/** Bybit's documented answer ("Get Recent Public Trades", spot), as the simulator's shape test pins it. */
const DOCUMENTED = JSON.parse(
  readFileSync(new URL('../../../simulator/__fixtures__/venue-docs/bybit-recent-trade-spot.json', import.meta.url), 'utf8'),
) as unknown;

describe("Bybit's recent trades (GET /v5/market/recent-trade?category=spot)", () => {
  it('asks for the upper-case symbol and the 60 trades spot keeps', () => {
    expect(bybitRecentTradesUrl('https://api.bybit.com/', 'btcusdt')).toBe(
      'https://api.bybit.com/v5/market/recent-trade?category=spot&symbol=BTCUSDT&limit=60',
    );
  });

  it("reads the venue's documented answer: the id beyond 2^53 kept as text, a Buy taker is not the buyer as maker", () => {
    expect(readBybitRecentTrades(DOCUMENTED)).toEqual([
      { id: '2100000000007764263', price: '16618.49', qty: '0.00012', time: 1672052955758, isBuyerMaker: false },
    ]);
  });

  it('refuses a trade with an id, time, side or price it cannot believe, naming the field', () => {
    const refused = (change: Record<string, unknown>) => {
      const json = structuredClone(DOCUMENTED) as { result: { list: Record<string, unknown>[] } };
      Object.assign(json.result.list[0] ?? {}, change);
      try {
        readBybitRecentTrades(json);
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(refused({ execId: '12a' })).toMatch(/execId/);
    expect(refused({ time: 1672052955758 })).toMatch(/time/);
    expect(refused({ side: 'buy' })).toMatch(/side/);
    expect(refused({ price: '-1' })).toMatch(/price/);
    expect(() => readBybitRecentTrades({ retCode: 10001, retMsg: 'params error', result: {} })).toThrow(/retCode/);
  });

  it("waits out a 429 on Bybit's pacer and asks again", async () => {
    const answers = [new Response('', { status: 429 }), new Response(JSON.stringify(DOCUMENTED), { status: 200 })];
    let asked = 0;
    const send: typeof fetch = () => Promise.resolve(answers[asked++] ?? new Response('', { status: 500 }));
    const pacer = restWeightPacer(asyncScheduler, { weightPerMinute: 7200, backoffInitialMs: 20 });
    const trades = await firstValueFrom(
      fetchBybitRecentTrades({ symbol: 'BTCUSDT', restUrl: 'http://venue.test', pacer, timeoutMs: 2000, scheduler: asyncScheduler, fetch: send }),
    );
    expect(asked).toBe(2);
    expect(trades.map((trade) => trade.id)).toEqual(['2100000000007764263']);
  });
});
