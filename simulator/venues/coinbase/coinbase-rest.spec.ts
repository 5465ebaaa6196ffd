import { describe, expect, it } from 'vitest';
import { SimulatedMarket } from '../../simulated-market.js';
import { createVenueCounters } from '../../venue-counters.js';
import { recordedJson, shape } from './__fixtures__/recorded-frames.js';
import { DEFAULT_COINBASE_LIMITS } from './coinbase-limits.js';
import { CoinbaseRest } from './coinbase-rest.js';
import { restRouter } from '../../rest-router.js';
import { simCoinbaseVenue } from './sim-coinbase-venue.js';

type Json = Record<string, unknown>;
interface RestTrade {
  readonly trade_id: string;
  readonly time: string;
  readonly side: string;
  readonly price: string;
}

const START = 1_786_309_548_000;

/** BTC-USD and its USDC alias, DAI-USD (delisted, as recorded) and DAI-USDC, 300 BTC-USD trades 100 ms apart. */
function api(limits = DEFAULT_COINBASE_LIMITS) {
  const symbols = ['BTC-USD', 'BTC-USDC', 'DAI-USD', 'DAI-USDC'].map((symbol) => {
    const [coin = '', quote = ''] = symbol.split('-');
    return { symbol, coin, quote, sizeDecimals: coin === 'DAI' ? 5 : 8, ...(coin === 'DAI' ? { price: 0.9985, priceDecimals: 4 } : {}) };
  });
  const market = new SimulatedMarket({ symbols, seed: 4, idStep: 'consecutive' });
  for (let n = 0; n < 300; n += 1) market.nextTrade('BTC-USD', START + n * 100);
  market.setStatus('DAI-USD', 'delisted');
  let now = START + 30_000;
  const counters = createVenueCounters();
  const rest = new CoinbaseRest({ market, clock: () => now, limits, counters });
  const get = (target: string): { status: number; type: string; body: Json } => {
    const answer = rest.answer('GET', target);
    return {
      status: answer.status,
      type: String(answer.type),
      body: answer.type === 'application/json' ? (JSON.parse(answer.text) as Json) : { text: answer.text },
    };
  };
  return { rest, market, counters, get, wait: (ms: number) => (now += ms) };
}

const recordedProducts = recordedJson('coinbase-products.json') as { products: Json[] };
const recordedProduct = (id: string): Json => recordedProducts.products.find((p) => p['product_id'] === id) ?? {};

describe('CoinbaseRest products', () => {
  it('lists every product in one page, each with the recorded fields in their order and types', () => {
    const { get } = api();
    const { status, body } = get('/api/v3/brokerage/market/products');
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(Object.keys(recordedProducts));
    expect(body['num_products']).toBe(4);
    expect(body['pagination']).toEqual({ prev_cursor: '', next_cursor: '', has_next: false, has_prev: false });
    const products = new Map((body['products'] as Json[]).map((p) => [p['product_id'], p]));
    for (const id of ['BTC-USD', 'BTC-USDC', 'DAI-USD']) expect(shape(products.get(id))).toEqual(shape(recordedProduct(id)));
  });

  it('writes increments from the market’s decimals, USD/USDC aliases, and a delisted product as recorded', () => {
    const { get } = api();
    const products = new Map((get('/api/v3/brokerage/market/products').body['products'] as Json[]).map((p) => [p['product_id'], p]));
    expect(products.get('BTC-USD')).toMatchObject({
      status: 'online',
      trading_disabled: false,
      product_type: 'SPOT',
      quote_increment: '0.01',
      price_increment: '0.01',
      base_increment: '0.00000001',
      base_min_size: '0.00000001',
      alias: '',
      alias_to: ['BTC-USDC'],
      base_currency_id: 'BTC',
      quote_currency_id: 'USD',
      approximate_quote_24h_volume: expect.stringMatching(/^\d+(\.\d{1,2})?$/) as unknown,
    });
    expect(products.get('BTC-USDC')).toMatchObject({ alias: 'BTC-USD', alias_to: [], quote_display_symbol: 'USD', quote_currency_id: 'USDC' });
    const recordedDai = recordedProduct('DAI-USD');
    const dai = products.get('DAI-USD') ?? {};
    for (const key of ['status', 'trading_disabled', 'volume_24h', 'approximate_quote_24h_volume', 'high_24h', 'low_24h', 'quote_increment', 'base_increment'])
      expect([key, dai[key]]).toEqual([key, recordedDai[key]]);
  });

  it('filters by product_ids, serves one product, and answers an unknown one 404 in the venue’s error shape', () => {
    const { get } = api();
    const some = get('/api/v3/brokerage/market/products?product_ids=BTC-USD&product_ids=DAI-USDC').body;
    expect((some['products'] as Json[]).map((p) => p['product_id'])).toEqual(['BTC-USD', 'DAI-USDC']);
    expect(get('/api/v3/brokerage/market/products?product_type=FUTURE').body['num_products']).toBe(0);
    expect(get('/api/v3/brokerage/market/products/BTC-USD').body['product_id']).toBe('BTC-USD');
    expect(get('/api/v3/brokerage/market/products/NOPE-USD')).toMatchObject({
      status: 404,
      body: { error: 'NOT_FOUND', error_details: 'valid product_id is required', message: 'valid product_id is required' },
    });
  });

  it('serves armed list faults in turn: empty, garbage, unavailable (HTML 503), slow; then the list again', () => {
    const { rest } = api();
    rest.listFaults.arm('empty', 1);
    rest.listFaults.arm('garbage', 1);
    rest.listFaults.arm('unavailable', 1);
    rest.listFaults.arm('slow', 1, 30_000);
    const target = '/api/v3/brokerage/market/products';
    expect(JSON.parse(rest.answer('GET', target).text)).toMatchObject({ products: [], num_products: 0 });
    expect(() => JSON.parse(rest.answer('GET', target).text) as unknown).toThrow();
    expect(rest.answer('GET', target)).toMatchObject({ status: 503, type: 'text/html', text: expect.stringContaining('<title>Coinbase</title>') as unknown });
    expect(rest.answer('GET', target).delayMs).toBe(30_000);
    expect(rest.answer('GET', target).delayMs).toBeUndefined();
    expect(rest.restCounters(0)).toMatchObject({ listFaultsServed: 4, listFaultsPending: 0 });
  });
});

