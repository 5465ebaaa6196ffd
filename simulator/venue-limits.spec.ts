import { describe, expect, it } from 'vitest';
import { BinanceDepthRest } from './venues/binance/binance-depth-rest.js';
import { binanceExchangeInfoEndpoint } from './venues/binance/binance-exchange-info.js';
import { binanceTicker24hrEndpoint } from './venues/binance/binance-ticker-24hr.js';
import { BybitRest } from './venues/bybit/bybit-rest.js';
import { ConnectionGate } from './connection-gate.js';
import { SimulatedBooks } from './simulated-books.js';
import { SimulatedMarket } from './simulated-market.js';
import { SlidingWindow } from './sliding-window.js';
import { createVenueCounters } from './venue-counters.js';
import { limitsOf } from './build-sim-venues.js';
import { DEFAULT_BINANCE_LIMITS } from './venues/binance/binance-limits.js';
import { DEFAULT_BYBIT_LIMITS } from './venues/bybit/bybit-limits.js';
import { SIM_VENUES } from './sim-venues.js';

const market = () =>
  new SimulatedMarket({ symbols: ['BTC', 'ETH', 'SOL'].map((coin) => ({ symbol: `${coin}USDT`, coin, quote: 'USDT' })), seed: 1, idStep: 'consecutive' });

