import { describe, expect, it } from 'vitest';
import { answer, askedUrl, BETWEEN, FIRST_TRADE_AT, LIST_BEFORE, listedStatus, liveTrade, sweptListing } from './__fixtures__/listing-sweep-run.js';

const NEW = 'BTC-27NOV26-56000-C-USDT';
const OLD = 'BTC-27NOV26-60000-P-USDT';
const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

interface Made {
  readonly symbol: string;
  readonly id: string;
  readonly time: number;
}

/**
 * Bybit's `recent-trade?category=option&baseCoin=` over made-up trades, as documented: the latest `limit`
 * (1-1000) trades of every option of the coin, newest first, `execId` a UUID. Logs the queries asked.
 */
function fakeBybit(trades: readonly Made[], failing = false) {
  const asked: string[] = [];
  const send: typeof fetch = (input) => {
    const url = askedUrl(input);
    asked.push(`${url.pathname}${url.search}`);
    if (failing) return answer({ retCode: 10016, retMsg: 'Internal server error', result: {} });
    const limit = Number(url.searchParams.get('limit') ?? 500);
    const list = [...trades]
      .sort((a, b) => b.time - a.time)
      .slice(0, limit)
      .map((t) => ({ execId: t.id, symbol: t.symbol, price: '120', size: '0.5', side: 'Sell', time: String(t.time), isBlockTrade: false }));
    return answer({ retCode: 0, retMsg: 'OK', result: { category: 'option', list }, retExtInfo: {}, time: FIRST_TRADE_AT });
  };
  return { asked, send };
}

const EVENTS = [listedStatus('bybit_options', NEW), liveTrade('bybit_options', NEW, uuid(9), FIRST_TRADE_AT)];

describe("Bybit's sweep of an option listed during the run", () => {
  it('repairs and names the trades it made between its listing and its first record here, read from its coin\u2019s latest 1,000', async () => {
    const venue = fakeBybit([
      { symbol: NEW, id: uuid(1), time: LIST_BEFORE - 5_000 },
      { symbol: NEW, id: uuid(2), time: LIST_BEFORE + 3_000 },
      { symbol: NEW, id: uuid(3), time: LIST_BEFORE + 5_000 },
      { symbol: OLD, id: uuid(4), time: LIST_BEFORE + 6_000 },
      { symbol: NEW, id: uuid(9), time: FIRST_TRADE_AT },
    ]);
    expect(await sweptListing('bybit_options', venue.send, EVENTS)).toEqual([
      `gap ${NEW}: 2 trades made between its listing and its first record here (${BETWEEN}), found in bybit_options's trades made then`,
      `repair ${NEW} ${uuid(2)} 120 0.5 SELL ${LIST_BEFORE + 3_000}`,
      `repair ${NEW} ${uuid(3)} 120 0.5 SELL ${LIST_BEFORE + 5_000}`,
      `gap_repaired ${NEW}: 2 trades repaired from bybit_options's trades made between its listing and its first record here`,
    ]);
    expect(venue.asked).toEqual(['/v5/market/recent-trade?category=option&baseCoin=BTC&limit=1000']);
  });

  it('names nothing for a listing whose every trade was published here', async () => {
    const venue = fakeBybit([
      { symbol: OLD, id: uuid(4), time: LIST_BEFORE + 6_000 },
      { symbol: NEW, id: uuid(9), time: FIRST_TRADE_AT },
    ]);
    expect(await sweptListing('bybit_options', venue.send, EVENTS)).toEqual([]);
    expect(venue.asked).toEqual(['/v5/market/recent-trade?category=option&baseCoin=BTC&limit=1000']);
  });

  it('says the time before its coin\u2019s latest 1,000 trades begin unrepaired, and repairs what they hold', async () => {
    const busy = Array.from({ length: 1000 }, (_, n) => ({ symbol: OLD, id: uuid(100 + n), time: LIST_BEFORE + 4_000 + n }));
    const venue = fakeBybit([...busy, { symbol: NEW, id: uuid(3), time: LIST_BEFORE + 5_500 }, { symbol: NEW, id: uuid(2), time: LIST_BEFORE + 1_000 }]);
    const reach = new Date(LIST_BEFORE + 4_002).toISOString();
    expect(await sweptListing('bybit_options', venue.send, EVENTS)).toEqual([
      `gap ${NEW}: trades made between its listing and its first record here (between ${new Date(LIST_BEFORE - 1000).toISOString()} and ${reach}) may be missing`,
      `gap_unrepaired ${NEW}: history: bybit_options's latest trades reach back to ${reach} only`,
      `gap ${NEW}: 1 trades made between its listing and its first record here (${BETWEEN}), found in bybit_options's trades made then`,
      `repair ${NEW} ${uuid(3)} 120 0.5 SELL ${LIST_BEFORE + 5_500}`,
      `gap_repaired ${NEW}: 1 trades repaired from bybit_options's trades made between its listing and its first record here`,
    ]);
  });

  it('says a listing whose trades cannot be read gap, then gap_unrepaired with the reason', async () => {
    const said = await sweptListing('bybit_options', fakeBybit([], true).send, EVENTS);
    expect(said).toHaveLength(2);
    expect(said[0]).toBe(`gap ${NEW}: trades made between its listing and its first record here (${BETWEEN}) may be missing`);
    expect(said[1]).toMatch(new RegExp(`^gap_unrepaired ${NEW}: venue_error: bybit_options's trades made then could not be read: .*10016`));
  });
});
