import { describe, expect, it } from 'vitest';
import { shape } from '../../__fixtures__/json-shape.js';
import { documented, okxTestVenue } from './__fixtures__/okx-test-venue.js';
import type { OkxRest } from './okx-rest.js';

interface Row {
  readonly instId: string;
  readonly tradeId: string;
  readonly px: string;
  readonly sz: string;
  readonly side: string;
  readonly ts: string;
}

/** The spot venue after `ms` of BTC and ETH trading at 20 a second, and a reader of its REST answers. */
function traded(ms = 30_000, options: Parameters<typeof okxTestVenue>[1] = {}) {
  const venue = okxTestVenue('okx', options);
  venue.run(ms);
  const rest = venue.venue.config.restApi as OkxRest;
  const get = (target: string, ip?: string) => {
    const answer = rest.answer('GET', target, ip);
    return { status: answer.status, body: JSON.parse(answer.text) as { code: string; msg: string; data: Record<string, unknown>[] } };
  };
  const ids = (target: string) => (get(target).body.data as unknown as Row[]).map((r) => Number(r.tradeId));
  const tape = venue.control.madeTrades('okx', 'BTC-USDT');
  return { ...venue, rest, get, ids, tape };
}

const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, from - to + 1) }, (_, k) => from - k);

describe('OKX REST: history-trades paging', () => {
  it('answers in the documented shape; newest first; each row as the tape has it (sz in base on spot)', () => {
    const { get, tape } = traded();
    const answer = get('/api/v5/market/history-trades?instId=BTC-USDT');
    expect(answer.status).toBe(200);
    expect(shape(answer.body)).toEqual(shape(documented('history-trades')));
    const rows = answer.body.data as unknown as Row[];
    const newest = tape.slice(-100).reverse();
    expect(rows.map((r) => [Number(r.tradeId), Number(r.px), Number(r.sz), r.side, Number(r.ts)])).toEqual(
      newest.map((t) => [t.tradeId, t.price, t.quantity, t.isBuyerMaker ? 'sell' : 'buy', t.ts]),
    );
  });

  it('pages by trade id as OKX does: after = older than it, before = newer (alone: the latest), both = between; limit at most 100', () => {
    const { ids, tape } = traded();
    const newest = tape.at(-1)?.tradeId ?? 0;
    const x = newest - 250;
    expect(ids(`/api/v5/market/history-trades?instId=BTC-USDT&after=${x}&limit=5`)).toEqual(range(x - 1, x - 5));
    expect(ids(`/api/v5/market/history-trades?instId=BTC-USDT&after=${x}`)).toEqual(range(x - 1, x - 100));
    expect(ids(`/api/v5/market/history-trades?instId=BTC-USDT&after=${x}&limit=500`)).toHaveLength(100);
    expect(ids(`/api/v5/market/history-trades?instId=BTC-USDT&before=${newest - 3}`)).toEqual(range(newest, newest - 2));
    expect(ids(`/api/v5/market/history-trades?instId=BTC-USDT&before=${x}&limit=10`)).toEqual(range(newest, newest - 9));
    expect(ids(`/api/v5/market/history-trades?instId=BTC-USDT&after=${x}&before=${x - 4}`)).toEqual(range(x - 1, x - 3));
    expect(ids(`/api/v5/market/history-trades?instId=BTC-USDT&after=${newest + 1000}&limit=2`)).toEqual(range(newest, newest - 1));
  });

  it('walks the whole kept history backwards by after, every trade once', () => {
    const { ids, tape } = traded();
    const seen: number[] = [];
    let page = ids('/api/v5/market/history-trades?instId=BTC-USDT');
    while (page.length > 0) {
      seen.push(...page);
      page = ids(`/api/v5/market/history-trades?instId=BTC-USDT&after=${page.at(-1) ?? 0}`);
    }
    expect(seen).toEqual(tape.map((t) => t.tradeId).reverse());
  });

  it('pages by time (type=2): after = made before that time; before is refused with 50039', () => {
    const { get, ids, tape } = traded();
    const cut = tape[tape.length - 200]?.ts ?? 0;
    const older = tape.filter((t) => t.ts < cut).slice(-100);
    expect(ids(`/api/v5/market/history-trades?instId=BTC-USDT&type=2&after=${cut}`)).toEqual(older.map((t) => t.tradeId).reverse());
    expect(get(`/api/v5/market/history-trades?instId=BTC-USDT&type=2&after=${cut}&before=${cut - 10_000}`)).toEqual({
      status: 200,
      body: { code: '50039', msg: 'Parameter "before" isn\'t supported for timestamp pagination', data: [] },
    });
  });

  it("answers OKX's errors: 50014 without instId, 51001 for an unknown one, 51000 for a bad type, after or limit", () => {
    const { get } = traded(1_000);
    expect(get('/api/v5/market/history-trades')).toEqual({ status: 400, body: { code: '50014', msg: 'Parameter instId can not be empty.', data: [] } });
    expect(get('/api/v5/market/history-trades?instId=NOPE-USDT')).toEqual({
      status: 200,
      body: { code: '51001', msg: "Instrument ID, Instrument ID code or Spread ID doesn't exist.", data: [] },
    });
    for (const [query, parameter] of [
      ['type=3', 'type'],
      ['after=-1', 'after'],
      ['before=1e3', 'before'],
      ['limit=0', 'limit'],
      ['limit=ten', 'limit'],
    ])
      expect(get(`/api/v5/market/history-trades?instId=BTC-USDT&${query}`)).toEqual({
        status: 400,
        body: { code: '51000', msg: `Parameter ${parameter} error`, data: [] },
      });
  });

  it('GET /market/trades: the newest 100 by default, at most 500', () => {
    const { ids, tape } = traded();
    const newest = tape.at(-1)?.tradeId ?? 0;
    expect(ids('/api/v5/market/trades?instId=BTC-USDT')).toEqual(range(newest, newest - 99));
    expect(ids('/api/v5/market/trades?instId=BTC-USDT&limit=900')).toHaveLength(500);
  });
});

