import { asyncScheduler, firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { restWeightPacer } from '../rest/rest-weight-pacer.js';
import { FakeTradeHistory } from './__fixtures__/fake-trade-history.js';
import { restExample } from './__fixtures__/recorded-frames.js';
import { krakenTradeHistory } from './kraken-trade-history.js';

/** A Kraken REST API over a made-up BTC/USD history (`XXBTZUSD`), with the documented AssetPairs answer; it logs the URLs asked. */
function fakeKraken(options: { readonly refuseFirstTrades?: boolean } = {}) {
  const history = new FakeTradeHistory({ firstId: 61_000_000, count: 20_000, startMicros: 1_786_000_000_000_000, inclusive: true });
  const asked: string[] = [];
  let refuse = options.refuseFirstTrades === true;
  const send: typeof fetch = (input) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    asked.push(`${url.pathname}${url.search}`);
    const json = (body: unknown) => Promise.resolve(new Response(JSON.stringify(body), { status: 200 }));
    if (url.pathname === '/0/public/AssetPairs') return json(restExample('kraken-asset-pairs.json'));
    if (url.pathname !== '/0/public/Trades' || url.searchParams.get('pair') !== 'XXBTZUSD') return json({ error: ['EQuery:Unknown asset pair'] });
    if (refuse) {
      refuse = false;
      return json({ error: ['EGeneral:Too many requests'] });
    }
    const page = history.page(Number(url.searchParams.get('count')), url.searchParams.get('since') ?? undefined);
    // Times as Kraken writes them: seconds with a fraction, in a JSON number.
    const rows = page.trades.map((t) => [t.price, t.qty, t.micros / 1e6, t.isBuyerMaker ? 's' : 'b', 'l', '', t.id]);
    return json({ error: [], result: { XXBTZUSD: rows, last: page.last } });
  };
  const pacer = restWeightPacer(asyncScheduler, { weightPerMinute: 1_000_000, minIntervalMs: 0, backoffInitialMs: 20 });
  const reader = krakenTradeHistory({
    exchange: 'kraken',
    restUrl: 'http://kraken.test/',
    pacer,
    timeoutMs: 5000,
    scheduler: asyncScheduler,
    options: {},
    fetch: send,
  });
  const byId = (symbol: string, fromId: number, limit: number) => {
    if (reader.byId === undefined) throw new Error('no byId');
    return firstValueFrom(reader.byId(symbol, fromId, limit));
  };
  const firstIdSince = (symbol: string, since: number, until: number) => {
    if (reader.firstIdSince === undefined) throw new Error('no firstIdSince');
    return firstValueFrom(reader.firstIdSince(symbol, since, until));
  };
  return { history, asked, byId, firstIdSince };
}

describe('krakenTradeHistory', () => {
  it('reads trades from an id of a v2 symbol through its REST pair, then the next page from where it stopped', async () => {
    const { asked, byId } = fakeKraken();
    const first = await byId('BTC/USD', 61_010_000, 1000);
    expect(first.map((t) => t.id)).toEqual(Array.from({ length: 1000 }, (_, n) => 61_010_000 + n));
    expect(first[0]).toEqual({ id: 61_010_000, price: '100.0', qty: '1.00000000', time: expect.any(Number) as unknown, isBuyerMaker: true });
    const searched = asked.length;
    const next = await byId('BTC/USD', 61_011_000, 1000);
    expect(next[0]?.id).toBe(61_011_000);
    expect(next.at(-1)?.id).toBe(61_011_999);
    expect(asked.length - searched).toBeLessThanOrEqual(2);
    expect(asked.filter((url) => url.startsWith('/0/public/AssetPairs'))).toHaveLength(1);
    expect(asked.filter((url) => url.startsWith('/0/public/Trades')).every((url) => url.includes('pair=XXBTZUSD'))).toBe(true);
  });

  it('gives the id of the first trade from a moment on, or none when the window ends before it', async () => {
    const { history, firstIdSince } = fakeKraken();
    // A moment between two of the test's own trades at least 2 ms apart: the later one is the first from it on.
    const n = history.trades.findIndex((t, i) => i >= 5000 && (history.trades[i + 1]?.time ?? 0) - t.time >= 2);
    const since = (history.trades[n]?.time ?? 0) + 1;
    const next = history.trades[n + 1];
    const firstId = (until: number) => firstIdSince('BTC/USD', since, until);
    expect(await firstId(since + 60_000)).toBe(next?.id);
    expect(await firstId((next?.time ?? 0) - 1)).toBeUndefined();
  });

  it('waits out Kraken\'s "EGeneral:Too many requests" on the pacer and asks again', async () => {
    const { asked, byId } = fakeKraken({ refuseFirstTrades: true });
    const trades = await byId('BTC/USD', 61_019_990, 10);
    expect(trades.map((t) => t.id)).toEqual(Array.from({ length: 10 }, (_, n) => 61_019_990 + n));
    expect(asked.filter((url) => url.startsWith('/0/public/Trades?pair=XXBTZUSD&count=1000'))).toHaveLength(2);
  });

  it('refuses a symbol that is not a Kraken pair', async () => {
    const { byId } = fakeKraken();
    await expect(byId('NOPE/USD', 1, 10)).rejects.toThrow("NOPE/USD: not a pair of Kraken's AssetPairs");
  });
});