describe("the venues' limits", () => {
  it('are the documented values by default, replaced field by field, and none when turned off', () => {
    expect(limitsOf(SIM_VENUES.binance, undefined)).toEqual(DEFAULT_BINANCE_LIMITS);
    expect(DEFAULT_BINANCE_LIMITS).toMatchObject({
      maxTopicsPerConnection: 1024,
      maxMessagesPerSecond: 5,
      connectionAttempts: { max: 300, windowMs: 300_000 },
    });
    expect(DEFAULT_BYBIT_LIMITS).toMatchObject({
      maxArgsPerRequest: 10,
      maxArgsCharsPerConnection: 21_000,
      connectionAttempts: { max: 500, windowMs: 300_000 },
      restRequests: { max: 600, windowMs: 5000, banMs: 600_000 },
    });
    expect(limitsOf(SIM_VENUES.bybit, { maxArgsPerRequest: 3 })).toEqual({ ...DEFAULT_BYBIT_LIMITS, maxArgsPerRequest: 3 });
    expect(limitsOf(SIM_VENUES.bybit, false)).toEqual({});
  });

  it('SlidingWindow counts the events of the last window only', () => {
    const window = new SlidingWindow(1000);
    expect([0, 100, 200, 999].map((t) => window.record(t))).toEqual([1, 2, 3, 4]);
    expect(window.record(1100)).toBe(3);
    expect(window.count(5000)).toBe(0);
  });

  it("ConnectionGate refuses attempts past the window's limit per IP with the venue's status, counting refused attempts too, until the window moves on", () => {
    const counters = createVenueCounters();
    const gate = new ConnectionGate({ connectionAttempts: { max: 3, windowMs: 10_000, refuseStatus: 429 }, maxTopicsPerConnection: 2 }, counters);
    expect([0, 1, 2].map((t) => gate.admit('10.0.0.1', t, 0).ok)).toEqual([true, true, true]);
    expect(gate.admit('10.0.0.1', 3, 0)).toMatchObject({ ok: false, status: 429 });
    expect(gate.admit('10.0.0.2', 4, 0).ok).toBe(true);
    expect(gate.admit('10.0.0.1', 9_000, 0)).toMatchObject({ ok: false });
    expect(gate.admit('10.0.0.1', 10_500, 0).ok).toBe(true);
    expect(gate.admit('10.0.0.2', 10_501, 3)).toMatchObject({ ok: false, status: 400 });
    expect(counters).toMatchObject({ connectionAttempts: 8, refusals: { connectionAttempts: 2, topicsPerConnection: 1 } });
    expect(gate.inWindow(10_501)).toBe(2);
    gate.clear();
    expect(gate.inWindow(10_501)).toBe(0);
  });

  it('Bybit REST: past 600 requests in 5 s, 403 "access too frequent" for every request until the 10-minute ban ends', () => {
    const counters = createVenueCounters();
    const clock = { now: 0 };
    const rest = new BybitRest({ market: market(), clock: () => clock.now, limits: DEFAULT_BYBIT_LIMITS, counters });
    for (let n = 0; n < 600; n += 1) {
      clock.now = n * 8;
      expect(rest.answer('GET', '/v5/market/tickers?category=spot').status).toBe(200);
    }
    expect(rest.answer('GET', '/v5/market/tickers?category=spot')).toEqual({ status: 403, type: 'text/plain', text: 'access too frequent' });
    clock.now += 60_000;
    expect(rest.answer('GET', '/v5/market/instruments-info?category=spot').status).toBe(403);
    clock.now = 4792 + 600_001;
    expect(rest.answer('GET', '/v5/market/instruments-info?category=spot').status).toBe(200);
    expect(counters.refusals.restRate).toBe(2);
    expect(rest.restCounters(clock.now)).toMatchObject({ restRequests: 601, restRefused: 2 });
  });

  it('Bybit REST: spot has no pagination (limit and cursor change nothing), errors come as retCode 10001 in an HTTP 200', () => {
    const rest = new BybitRest({ market: market(), clock: () => 0, limits: {}, counters: createVenueCounters() });
    const list = (target: string) =>
      (JSON.parse(rest.answer('GET', target).text) as { result: { list: { symbol: string }[]; nextPageCursor?: string } }).result;
    expect(list('/v5/market/instruments-info?category=spot&limit=1&cursor=abc')).toEqual(list('/v5/market/instruments-info?category=spot'));
    expect(list('/v5/market/instruments-info?category=spot').list.map((i) => i.symbol)).toEqual(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
    expect(list('/v5/market/instruments-info?category=spot').nextPageCursor).toBeUndefined();
    expect(list('/v5/market/tickers?category=spot&symbol=ETHUSDT').list.map((i) => i.symbol)).toEqual(['ETHUSDT']);
    for (const target of ['/v5/market/tickers', '/v5/market/tickers?category=linear', '/v5/market/tickers?category=spot&symbol=NOPE']) {
      const answer = rest.answer('GET', target);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.text)).toMatchObject({ retCode: 10001 });
    }
  });

  it('Binance REST: exchangeInfo weighs 20, ticker/24hr 2 for one symbol and 80 for all, all counted by the weight limiter', () => {
    const m = market();
    const rest = new BinanceDepthRest({
      books: new SimulatedBooks({ market: m, seed: 1 }),
      clock: () => 0,
      limiter: { limitPerMinute: 120 },
      endpoints: [binanceExchangeInfoEndpoint(m, () => 120), binanceTicker24hrEndpoint(m)],
    });
    const used = (target: string) => rest.answer('GET', target).headers['x-mbx-used-weight-1m'];
    expect(used('/api/v3/exchangeInfo')).toBe('20');
    expect(used('/api/v3/exchangeInfo?symbolStatus=TRADING')).toBe('40');
    expect(used('/api/v3/ticker/24hr?symbol=BTCUSDT')).toBe('42');
    expect(used('/api/v3/ticker/24hr?symbols=["BTCUSDT","ETHUSDT"]')).toBe('44');
    expect(rest.answer('GET', '/api/v3/ticker/24hr').status).toBe(429);
    expect(rest.restCounters(0)).toMatchObject({ restRequests: 5, restThrottled: 1, restWeightTotal: 44, restWeightUsed: 44 });
  });

  it("Binance exchangeInfo filters by symbolStatus, symbol and symbols, and answers a bad query with Binance's codes", () => {
    const m = market();
    m.setStatus('ETHUSDT', 'halted');
    m.setStatus('SOLUSDT', 'delisted');
    const rest = new BinanceDepthRest({
      books: new SimulatedBooks({ market: m, seed: 1 }),
      clock: () => 0,
      endpoints: [binanceExchangeInfoEndpoint(m, () => 6000)],
    });
    const symbols = (query: string) =>
      (JSON.parse(rest.answer('GET', `/api/v3/exchangeInfo${query}`).text ?? '{}') as { symbols: { symbol: string; status: string }[] }).symbols.map(
        (s) => `${s.symbol} ${s.status}`,
      );
    expect(symbols('')).toEqual(['BTCUSDT TRADING', 'ETHUSDT HALT', 'SOLUSDT BREAK']);
    expect(symbols('?symbolStatus=TRADING')).toEqual(['BTCUSDT TRADING']);
    expect(symbols('?symbol=ETHUSDT')).toEqual(['ETHUSDT HALT']);
    expect(symbols('?symbols=%5B%22SOLUSDT%22,%22BTCUSDT%22%5D')).toEqual(['SOLUSDT BREAK', 'BTCUSDT TRADING']);
    expect(rest.answer('GET', '/api/v3/exchangeInfo?symbol=NOPEUSDT')).toMatchObject({ status: 400, body: { code: -1121 } });
    expect(rest.answer('GET', '/api/v3/exchangeInfo?symbol=BTCUSDT&symbolStatus=TRADING')).toMatchObject({ status: 400, body: { code: -1128 } });
    expect(rest.answer('GET', '/api/v3/exchangeInfo?symbolStatus=OPEN')).toMatchObject({ status: 400, body: { code: -1122 } });
  });
});
