import { asyncScheduler, firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { restWeightPacer } from '../rest/rest-weight-pacer.js';
import { okxRestExample } from './__fixtures__/okx-frames-at-hand.js';
import type { OkxSizing } from './okx-contracts.js';
import { okxTradeHistory, readOkxHistoryTrades } from './okx-trade-history.js';

interface Trade {
  readonly id: number;
  readonly ts: number;
  readonly sz: string;
  readonly side: 'buy' | 'sell';
}

/**
 * An OKX REST API over a made-up history of one instrument, served as the docs describe `history-trades`:
 * `type=1` pages by trade id, `type=2` by time, `after` gives the records older than the cursor (ids
 * below it, times before it), newest first, `limit` at most 100. Ids consecutive from `firstId`, times
 * rising by 0 to 4 ms (some trades share a millisecond). It logs the paths asked.
 */
function fakeOkx(options: { readonly instId: string; readonly firstId: number; readonly count: number; readonly rateLimitFirst?: boolean }) {
  const trades: Trade[] = [];
  let ts = 1_700_000_000_000;
  for (let n = 0; n < options.count; n++) {
    ts += (n * 7) % 5;
    trades.push({ id: options.firstId + n, ts, sz: n % 3 === 0 ? '3' : '0.5', side: n % 2 === 0 ? 'buy' : 'sell' });
  }
  const asked: string[] = [];
  let refuse = options.rateLimitFirst === true;
  const send: typeof fetch = (input) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    asked.push(`${url.pathname}${url.search}`);
    const json = (body: unknown, status = 200) => Promise.resolve(new Response(JSON.stringify(body), { status }));
    if (refuse) {
      refuse = false;
      return json({ msg: 'Too Many Requests', code: '50011' }, 429);
    }
    const q = url.searchParams;
    if (url.pathname === '/api/v5/public/instruments') {
      const recorded = okxRestExample('okx-instruments-swap.json') as { data: { instId: string }[] };
      return json({ code: '0', msg: '', data: recorded.data.filter((entry) => entry.instId === q.get('instId')) });
    }
    if (url.pathname !== '/api/v5/market/history-trades' || q.get('instId') !== options.instId)
      return json({ code: '51001', msg: 'Instrument ID does not exist', data: [] });
    const after = Number(q.get('after'));
    const limit = Math.min(100, Number(q.get('limit') ?? 100));
    const older = trades.filter((t) => (q.get('type') === '2' ? t.ts < after : t.id < after));
    const page = older.slice(-limit).reverse();
    return json({
      code: '0',
      msg: '',
      data: page.map((t) => ({ instId: options.instId, side: t.side, sz: t.sz, px: '100.5', tradeId: String(t.id), ts: String(t.ts) })),
    });
  };
  return { trades, asked, send };
}

function readerOf(venue: ReturnType<typeof fakeOkx>, sizing: OkxSizing) {
  const reader = okxTradeHistory(
    {
      exchange: sizing === 'base' ? 'okx' : 'okx_swap',
      restUrl: 'http://okx.test/',
      pacer: restWeightPacer(asyncScheduler, { weightPerMinute: 1_000_000, minIntervalMs: 0, backoffInitialMs: 20 }),
      timeoutMs: 5000,
      scheduler: asyncScheduler,
      options: {},
      fetch: venue.send,
    },
    sizing,
  );
  const { byId, firstIdSince } = reader;
  if (byId === undefined || firstIdSince === undefined) throw new Error('both reads expected');
  return {
    byId: (symbol: string, fromId: number, limit: number) => firstValueFrom(byId(symbol, fromId, limit)),
    firstIdSince: (symbol: string, since: number, until: number) => firstValueFrom(firstIdSince(symbol, since, until)),
  };
}

describe('readOkxHistoryTrades', () => {
  it('reads the documentation\u2019s example answer, newest first as written', () => {
    expect(readOkxHistoryTrades(okxRestExample('okx-history-trades.json'))).toEqual([
      { tradeId: 242720720, px: '29963.2', sz: '0.00001', side: 'sell', ts: 1654161646974 },
      { tradeId: 242720719, px: '29964.1', sz: '0.00001', side: 'sell', ts: 1654161641568 },
    ]);
  });
});

