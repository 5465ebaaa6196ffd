import { describe, expect, it } from 'vitest';
import type { BybitRest } from '../bybit/bybit-rest.js';
import { bybitOptionTestVenue } from './__fixtures__/bybit-option-test-venue.js';

/** The documented option instrument's fields (market/instrument.mdx, Option tab's example), `symbolId` from its table. */
const INSTRUMENT_FIELDS = [
  'symbol',
  'symbolId',
  'status',
  'baseCoin',
  'quoteCoin',
  'settleCoin',
  'optionsType',
  'launchTime',
  'deliveryTime',
  'deliveryFeeRate',
  'priceFilter',
  'lotSizeFilter',
  'displayName',
];

/** The documented REST ticker fields (market/tickers.mdx, Option tab), in its order. */
const REST_TICKER_FIELDS = [
  'symbol',
  'bid1Price',
  'bid1Size',
  'bid1Iv',
  'ask1Price',
  'ask1Size',
  'ask1Iv',
  'lastPrice',
  'highPrice24h',
  'lowPrice24h',
  'markPrice',
  'indexPrice',
  'markIv',
  'underlyingPrice',
  'openInterest',
  'turnover24h',
  'volume24h',
  'totalVolume',
  'totalTurnover',
  'delta',
  'gamma',
  'vega',
  'theta',
  'predictedDeliveryPrice',
  'change24h',
];

/** The documented recent-trade fields (market/recent-trade.mdx), in its table's order, the option ones included. */
const TRADE_FIELDS = ['execId', 'symbol', 'price', 'size', 'side', 'time', 'isBlockTrade', 'isRPITrade', 'mP', 'iP', 'mIv', 'iv', 'seq'];

