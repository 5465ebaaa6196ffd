import { describe, expect, it } from 'vitest';
import { BINANCE_DEPTH_WEIGHTS, BINANCE_US_DEPTH_WEIGHTS, BinanceDepthRest, depthWeight } from './binance-depth-rest.js';
import { SimulatedBooks } from '../../simulated-books.js';
import { SimulatedMarket } from '../../simulated-market.js';

/** Starts 10 s into a clock minute. */
const MINUTE_START = 28_333_333 * 60_000;

function api(limitPerMinute?: number) {
  const market = new SimulatedMarket({ symbols: [{ symbol: 'BTCUSDT', coin: 'BTC' }], seed: 3, idStep: 'consecutive' });
  const books = new SimulatedBooks({ market, seed: 3, depth: 300 });
  const clock = { now: MINUTE_START + 10_000 };
  const rest = new BinanceDepthRest({ books, clock: () => clock.now, ...(limitPerMinute === undefined ? {} : { limiter: { limitPerMinute } }) });
  const get = (query: string) => rest.answer('GET', `/api/v3/depth?${query}`);
  return { rest, get, clock, books };
}

describe('BinanceDepthRest', () => {
  it.each([
    [1, 5],
    [100, 5],
    [101, 25],
    [500, 25],
    [1000, 50],
    [1001, 250],
    [5000, 250],
  ])('limit %i weighs %i (Binance spot)', (limit, weight) => {
    expect(depthWeight(limit, BINANCE_DEPTH_WEIGHTS)).toBe(weight);
  });

  it('weighs Binance.US requests by its own table', () => {
    expect([100, 500, 1000, 5000].map((l) => depthWeight(l, BINANCE_US_DEPTH_WEIGHTS))).toEqual([1, 5, 10, 50]);
  });

  it("counts the minute's weight in x-mbx-used-weight-1m and serves at most `limit` levels (default 100)", () => {
    const { get } = api();
    const first = get('symbol=BTCUSDT');
    expect(first.status).toBe(200);
    expect(first.headers['x-mbx-used-weight-1m']).toBe('5');
    expect((first.body as { bids: unknown[] }).bids).toHaveLength(100);
    expect(get('symbol=BTCUSDT&limit=5000').headers['x-mbx-used-weight-1m']).toBe('255');
    const thousand = get('symbol=BTCUSDT&limit=1000');
    expect(thousand.headers['x-mbx-used-weight-1m']).toBe('305');
    expect((thousand.body as { asks: unknown[] }).asks).toHaveLength(300);
  });

  it('answers 429 with Retry-After to the next minute once 6000 would be passed, and charges nothing for it', () => {
    const { get, clock } = api();
    for (let n = 0; n < 24; n += 1) expect(get('symbol=BTCUSDT&limit=5000').status).toBe(200);
    const refused = get('symbol=BTCUSDT&limit=5000');
    expect(refused).toMatchObject({ status: 429, headers: { 'retry-after': '50', 'x-mbx-used-weight-1m': '6000' }, body: { code: -1003 } });
    clock.now = MINUTE_START + 60_000;
    expect(get('symbol=BTCUSDT&limit=5000')).toMatchObject({ status: 200, headers: { 'x-mbx-used-weight-1m': '250' } });
  });

  it('bans with 418 a client that keeps asking during the Retry-After wait, until the ban ends', () => {
    const { get, clock } = api(10);
    expect(get('symbol=BTCUSDT').status).toBe(200);
    expect(get('symbol=BTCUSDT').status).toBe(200);
    expect(get('symbol=BTCUSDT').status).toBe(429);
    expect(get('symbol=BTCUSDT').status).toBe(429);
    expect(get('symbol=BTCUSDT').status).toBe(429);
    const banned = get('symbol=BTCUSDT');
    expect(banned).toMatchObject({
      status: 418,
      headers: { 'retry-after': '120' },
      body: { code: -1003, msg: expect.stringContaining('IP banned until') as unknown },
    });
    clock.now += 119_000;
    expect(get('symbol=BTCUSDT')).toMatchObject({ status: 418, headers: { 'retry-after': '1' } });
    clock.now += 1_000;
    expect(get('symbol=BTCUSDT').status).toBe(200);
  });

  it('throttles exactly the next N requests when told to, and bans on demand', () => {
    const { rest, get, clock } = api();
    rest.limiter.throttleNext(2);
    expect([get('symbol=BTCUSDT'), get('symbol=BTCUSDT'), get('symbol=BTCUSDT')].map((a) => [a.status, a.headers['retry-after']])).toEqual([
      [429, '1'],
      [429, '1'],
      [200, undefined],
    ]);
    rest.limiter.ban(clock.now, 5_000);
    expect(get('symbol=BTCUSDT')).toMatchObject({ status: 418, headers: { 'retry-after': '5' } });
    expect(rest.counters).toEqual({ restRequests: 4, restThrottled: 2, restBanned: 1 });
  });

  it('holds back the next snapshot when it is late, frozen at the time the fault was set if asked', () => {
    const { rest, get, books } = api();
    const book = books.book('BTCUSDT');
    rest.lateSnapshot(750, 'BTCUSDT', true);
    const frozenAt = book?.updateId;
    books.step();
    books.step();
    const late = get('symbol=BTCUSDT&limit=10');
    expect(late.delayMs).toBe(750);
    expect((late.body as { lastUpdateId: number }).lastUpdateId).toBe(frozenAt);
    expect(frozenAt).toBeLessThan(book?.updateId ?? 0);
    const next = get('symbol=BTCUSDT&limit=10');
    expect(next.delayMs).toBe(0);
    expect((next.body as { lastUpdateId: number }).lastUpdateId).toBe(book?.updateId);
    expect(rest.lateSnapshot(10, 'XYZUSDT', false)).toBe(false);
  });

  it.each([
    ['symbol=XYZUSDT', 400, -1121],
    ['limit=10', 400, -1102],
    ['symbol=BTCUSDT&limit=abc', 400, -1100],
    ['symbol=BTCUSDT&limit=0', 400, -1100],
  ])('answers %s with %i and Binance code %i', (query, status, code) => {
    expect(api().get(query)).toMatchObject({ status, body: { code } });
  });

  it('answers other paths 404 and other methods 405', () => {
    const { rest } = api();
    expect(rest.answer('GET', '/api/v3/ticker').status).toBe(404);
    expect(rest.answer('POST', '/api/v3/depth?symbol=BTCUSDT')).toMatchObject({ status: 405, headers: { allow: 'GET' } });
  });
});
