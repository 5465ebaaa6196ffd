import { readFileSync } from 'node:fs';
import { asyncScheduler, firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { restWeightPacer } from '../rest/rest-weight-pacer.js';
import { coinbaseRecentTradesUrl, fetchCoinbaseRecentTrades, readCoinbaseRecentTrades } from './coinbase-recent-trades.js';

/** A BTC-USD "Get Public Market Trades" answer (see __fixtures__/README.md). */
const ANSWER = readFileSync(new URL('./__fixtures__/coinbase-market-trades-btc-usd.json', import.meta.url), 'utf8');
const answer = (): { trades: Record<string, unknown>[] } => JSON.parse(ANSWER) as { trades: Record<string, unknown>[] };

// 2026-04-07T00:28:58Z is 1775521738 s after the epoch (Python's datetime, not this code).
const AT_00_28_58 = 1_775_521_738_000;

describe("Coinbase's latest trades (GET /api/v3/brokerage/market/products/{id}/ticker)", () => {
  it('asks for the product, upper case, and 1000 trades', () => {
    expect(coinbaseRecentTradesUrl('https://api.coinbase.com/', 'btc-usd')).toBe(
      'https://api.coinbase.com/api/v3/brokerage/market/products/BTC-USD/ticker?limit=1000',
    );
  });

  it('reads the answer in its order (newest first), a SELL being a sell resting as maker, so the buyer was not the maker', () => {
    expect(readCoinbaseRecentTrades(answer())).toEqual([
      { id: '995098663', price: '68923.67', qty: '0.00064', time: AT_00_28_58 + 544, isBuyerMaker: false },
      { id: '995098662', price: '68923.67', qty: '0.00123858', time: AT_00_28_58 + 250, isBuyerMaker: false },
      { id: '995098661', price: '68924.94', qty: '0.01450854', time: AT_00_28_58 - 1000 + 296, isBuyerMaker: true },
    ]);
  });

  it('refuses a trade with an id, time, side, price or size it cannot believe, naming the field', () => {
    const refused = (change: Record<string, unknown>): string => {
      const json = answer();
      Object.assign(json.trades[0] ?? {}, change);
      try {
        readCoinbaseRecentTrades(json);
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      }
    };
    // A UUID, the form of the documentation's example id: not one the repair can match against the WebSocket's.
    expect(refused({ trade_id: '34b080bf-fcfd-445a-832b-46b5ddc65601' })).toBe(
      '$.trades[0].trade_id: expected a decimal trade id as the WebSocket sends, got "34b080bf-fcfd-445a-832b-46b5ddc65601"',
    );
    expect(refused({ time: 1775521738544 })).toBe('$.trades[0].time: expected a non-empty string');
    expect(refused({ time: '2026-04-07' })).toBe('$.trades[0].time: expected an RFC 3339 time');
    // The documentation's example side is an empty string.
    expect(refused({ side: '' })).toBe('$.trades[0].side: expected "BUY" or "SELL"');
    expect(refused({ price: '-1' })).toBe('$.trades[0].price: expected a positive decimal string');
    expect(refused({ size: '0' })).toBe('$.trades[0].size: expected a positive decimal string');
    expect(() => readCoinbaseRecentTrades({ error: 'NOT_FOUND', message: 'product not found' })).toThrow('$.trades: expected an array');
  });

  it("waits out a 429 with an HTML body, and a 401, on Coinbase's pacer, then asks again", async () => {
    const answers = [
      new Response('<html><body>Too Many Requests</body></html>', { status: 429, headers: { 'content-type': 'text/html' } }),
      new Response('{"error":"unauthorized"}', { status: 401 }),
      new Response(ANSWER, { status: 200 }),
    ];
    const urls: string[] = [];
    const send: typeof fetch = (input) => {
      urls.push(input instanceof Request ? input.url : input.toString());
      return Promise.resolve(answers[urls.length - 1] ?? new Response('', { status: 500 }));
    };
    const pacer = restWeightPacer(asyncScheduler, { weightPerMinute: 480, minIntervalMs: 1, backoffInitialMs: 10 });
    const trades = await firstValueFrom(
      fetchCoinbaseRecentTrades({ productId: 'BTC-USD', restUrl: 'http://venue.test', pacer, timeoutMs: 2000, scheduler: asyncScheduler, fetch: send }),
    );
    expect(urls).toEqual(Array<string>(3).fill('http://venue.test/api/v3/brokerage/market/products/BTC-USD/ticker?limit=1000'));
    expect(trades.map((trade) => trade.id)).toEqual(['995098663', '995098662', '995098661']);
  });
});
