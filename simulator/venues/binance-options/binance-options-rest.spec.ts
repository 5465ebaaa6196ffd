import { describe, expect, it } from 'vitest';
import { binanceOptionsTestVenue } from './__fixtures__/binance-options-test-venue.js';

type OptionSymbol = { symbol: string; underlying: string; side: string; unit: number; expiryDate: number; status: string; filters: { filterType: string }[] };
type RestTrade = { id: number; tradeId?: number; symbol?: string; price: string; qty: string; side: number; time: number };

/** A venue that traded a while, and its busiest BTC option (the most trades made). */
function traded() {
  const test = binanceOptionsTestVenue();
  test.control.setTradeRate('binance_options', 0.5);
  test.run(8_000, 100);
  const info = test.get('/eapi/v1/exchangeInfo').body as { optionSymbols: OptionSymbol[] };
  const btc = info.optionSymbols.filter((s) => s.underlying === 'BTCUSDT');
  const symbol =
    btc.map((s) => s.symbol).sort((a, b) => test.control.madeTrades('binance_options', b).length - test.control.madeTrades('binance_options', a).length)[0] ??
    '';
  return { ...test, info, symbol };
}

describe("Binance's simulated options REST on /eapi/v1/", () => {
  it('lists every live option in exchangeInfo with the documented fields, USDT-settled, one contract of one coin', () => {
    const { info } = traded();
    const body = info as unknown as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['timezone', 'serverTime', 'optionContracts', 'optionAssets', 'optionSymbols', 'rateLimits']);
    expect(body['optionContracts']).toEqual(
      ['BTC', 'ETH', 'SOL'].map((c) => ({ baseAsset: c, quoteAsset: 'USDT', underlying: `${c}USDT`, settleAsset: 'USDT' })),
    );
    const first = info.optionSymbols[0] as OptionSymbol;
    expect(first.symbol).toMatch(/^BTC-\d{6}-\d+-[CP]$/);
    expect(first).toMatchObject({ unit: 1, status: 'TRADING', quoteAsset: 'USDT' });
    expect(first.filters.map((f) => f.filterType)).toEqual(['PRICE_FILTER', 'LOT_SIZE']);
    expect(new Date(first.expiryDate).getUTCHours()).toBe(8);
    expect(info.optionSymbols.every((s) => s.side === (s.symbol.endsWith('-C') ? 'CALL' : 'PUT'))).toBe(true);
  });

  it("answers trades with the latest, oldest first, under the stream's ids, and historicalTrades from an id on", () => {
    const { get, symbol, control } = traded();
    const made = control.madeTrades('binance_options', symbol);
    expect(made.length).toBeGreaterThan(3);
    const latest = get(`/eapi/v1/trades?symbol=${symbol}&limit=3`).body as RestTrade[];
    expect(latest.map((t) => t.id)).toEqual(made.slice(-3).map((t) => Number(t.venueTradeId)));
    expect(Object.keys(latest[0] ?? {})).toEqual(['id', 'symbol', 'price', 'qty', 'quoteQty', 'side', 'time']);
    const older = get(`/eapi/v1/historicalTrades?symbol=${symbol}&fromId=1&limit=2`).body as RestTrade[];
    expect(older.map((t) => [t.id, t.tradeId])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    const all = get(`/eapi/v1/historicalTrades?symbol=${symbol}&fromId=2&limit=500`).body as RestTrade[];
    expect(all.map((t) => t.id)).toEqual(made.slice(1).map((t) => Number(t.venueTradeId)));
    expect(get(`/eapi/v1/trades?symbol=${symbol}&limit=501`)).toMatchObject({ status: 400, body: { code: -1130 } });
    expect(get('/eapi/v1/trades?symbol=BTC-000000-1-C')).toMatchObject({ status: 400, body: { code: -1121 } });
    expect(get('/eapi/v1/trades')).toMatchObject({ status: 400, body: { code: -1102 } });
  });

  it("gives each option's 24 h statistics in ticker and its marks and greeks in mark", () => {
    const { get, symbol, control } = traded();
    const [ticker] = get(`/eapi/v1/ticker?symbol=${symbol}`).body as Record<string, unknown>[];
    const made = control.madeTrades('binance_options', symbol);
    expect(ticker).toMatchObject({ symbol, firstTradeId: 1, tradeCount: made.length });
    expect(Object.keys(ticker ?? {})).toEqual([
      'symbol',
      'priceChange',
      'priceChangePercent',
      'lastPrice',
      'lastQty',
      'open',
      'high',
      'low',
      'volume',
      'amount',
      'bidPrice',
      'askPrice',
      'openTime',
      'closeTime',
      'firstTradeId',
      'tradeCount',
      'strikePrice',
      'exercisePrice',
    ]);
    const all = get('/eapi/v1/ticker').body as unknown[];
    const info = get('/eapi/v1/exchangeInfo').body as { optionSymbols: unknown[] };
    expect(all.length).toBe(info.optionSymbols.length);
    const [mark] = get(`/eapi/v1/mark?symbol=${symbol}`).body as Record<string, string>[];
    expect(Object.keys(mark ?? {})).toEqual([
      'symbol',
      'markPrice',
      'bidIV',
      'askIV',
      'markIV',
      'delta',
      'theta',
      'gamma',
      'vega',
      'highPriceLimit',
      'lowPriceLimit',
      'riskFreeInterest',
    ]);
    expect(Number(mark?.['markIV'])).toBeGreaterThan(0.05);
    expect(get('/eapi/v1/index?underlying=BTCUSDT').body).toMatchObject({ indexPrice: expect.stringMatching(/^\d+(\.\d+)?$/) as unknown });
  });

  it('weighs requests per IP: 429 with Retry-After past 2,400 a minute, then 418 for asking on during the wait', () => {
    const { get } = traded();
    // historicalTrades weighs 20: the 121st of the minute passes 2,400.
    let last = get('/eapi/v1/historicalTrades?symbol=x', '10.0.0.1');
    for (let n = 0; n < 130 && last.status !== 429; n += 1) last = get('/eapi/v1/historicalTrades?symbol=x', '10.0.0.1');
    expect(last.status).toBe(429);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    expect(get('/eapi/v1/ping', '10.0.0.2').status).toBe(200);
    // The third request sent during the wait is banned (Binance's 418).
    const during = [1, 2, 3].map(() => get('/eapi/v1/ping', '10.0.0.1').status);
    expect(during).toEqual([429, 429, 418]);
  });

  it('serves the armed list faults on exchangeInfo', () => {
    const { get, control } = traded();
    control.listFault('binance_options', 'empty', 1);
    expect((get('/eapi/v1/exchangeInfo').body as { optionSymbols: unknown[] }).optionSymbols).toEqual([]);
    expect((get('/eapi/v1/exchangeInfo').body as { optionSymbols: unknown[] }).optionSymbols.length).toBeGreaterThan(0);
  });
});
