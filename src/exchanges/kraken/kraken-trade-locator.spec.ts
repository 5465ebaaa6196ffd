import { describe, expect, it } from 'vitest';
import { FakeTradeHistory } from './__fixtures__/fake-trade-history.js';
import { nanosBefore, sinceTrade, tradesFromId, TradeNotLocatedError } from './kraken-trade-locator.js';

const history = (inclusive = true) => new FakeTradeHistory({ firstId: 5_000_000, count: 30_000, startMicros: 1_786_000_000_000_000, inclusive });
const pagesOf = (fake: FakeTradeHistory) => (count: number, since?: string) => Promise.resolve(fake.page(count, since));
const ids = (trades: readonly { id: number }[]) => trades.map((t) => t.id);
const range = (from: number, count: number) => Array.from({ length: count }, (_, n) => from + n);

describe('tradesFromId', () => {
  it('reads an id of the latest 1000 trades from the latest page alone: those from it to the newest', async () => {
    const fake = history();
    const trades = await tradesFromId(pagesOf(fake), 5_029_500, 1000);
    expect(ids(trades)).toEqual(range(5_029_500, 500));
    expect(fake.requests).toBe(1);
  });

  it('gives nothing for an id newer than every trade', async () => {
    const fake = history();
    expect(await tradesFromId(pagesOf(fake), 5_030_000, 10)).toEqual([]);
  });

  it.each([true, false])('finds an older id by time and pages forward from there (since inclusive: %s)', async (inclusive) => {
    const fake = history(inclusive);
    const trades = await tradesFromId(pagesOf(fake), 5_012_345, 1000);
    expect(ids(trades)).toEqual(range(5_012_345, 1000));
    // The latest page, at most 12 probes, and at most 1 + 4 pages.
    expect(fake.requests).toBeLessThanOrEqual(18);
  });

  it('reads on from the last trade of the previous read without searching: a page per 1000 trades, plus one for the overlap', async () => {
    const fake = history();
    const first = await tradesFromId(pagesOf(fake), 5_012_345, 1000);
    const last = first.at(-1);
    fake.requests = 0;
    const next = await tradesFromId(pagesOf(fake), 5_013_345, 1000, last);
    expect(ids(next)).toEqual(range(5_013_345, 1000));
    expect(fake.requests).toBe(2);
  });

  it('says so when no moment before the id is found: an id older than the whole history, or no probes left', async () => {
    await expect(tradesFromId(pagesOf(history()), 4_999_000, 10)).rejects.toThrow(TradeNotLocatedError);
    await expect(tradesFromId(pagesOf(history()), 5_000_010, 10, undefined, { maxProbes: 0, extraPages: 4 })).rejects.toThrow(
      'no moment before trade 5000010 found in 0 requests by time',
    );
  });

  it('returns what the history holds when it ends before the limit', async () => {
    const fake = history();
    const trades = await tradesFromId(pagesOf(fake), 5_028_000, 1000, { id: 5_027_999, micros: fake.trades[27_999]?.micros ?? 0 });
    expect(ids(trades)).toEqual(range(5_028_000, 1000));
    const tail = await tradesFromId(pagesOf(fake), 5_029_990, 1000, { id: 5_029_989, micros: fake.trades[29_989]?.micros ?? 0 });
    expect(ids(tail)).toEqual(range(5_029_990, 10));
  });
});

describe('since', () => {
  it('asks from one nanosecond before a moment, and a microsecond more before a trade read as seconds', () => {
    expect([nanosBefore(1_786_000_000_000_000), sinceTrade(1_786_000_000_000_000), nanosBefore(0)]).toEqual([
      '1785999999999999999',
      '1785999999999998999',
      '0',
    ]);
  });
});
