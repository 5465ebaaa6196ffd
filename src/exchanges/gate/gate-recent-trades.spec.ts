import { asyncScheduler, firstValueFrom, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { restWeightPacer } from '../rest/rest-weight-pacer.js';
import { gateTradeHistory } from './gate-recent-trades.js';

/** A fetch that answers Gate's trades of BTC_USDT (one trade, spot), counting the URLs asked. */
function venue(asked: string[]): typeof fetch {
  return (input) => {
    asked.push(input instanceof Request ? input.url : input.toString());
    const trades = [{ id: '7', create_time_ms: '1700000000123.456', side: 'buy', amount: '0.5', price: '100.1' }];
    return Promise.resolve(new Response(JSON.stringify(trades), { status: 200, headers: { 'content-type': 'application/json' } }));
  };
}

/** What the history reads Gate through: a fetch of `venue(asked)`, paced by `pacer`. */
const accessOf = (asked: string[], pacer: ReturnType<typeof restWeightPacer>, timeoutMs: number) =>
  ({ exchange: 'gate', restUrl: 'http://gate.test', pacer, timeoutMs, scheduler: asyncScheduler, options: {}, fetch: venue(asked) }) as const;

describe("Gate's trade history (recent trades for repair)", () => {
  it("reads an instrument's latest trades through the venue's pacer", async () => {
    const asked: string[] = [];
    const pacer = restWeightPacer(asyncScheduler, { minIntervalMs: 0 });
    const access = accessOf(asked, pacer, 1000);
    const trades = await firstValueFrom(gateTradeHistory(access, 'spot').recent?.('BTC_USDT') ?? of([]));
    expect(trades).toEqual([{ id: '7', price: '100.1', qty: '0.5', time: 1700000000123, isBuyerMaker: false }]);
    expect(asked).toEqual(['http://gate.test/api/v4/spot/trades?currency_pair=BTC_USDT&limit=1000']);
  });

  it("leaves the venue's REST line when its reader lets go (a stop), and is never asked after", async () => {
    const asked: string[] = [];
    // 200 ms between two starts: the request asked second waits in the line.
    const pacer = restWeightPacer(asyncScheduler, { minIntervalMs: 200 });
    const access = accessOf(asked, pacer, 5000);
    const history = gateTradeHistory(access, 'spot');
    await firstValueFrom(history.recent?.('ETH_USDT') ?? of([]));
    const reader = history.recent?.('BTC_USDT')?.subscribe();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(pacer.waiting().requests).toBe(1);
    reader?.unsubscribe();
    expect(pacer.waiting().requests).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(asked).toEqual(['http://gate.test/api/v4/spot/trades?currency_pair=ETH_USDT&limit=1000']);
  });
});