describe('okxTradeHistory', () => {
  it('reads the trades from an id on, oldest first, asking `after` = fromId + n for n of them (at most 100)', async () => {
    const venue = fakeOkx({ instId: 'BTC-USDT', firstId: 500_000, count: 1000 });
    const { byId } = readerOf(venue, 'base');
    const page = await byId('BTC-USDT', 500_100, 1000);
    expect(page.map((t) => t.id)).toEqual(Array.from({ length: 100 }, (_, n) => 500_100 + n));
    expect(page[0]).toEqual({ id: 500_100, price: '100.5', qty: '0.5', time: venue.trades[100]?.ts, isBuyerMaker: false });
    expect(page[1]?.isBuyerMaker).toBe(true);
    expect(venue.asked).toEqual(['/api/v5/market/history-trades?instId=BTC-USDT&type=1&after=500200&limit=100']);
  });

  it('gives only the trades from the id on when fewer exist after it than asked', async () => {
    const venue = fakeOkx({ instId: 'BTC-USDT', firstId: 500_000, count: 1000 });
    const page = await readerOf(venue, 'base').byId('BTC-USDT', 500_990, 50);
    expect(page.map((t) => t.id)).toEqual(Array.from({ length: 10 }, (_, n) => 500_990 + n));
  });

  it('gives swap quantities in the base currency, the contract value read once from the instrument (3 contracts of 0.01 BTC: 0.03)', async () => {
    const venue = fakeOkx({ instId: 'BTC-USDT-SWAP', firstId: 9_000, count: 300 });
    const { byId } = readerOf(venue, 'contracts');
    const first = await byId('BTC-USDT-SWAP', 9_000, 10);
    expect(first.map((t) => t.qty)).toEqual(['0.03', '0.005', '0.005', '0.03', '0.005', '0.005', '0.03', '0.005', '0.005', '0.03']);
    await byId('BTC-USDT-SWAP', 9_010, 10);
    expect(venue.asked.filter((path) => path.startsWith('/api/v5/public/instruments'))).toEqual([
      '/api/v5/public/instruments?instType=SWAP&instId=BTC-USDT-SWAP',
    ]);
  });

  it('finds the first trade since a moment: the one after the newest trade before it, unless after the window\u2019s end', async () => {
    const venue = fakeOkx({ instId: 'BTC-USDT', firstId: 500_000, count: 1000 });
    const { firstIdSince } = readerOf(venue, 'base');
    // A moment between two trades at least 2 ms apart: the later one is the first since it.
    const n = venue.trades.findIndex((t, i) => i >= 400 && (venue.trades[i + 1]?.ts ?? 0) - t.ts >= 2);
    const since = (venue.trades[n]?.ts ?? 0) + 1;
    const next = venue.trades[n + 1];
    expect(await firstIdSince('BTC-USDT', since, since + 60_000)).toBe(next?.id);
    expect(venue.asked.slice(-2)).toEqual([
      `/api/v5/market/history-trades?instId=BTC-USDT&type=2&after=${since}&limit=1`,
      `/api/v5/market/history-trades?instId=BTC-USDT&type=1&after=${(venue.trades[n]?.id ?? 0) + 2}&limit=1`,
    ]);
    expect(await firstIdSince('BTC-USDT', since, (next?.ts ?? 0) - 1)).toBeUndefined();
    // After the last trade there is none.
    expect(await firstIdSince('BTC-USDT', (venue.trades.at(-1)?.ts ?? 0) + 1, (venue.trades.at(-1)?.ts ?? 0) + 60_000)).toBeUndefined();
  });

  it('finds the first trade of an instrument with none before the moment by reading back from the window\u2019s end', async () => {
    const venue = fakeOkx({ instId: 'NEW-USDT', firstId: 1, count: 40 });
    const since = (venue.trades[0]?.ts ?? 0) - 10;
    expect(await readerOf(venue, 'base').firstIdSince('NEW-USDT', since, since + 60_000)).toBe(1);
  });

  it('waits out a 429 (code 50011) on the pacer and asks again', async () => {
    const venue = fakeOkx({ instId: 'BTC-USDT', firstId: 500_000, count: 200, rateLimitFirst: true });
    const page = await readerOf(venue, 'base').byId('BTC-USDT', 500_000, 5);
    expect(page.map((t) => t.id)).toEqual([500_000, 500_001, 500_002, 500_003, 500_004]);
    expect(venue.asked).toHaveLength(2);
  });
});