describe('OKX REST: lists, limits and faults', () => {
  it('instruments and tickers: the documented shapes for the venue\u2019s type, nothing for another, 50014 and 51000 for a missing or unknown type', () => {
    const { get, control } = traded(1_000);
    const doc = documented('instruments') as { data: Record<string, unknown>[] };
    const withoutChanges = { ...doc, data: doc.data.map((entry) => ({ ...entry, upcChg: [] })) };
    const instruments = get('/api/v5/public/instruments?instType=SPOT');
    expect(shape(instruments.body)).toEqual(shape(withoutChanges));
    expect(instruments.body.data.map((i) => [i['instId'], i['state'], i['tickSz'], i['lotSz']])).toEqual([
      ['BTC-USDT', 'live', '0.01', '0.000001'],
      ['ETH-USDT', 'live', '0.01', '0.000001'],
    ]);
    expect(shape(get('/api/v5/market/tickers?instType=SPOT').body)).toEqual(shape(documented('ticker')));
    expect(get('/api/v5/public/instruments?instType=SWAP').body).toEqual({ code: '0', msg: '', data: [] });
    expect(get('/api/v5/market/tickers')).toMatchObject({ status: 400, body: { code: '50014' } });
    expect(get('/api/v5/public/instruments?instType=SPOTS')).toMatchObject({ status: 400, body: { code: '51000', msg: 'Parameter instType error' } });
    control.halt('okx', 'ETH-USDT');
    control.delist('okx', 'BTC-USDT');
    expect(get('/api/v5/public/instruments?instType=SPOT').body.data.map((i) => [i['instId'], i['state']])).toEqual([['ETH-USDT', 'suspend']]);
  });

  it('refuses past 20 history requests per 2 s per IP with HTTP 429 50011, each endpoint and IP counted apart', () => {
    const { get, run, venue } = traded(1_000);
    for (let n = 0; n < 20; n++) expect(get('/api/v5/market/history-trades?instId=BTC-USDT').status).toBe(200);
    expect(get('/api/v5/market/history-trades?instId=BTC-USDT')).toEqual({ status: 429, body: { code: '50011', msg: 'Too Many Requests', data: [] } });
    expect(get('/api/v5/market/trades?instId=BTC-USDT').status).toBe(200);
    expect(get('/api/v5/market/history-trades?instId=BTC-USDT', '10.0.0.2').status).toBe(200);
    for (let n = 0; n < 20; n++) get('/api/v5/public/instruments?instType=SPOT');
    expect(get('/api/v5/public/instruments?instType=SPOT').status).toBe(429);
    expect(get('/api/v5/public/instruments?instType=SWAP').status).toBe(200);
    run(2_000);
    expect(get('/api/v5/market/history-trades?instId=BTC-USDT').status).toBe(200);
    expect(venue.counters.refusals.restRate).toBe(2);
  });

  it('answers the instruments list with the armed list faults, then normally', () => {
    const { rest, get } = traded(1_000);
    for (const kind of ['empty', 'garbage', 'unavailable'] as const) rest.listFaults.arm(kind, 1);
    rest.listFaults.arm('slow', 1, 1_500);
    expect(get('/api/v5/market/tickers?instType=SPOT').body.data).toHaveLength(2);
    expect(get('/api/v5/public/instruments?instType=SPOT').body).toEqual({ code: '0', msg: '', data: [] });
    expect(() => JSON.parse(rest.answer('GET', '/api/v5/public/instruments?instType=SPOT').text) as unknown).toThrow();
    expect(get('/api/v5/public/instruments?instType=SPOT')).toMatchObject({ status: 503, body: { code: '50001' } });
    expect(rest.answer('GET', '/api/v5/public/instruments?instType=SPOT').delayMs).toBe(1_500);
    expect(get('/api/v5/public/instruments?instType=SPOT').body.data).toHaveLength(2);
  });
});
