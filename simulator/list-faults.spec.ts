import { describe, expect, it } from 'vitest';
import { BinanceDepthRest } from './venues/binance/binance-depth-rest.js';
import { binanceExchangeInfoEndpoint } from './venues/binance/binance-exchange-info.js';
import { binanceTicker24hrEndpoint } from './venues/binance/binance-ticker-24hr.js';
import { BybitRest } from './venues/bybit/bybit-rest.js';
import { ListFaults, truncatedBody } from './list-faults.js';
import { SimulatedBooks } from './simulated-books.js';
import { SimulatedMarket } from './simulated-market.js';
import { createVenueCounters } from './venue-counters.js';

const market = () =>
  new SimulatedMarket({ symbols: ['BTC', 'ETH'].map((coin) => ({ symbol: `${coin}USDT`, coin, quote: 'USDT' })), seed: 1, idStep: 'consecutive' });

function binance(): BinanceDepthRest {
  const m = market();
  return new BinanceDepthRest({
    books: new SimulatedBooks({ market: m, seed: 1 }),
    clock: () => 1_000,
    endpoints: [binanceExchangeInfoEndpoint(m, () => 6000), binanceTicker24hrEndpoint(m)],
  });
}

const bybit = () => new BybitRest({ market: market(), clock: () => 1_000, limits: {}, counters: createVenueCounters() });

const parses = (text: string | undefined): boolean => {
  try {
    JSON.parse(text ?? '');
    return true;
  } catch {
    return false;
  }
};

describe('ListFaults', () => {
  it('serves the armed faults one per answer in the order armed, counting them, then none', () => {
    const faults = new ListFaults();
    expect(faults.arm('empty', 2)).toBe(2);
    expect(faults.arm('slow', 1, 500)).toBe(3);
    expect([faults.take(), faults.take(), faults.take(), faults.take()]).toEqual([
      { kind: 'empty', delayMs: 0 },
      { kind: 'empty', delayMs: 0 },
      { kind: 'slow', delayMs: 500 },
      undefined,
    ]);
    expect(faults.counters()).toEqual({ listFaultsServed: 3, listFaultsPending: 0 });
  });

  it('holds a slow answer back 30 s unless told otherwise, and clear disarms what is left without forgetting what was served', () => {
    const faults = new ListFaults();
    faults.arm('slow', 3);
    expect(faults.take()).toEqual({ kind: 'slow', delayMs: 30_000 });
    faults.clear();
    expect(faults.take()).toBeUndefined();
    expect(faults.counters()).toEqual({ listFaultsServed: 1, listFaultsPending: 0 });
  });

  it('cuts a JSON answer into a body no JSON parser takes', () => {
    for (const json of ['{}', '[]', '{"symbols":[]}', JSON.stringify({ a: [1, 2, { b: 'c' }] })]) expect(parses(truncatedBody(json))).toBe(false);
  });
});