describe('CoinbaseRest public market trades', () => {
  const ticker = (query: string) => `/api/v3/brokerage/market/products/BTC-USD/ticker?${query}`;

  it('answers in the shape of a recorded answer: newest first, the maker’s side, the WebSocket’s trade ids', () => {
    const { get, market } = api();
    const { status, body } = get(ticker('limit=5'));
    expect(status).toBe(200);
    expect(shape(body)).toEqual(shape(recordedJson('coinbase-market-trades-rest.json')));
    const trades = body['trades'] as RestTrade[];
    const made = market.madeTrades('BTC-USD').slice(-5).reverse();
    expect(trades.map((t) => t.trade_id)).toEqual(made.map((t) => String(t.tradeId)));
    expect(trades.map((t) => t.side)).toEqual(made.map((t) => (t.isBuyerMaker ? 'BUY' : 'SELL')));
    for (const trade of trades) expect(trade.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const state = market.state('BTC-USD');
    expect([body['best_bid'], body['best_ask']]).toEqual([state?.bid.toFixed(2).replace(/\.?0+$/, ''), state?.ask.toFixed(2).replace(/\.?0+$/, '')]);
  });

  it('gives at most 100 trades without a window, and up to limit (1000 at most) of the newest in [start, end] with one', () => {
    const { get } = api();
    expect((get(ticker('limit=1000')).body['trades'] as unknown[]).length).toBe(100);
    const start = Math.floor(START / 1000) + 5;
    const end = start + 10;
    const windowed = get(ticker(`limit=1000&start=${start}&end=${end}`)).body['trades'] as RestTrade[];
    expect(windowed).toHaveLength(101);
    for (const trade of windowed) expect(Date.parse(trade.time)).toBeGreaterThanOrEqual(start * 1000);
    expect(Date.parse(windowed[0]?.time ?? '')).toBeLessThanOrEqual(end * 1000 + 1);
    const newest = get(ticker(`limit=3&start=${start}&end=${end}`)).body['trades'] as RestTrade[];
    expect(newest.map((t) => t.trade_id)).toEqual(windowed.slice(0, 3).map((t) => t.trade_id));
  });

  it('requires a whole limit of at least 1 and whole-second start and end', () => {
    const { get } = api();
    for (const query of ['', 'limit=0', 'limit=x', 'limit=5&start=1.5']) {
      const { status, body } = get(ticker(query));
      expect([query, status, body['error']]).toEqual([query, 400, 'INVALID_ARGUMENT']);
      expect(Object.keys(body)).toEqual(['error', 'error_details', 'message']);
    }
    expect(get('/api/v3/brokerage/market/products/NOPE-USD/ticker?limit=5').status).toBe(404);
  });
});

describe('CoinbaseRest limits and routes', () => {
  it('answers 10 requests a second per IP; past it 429 with an HTML page until the second has passed', () => {
    const { rest, counters, wait } = api();
    const target = '/api/v3/brokerage/market/products/BTC-USD';
    const statuses = Array.from({ length: 12 }, () => rest.answer('GET', target).status);
    expect(statuses).toEqual([...Array<number>(10).fill(200), 429, 429]);
    const refused = rest.answer('GET', target, '10.0.0.2');
    expect(refused.status).toBe(200);
    const throttled = rest.answer('GET', target);
    expect(throttled).toMatchObject({ status: 429, type: 'text/html' });
    expect(throttled.text.startsWith('<html>')).toBe(true);
    expect(counters.refusals.restRate).toBe(3);
    wait(1000);
    expect(rest.answer('GET', target).status).toBe(200);
    expect(rest.restCounters(0)).toMatchObject({ restRequests: 12, restRefused: 3 });
  });

  it('is routed /api/v3/brokerage only, answers the authenticated twins 401 and unknown paths 404', () => {
    const { rest } = api({});
    const routed = restRouter([{ routes: simCoinbaseVenue.restRoutes, api: rest }]);
    expect(
      ['/api/v3/brokerage/market/products', '/api/v3/brokerage?x=1', '/api/v3/exchangeInfo', '/api/v3/brokerages', '/v5/market/tickers'].map(
        (t) => routed(t) === rest,
      ),
    ).toEqual([true, true, false, false, false]);
    expect(rest.answer('GET', '/api/v3/brokerage/products/BTC-USD/ticker?limit=1').status).toBe(401);
    expect(rest.answer('GET', '/api/v3/brokerage/market/products/BTC-USD/candles').status).toBe(404);
    expect(rest.answer('POST', '/api/v3/brokerage/market/products').status).toBe(405);
  });
});
