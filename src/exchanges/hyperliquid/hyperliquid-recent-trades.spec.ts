import { readFileSync } from 'node:fs';
import { asyncScheduler, firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { restWeightPacer } from '../rest/rest-weight-pacer.js';
import { readHyperliquidRecentTrades } from './hyperliquid-recent-trades.js';
import { hyperliquidVenue } from './hyperliquid-venue.js';

const answer = JSON.parse(readFileSync(new URL('./__fixtures__/hyperliquid-recent-trades.json', import.meta.url), 'utf8')) as unknown[];

describe('the Hyperliquid recent trades', () => {
  it('reads the recorded trades newest first, tids as text, A meaning the buyer was the maker', () => {
    expect(readHyperliquidRecentTrades(answer, 'BTC')).toEqual([
      { id: '663834423078060', price: '64096.0', qty: '0.0312', time: 1786539553102, isBuyerMaker: true },
      { id: '153378402400855', price: '64096.0', qty: '0.00023', time: 1786539553004, isBuyerMaker: true },
      { id: '604438142537043', price: '64097.0', qty: '0.00033', time: 1786539552700, isBuyerMaker: false },
    ]);
  });

  it('keeps an answer written newest first as it is, trades of one millisecond in its order, tids sent as numbers', () => {
    const trade = (tid: number, time: number) => ({ coin: 'BTC', side: 'B', px: '1', sz: '1', time, hash: '0x0', tid });
    expect(readHyperliquidRecentTrades([trade(9, 20), trade(3, 20), trade(7, 10)], 'BTC').map((t) => t.id)).toEqual(['9', '3', '7']);
    expect(readHyperliquidRecentTrades([trade(7, 10), trade(3, 20), trade(9, 20)], 'BTC').map((t) => t.id)).toEqual(['9', '3', '7']);
  });

  it('refuses a trade of another coin and a tid a double cannot hold', () => {
    expect(() => readHyperliquidRecentTrades(answer, 'ETH')).toThrow('$[0].coin: expected "ETH", the coin asked for');
    expect(() => readHyperliquidRecentTrades([{ coin: 'BTC', side: 'B', px: '1', sz: '1', time: 1, tid: 2 ** 60 }], 'BTC')).toThrow(/^\$\[0\]\.tid: /);
  });

  it('asks by POST /info {"type":"recentTrades","coin":..} as JSON, through the venue\u2019s history for repair', async () => {
    const sent: { url: string; init: RequestInit | undefined }[] = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      sent.push({ url: input instanceof Request ? input.url : input.toString(), init });
      return Promise.resolve(new Response(JSON.stringify(answer), { status: 200 }));
    };
    const pacer = restWeightPacer(asyncScheduler, { weightPerMinute: 1000, minIntervalMs: 0 });
    const history = hyperliquidVenue.tradeHistory?.({
      exchange: 'hyperliquid',
      restUrl: 'http://hl.test/',
      pacer,
      timeoutMs: 5000,
      scheduler: asyncScheduler,
      options: {},
      fetch,
    });
    expect(history?.byId).toBeUndefined();
    const recent = history?.recent;
    if (recent === undefined) throw new Error('no recent trades read for repair');
    const trades = await firstValueFrom(recent('BTC'));
    expect(trades.map((t) => t.id)).toEqual(['663834423078060', '153378402400855', '604438142537043']);
    expect(sent).toEqual([
      {
        url: 'http://hl.test/info',
        init: expect.objectContaining({
          method: 'POST',
          body: '{"type":"recentTrades","coin":"BTC"}',
          headers: { accept: 'application/json', 'content-type': 'application/json' },
        }) as unknown,
      },
    ]);
  });
});