describe('Binance exchangeInfo under list faults', () => {
  it('answers each kind once, in order, then the full list again; depth and ticker/24hr are never touched', () => {
    const rest = binance();
    rest.listFaults.arm('empty', 1);
    rest.listFaults.arm('garbage', 1);
    rest.listFaults.arm('unavailable', 1);
    rest.listFaults.arm('slow', 1, 2_000);
    expect(rest.answer('GET', '/api/v3/ticker/24hr').status).toBe(200);
    expect(rest.answer('GET', '/api/v3/depth?symbol=BTCUSDT').delayMs).toBe(0);
    expect(rest.answer('GET', '/api/v3/exchangeInfo?symbol=NOPEUSDT')).toMatchObject({ status: 400, delayMs: 0 });
    expect(rest.listFaults.pending).toBe(4);

    const empty = rest.answer('GET', '/api/v3/exchangeInfo');
    expect(empty.status).toBe(200);
    const emptyBody = JSON.parse(empty.text ?? '') as { timezone: string; rateLimits: { limit: number }[]; symbols: unknown[] };
    expect(emptyBody).toMatchObject({ timezone: 'UTC', serverTime: 1_000, exchangeFilters: [], symbols: [] });
    expect(emptyBody.rateLimits[0]?.limit).toBe(6000);
    const garbage = rest.answer('GET', '/api/v3/exchangeInfo');
    expect(garbage.status).toBe(200);
    expect(parses(garbage.text)).toBe(false);
    expect(garbage.text).toMatch(/^\{"timezone":"UTC"/);
    expect(rest.answer('GET', '/api/v3/exchangeInfo')).toMatchObject({ status: 503, body: { code: -1008 } });
    const slow = rest.answer('GET', '/api/v3/exchangeInfo');
    expect(slow.delayMs).toBe(2_000);
    expect((JSON.parse(slow.text ?? '') as { symbols: unknown[] }).symbols).toHaveLength(2);

    const normal = rest.answer('GET', '/api/v3/exchangeInfo');
    expect(normal).toMatchObject({ status: 200, delayMs: 0 });
    expect((JSON.parse(normal.text ?? '') as { symbols: unknown[] }).symbols).toHaveLength(2);
    expect(rest.restCounters(1_000)).toMatchObject({ listFaultsServed: 4, listFaultsPending: 0, restRequests: 8 });
  });

  it("charges a faulty answer's weight, and a request refused for weight does not use up a fault", () => {
    const m = market();
    const clock = { now: 0 };
    const rest = new BinanceDepthRest({
      books: new SimulatedBooks({ market: m, seed: 1 }),
      clock: () => clock.now,
      limiter: { limitPerMinute: 30 },
      endpoints: [binanceExchangeInfoEndpoint(m, () => 30)],
    });
    rest.listFaults.arm('unavailable', 2);
    expect(rest.answer('GET', '/api/v3/exchangeInfo')).toMatchObject({ status: 503, headers: { 'x-mbx-used-weight-1m': '20' } });
    expect(rest.answer('GET', '/api/v3/exchangeInfo').status).toBe(429);
    expect(rest.listFaults.pending).toBe(1);
    clock.now = 60_000;
    expect(rest.answer('GET', '/api/v3/exchangeInfo').status).toBe(503);
    expect(rest.restCounters(clock.now)).toMatchObject({ listFaultsServed: 2, listFaultsPending: 0, restThrottled: 1 });
  });
});

describe('Bybit instruments-info under list faults', () => {
  it('answers each kind once, in order, then the full list again; tickers are never touched', () => {
    const rest = bybit();
    for (const kind of ['empty', 'garbage', 'unavailable'] as const) rest.listFaults.arm(kind, 1);
    rest.listFaults.arm('slow', 1, 1_500);
    const path = '/v5/market/instruments-info?category=spot';
    expect(rest.answer('GET', '/v5/market/tickers?category=spot')).toMatchObject({ status: 200 });
    expect(rest.answer('GET', '/v5/market/instruments-info')).toMatchObject({ status: 200 });
    expect(rest.listFaults.pending).toBe(4);

    const empty = rest.answer('GET', path);
    expect(JSON.parse(empty.text)).toMatchObject({ retCode: 0, retMsg: 'OK', result: { category: 'spot', list: [] } });
    const garbage = rest.answer('GET', path);
    expect(garbage).toMatchObject({ status: 200, type: 'application/json' });
    expect(parses(garbage.text)).toBe(false);
    expect(rest.answer('GET', path)).toMatchObject({ status: 503 });
    const slow = rest.answer('GET', path);
    expect(slow.delayMs).toBe(1_500);
    expect((JSON.parse(slow.text) as { result: { list: unknown[] } }).result.list).toHaveLength(2);
    const normal = rest.answer('GET', path);
    expect(normal.delayMs).toBeUndefined();
    expect((JSON.parse(normal.text) as { result: { list: unknown[] } }).result.list).toHaveLength(2);
    expect(rest.restCounters(1_000)).toMatchObject({ listFaultsServed: 4, listFaultsPending: 0 });
  });

  it('reset (clearFaults) disarms faults not yet served', () => {
    const rest = bybit();
    rest.listFaults.arm('unavailable', 5);
    expect(rest.answer('GET', '/v5/market/instruments-info?category=spot').status).toBe(503);
    rest.clearFaults();
    expect(rest.answer('GET', '/v5/market/instruments-info?category=spot').status).toBe(200);
    expect(rest.restCounters(1_000)).toMatchObject({ listFaultsServed: 1, listFaultsPending: 0 });
  });
});