describe("Bybit's simulated option REST (category=option)", () => {
  const test = bybitOptionTestVenue();
  test.control.setTradeRate('bybit_options', 0.2);
  test.run(5_000);
  const { get } = test;
  const btc = get('/v5/market/instruments-info?category=option&baseCoin=BTC&limit=1000').result.list ?? [];

  it("lists BTC's options by default in the Option tab's fields, all USDT, paged by limit and cursor", () => {
    const whole = get('/v5/market/instruments-info?category=option');
    expect(whole).toMatchObject({ retCode: 0, retMsg: 'OK', retExtInfo: {}, result: { category: 'option', nextPageCursor: '' } });
    expect(Object.keys(whole)).toEqual(['retCode', 'retMsg', 'result', 'retExtInfo', 'time']);
    expect((whole.result.list ?? []).map((i) => i['symbol'])).toEqual(btc.map((i) => i['symbol']));
    expect(btc.length).toBeGreaterThan(200);
    for (const item of btc) {
      expect(Object.keys(item)).toEqual(INSTRUMENT_FIELDS);
      expect(item).toMatchObject({ status: 'Trading', baseCoin: 'BTC', quoteCoin: 'USDT', settleCoin: 'USDT', deliveryFeeRate: '0.00015' });
      expect(item['priceFilter']).toEqual({ minPrice: '5', maxPrice: '1110000', tickSize: '5' });
      expect(item['lotSizeFilter']).toEqual({ maxOrderQty: '500', minOrderQty: '0.01', qtyStep: '0.01' });
      const [coin, day, strike, type] = String(item['symbol']).split('-');
      expect(item['optionsType']).toBe(type === 'C' ? 'Call' : 'Put');
      expect(item['displayName']).toBe(`${coin ?? ''}USDT-${day ?? ''}-${strike ?? ''}-${type ?? ''}`);
      expect(new Date(Number(item['deliveryTime'])).getUTCHours()).toBe(8);
    }
    const paged: unknown[] = [];
    let cursor = '';
    for (let page = 0; page < 20 && (page === 0 || cursor !== ''); page += 1) {
      const result = get(`/v5/market/instruments-info?category=option&baseCoin=BTC&limit=50${cursor === '' ? '' : `&cursor=${cursor}`}`).result;
      expect((result.list ?? []).length).toBeLessThanOrEqual(50);
      paged.push(...(result.list ?? []).map((i) => i['symbol']));
      cursor = result.nextPageCursor ?? '';
    }
    expect(paged).toEqual(btc.map((i) => i['symbol']));
    expect(get('/v5/market/instruments-info?category=option&limit=1001')).toMatchObject({ retCode: 10001 });
    expect(get('/v5/market/instruments-info?category=option&cursor=nonsense')).toMatchObject({ retCode: 10001 });
  });

  it("sizes each coin's options in the coin at its step, and lists no coin without options", () => {
    const eth = get('/v5/market/instruments-info?category=option&baseCoin=ETH').result.list ?? [];
    const sol = get('/v5/market/instruments-info?category=option&baseCoin=SOL').result.list ?? [];
    expect(eth.every((i) => (i['lotSizeFilter'] as { qtyStep: string }).qtyStep === '0.1')).toBe(true);
    expect(sol.every((i) => (i['lotSizeFilter'] as { qtyStep: string }).qtyStep === '1')).toBe(true);
    expect(eth.length).toBeGreaterThan(200);
    expect(sol.length).toBeGreaterThan(10);
    expect(get('/v5/market/instruments-info?category=option&baseCoin=DOGE').result.list).toEqual([]);
  });

  it("answers tickers of a baseCoin (or a symbol, one of them required) in the Option tab's REST names, expDate narrowing them", () => {
    const tickers = get('/v5/market/tickers?category=option&baseCoin=BTC').result.list ?? [];
    expect(tickers.map((t) => t['symbol'])).toEqual(btc.map((i) => i['symbol']));
    for (const ticker of tickers) {
      expect(Object.keys(ticker)).toEqual(REST_TICKER_FIELDS);
      expect(Object.values(ticker).every((v) => typeof v === 'string')).toBe(true);
    }
    const symbol = String(btc[0]?.['symbol']);
    expect((get(`/v5/market/tickers?category=option&symbol=${symbol}`).result.list ?? []).map((t) => t['symbol'])).toEqual([symbol]);
    const day = symbol.split('-')[1] ?? '';
    const ofDay = get(`/v5/market/tickers?category=option&baseCoin=BTC&expDate=${day}`).result.list ?? [];
    expect(ofDay.length).toBeGreaterThan(0);
    expect(ofDay.every((t) => String(t['symbol']).split('-')[1] === day)).toBe(true);
    expect(get('/v5/market/tickers?category=option')).toMatchObject({ retCode: 10001 });
    expect(get('/v5/market/tickers?category=option&symbol=BTC-1JAN27-1-C-USDT')).toMatchObject({ retCode: 10001 });
  });

  it('answers recent-trade newest first, BTC by default, with the option figures the stream sent', () => {
    const all = get('/v5/market/recent-trade?category=option').result.list ?? [];
    expect(all.length).toBeGreaterThan(10);
    expect(all.length).toBeLessThanOrEqual(500);
    for (const trade of all) {
      expect(Object.keys(trade)).toEqual(TRADE_FIELDS);
      expect(String(trade['symbol'])).toMatch(/^BTC-/);
    }
    const times = all.map((t) => Number(t['time']));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(get('/v5/market/recent-trade?category=option&baseCoin=ETH&limit=3').result.list).toHaveLength(3);
    const puts = get('/v5/market/recent-trade?category=option&optionType=Put').result.list ?? [];
    expect(puts.length).toBeGreaterThan(0);
    expect(puts.every((t) => String(t['symbol']).endsWith('-P-USDT'))).toBe(true);
    const symbol = String(all[0]?.['symbol']);
    const own = get(`/v5/market/recent-trade?category=option&symbol=${symbol}&limit=1000`).result.list ?? [];
    expect(own.every((t) => t['symbol'] === symbol)).toBe(true);
    const made = test.control.madeTrades('bybit_options', symbol).at(-1);
    expect(own[0]).toMatchObject({ execId: made?.venueTradeId, time: String(made?.ts) });
    expect(get('/v5/market/recent-trade?category=option&limit=1001')).toMatchObject({ retCode: 10001 });
    expect(get('/v5/market/recent-trade?category=option&limit=0')).toMatchObject({ retCode: 10001 });
  });

  it('answers orderbook from the orderbook.25 book, 1 level by default and 25 at most', () => {
    const symbol = String(btc[Math.floor(btc.length / 2)]?.['symbol']);
    const book = get(`/v5/market/orderbook?category=option&symbol=${symbol}`).result;
    expect(Object.keys(book)).toEqual(['s', 'b', 'a', 'ts', 'u', 'seq', 'cts']);
    expect((book['a'] as unknown[]).length).toBe(1);
    expect((get(`/v5/market/orderbook?category=option&symbol=${symbol}&limit=25`).result['a'] as unknown[]).length).toBeGreaterThan(1);
    expect(get(`/v5/market/orderbook?category=option&symbol=${symbol}&limit=26`)).toMatchObject({ retCode: 10001 });
  });

  it("keeps Bybit's REST limit: past 600 requests in 5 s, 403 access too frequent", () => {
    const fresh = bybitOptionTestVenue();
    const api = fresh.venue.config.restApi as BybitRest;
    const statuses = Array.from({ length: 601 }, () => api.answer('GET', '/v5/market/instruments-info?category=option&limit=1').status);
    expect(statuses.slice(0, 600).every((s) => s === 200)).toBe(true);
    expect(api.answer('GET', '/v5/market/tickers?category=option&baseCoin=BTC')).toMatchObject({ status: 403, text: 'access too frequent' });
    expect(fresh.control.counters('bybit_options').refusals.restRate).toBeGreaterThan(0);
  });
});
