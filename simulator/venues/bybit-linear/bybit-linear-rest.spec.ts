import { describe, expect, it } from 'vitest';
import { BybitRest } from '../bybit/bybit-rest.js';
import { perpetualTestVenue, START_TS } from '../../perpetual/__fixtures__/perpetual-test-venue.js';
import { SimulatedMarket } from '../../simulated-market.js';
import { createVenueCounters } from '../../venue-counters.js';
import { restRouter } from '../../rest-router.js';
import { simBybitVenue } from '../bybit/sim-bybit-venue.js';
import { simBybitLinearVenue } from './sim-bybit-linear-venue.js';

type Envelope = { retCode: number; retMsg: string; result: Record<string, unknown> & { list?: Record<string, unknown>[]; nextPageCursor?: string } };

/** The linear venue of the specs (BTC, ETH, SOL, DOGE, XRP perpetuals) after some trading, and a GET on its REST API. */
function linearRest() {
  const test = perpetualTestVenue('bybit_linear', { coins: ['BTC', 'ETH', 'SOL', 'DOGE', 'XRP'] });
  test.run(3_000);
  const api = test.venue.config.restApi as BybitRest;
  const get = (target: string): Envelope => {
    const answer = api.answer('GET', target);
    expect(answer.status).toBe(200);
    return JSON.parse(answer.text) as Envelope;
  };
  return { ...test, api, get };
}

describe('Bybit linear REST (category=linear)', () => {
  it('pages instruments-info by limit and cursor until nextPageCursor is empty, and lists a dated future among the Trading contracts', () => {
    const { get } = linearRest();
    const whole = get('/v5/market/instruments-info?category=linear').result;
    const symbols = (whole.list ?? []).map((i) => i['symbol']);
    expect(symbols).toEqual(['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'DOGEUSDT', 'XRPUSDT', 'BTCUSDT-25SEP26']);
    expect(whole.nextPageCursor).toBe('');
    expect((whole.list ?? []).map((i) => i['contractType'])).toEqual([...Array<string>(5).fill('LinearPerpetual'), 'LinearFutures']);
    const paged: unknown[] = [];
    let cursor = '';
    for (let page = 0; page < 10; page++) {
      const result = get(`/v5/market/instruments-info?category=linear&limit=4${cursor === '' ? '' : `&cursor=${cursor}`}`).result;
      paged.push(...(result.list ?? []).map((i) => i['symbol']));
      cursor = result.nextPageCursor ?? '';
      if (cursor === '') break;
    }
    expect(paged).toEqual(symbols);
    expect(get('/v5/market/instruments-info?category=linear&limit=1001')).toMatchObject({ retCode: 10001 });
    expect(get('/v5/market/instruments-info?category=linear&cursor=nonsense')).toMatchObject({ retCode: 10001 });
  });

  it('lists a pre-market perpetual only when asked for status=PreLaunch, and a halted contract as Closed', () => {
    const { get, venue } = linearRest();
    const prelaunch = get('/v5/market/instruments-info?category=linear&status=PreLaunch').result.list ?? [];
    expect(prelaunch.map((i) => [i['symbol'], i['status'], i['isPreListing']])).toEqual([['NEWUSDT', 'PreLaunch', true]]);
    venue.config.market.setStatus('SOLUSDT', 'halted');
    expect((get('/v5/market/instruments-info?category=linear').result.list ?? []).map((i) => i['symbol'])).not.toContain('SOLUSDT');
    expect((get('/v5/market/instruments-info?category=linear&status=Closed').result.list ?? []).map((i) => i['symbol'])).toEqual(['SOLUSDT']);
  });

  it('writes tick size and lot step from the contract: BTC 0.01 and 0.001, DOGE 0.000001 and 1', () => {
    const { get } = linearRest();
    const list = get('/v5/market/instruments-info?category=linear').result.list ?? [];
    const of = (symbol: string) =>
      list.find((i) => i['symbol'] === symbol) as { priceFilter: { tickSize: string }; lotSizeFilter: { qtyStep: string }; priceScale: string };
    expect([of('BTCUSDT').priceFilter.tickSize, of('BTCUSDT').lotSizeFilter.qtyStep, of('BTCUSDT').priceScale]).toEqual(['0.01', '0.001', '2']);
    expect([of('DOGEUSDT').priceFilter.tickSize, of('DOGEUSDT').lotSizeFilter.qtyStep]).toEqual(['0.000001', '1']);
  });

  it('answers tickers with the derivative fields of the contract now', () => {
    const { get, venue } = linearRest();
    const [ticker] = get('/v5/market/tickers?category=linear&symbol=BTCUSDT').result.list ?? [];
    const state = venue.config.perpetual?.market.state('BTCUSDT');
    expect(ticker).toMatchObject({
      symbol: 'BTCUSDT',
      markPrice: state?.markPrice.toFixed(2),
      indexPrice: state?.indexPrice.toFixed(2),
      openInterest: state?.openInterest.toFixed(3),
      fundingRate: String(state?.fundingRate),
      nextFundingTime: String(Date.UTC(2026, 7, 10)),
      deliveryTime: '0',
    });
    expect(get('/v5/market/tickers?category=linear&symbol=NOPEUSDT')).toMatchObject({ retCode: 10001 });
  });

  it('serves recent-trade up to 1000 of the latest trades, newest first, with the stream\u2019s UUIDs; nothing older', () => {
    const { get, venue, run } = linearRest();
    venue.faults.tradesPerSecond = 400;
    run(3_000);
    const made = venue.config.market.madeTrades('BTCUSDT');
    expect(made.length).toBeGreaterThan(1000);
    const list = get('/v5/market/recent-trade?category=linear&symbol=BTCUSDT&limit=1000').result.list ?? [];
    expect(list).toHaveLength(1000);
    expect(list.map((t) => t['seq'])).toEqual(
      made
        .slice(-1000)
        .reverse()
        .map((t) => String(t.tradeId)),
    );
    expect((get('/v5/market/recent-trade?category=linear&symbol=BTCUSDT').result.list ?? []).length).toBe(500);
    expect(get('/v5/market/recent-trade?category=linear&symbol=BTCUSDT&limit=1001')).toMatchObject({
      retCode: 10001,
      retMsg: 'params error: limit must be 1-1000 for linear',
    });
  });

  it('serves the orderbook.1000 book as {s, a, b, ts, u, seq, cts}, its u the topic\u2019s', () => {
    const { get, connect, run, clock } = linearRest();
    const client = connect('/v5/public/linear');
    client.send({ op: 'subscribe', args: ['orderbook.1000.BTCUSDT'] });
    run(1_000);
    const frames = client.frames().filter((f) => (f as { topic?: string }).topic === 'orderbook.1000.BTCUSDT') as { data: { u: number; b: string[][] } }[];
    const result = get('/v5/market/orderbook?category=linear&symbol=BTCUSDT&limit=3').result;
    expect(Object.keys(result)).toEqual(['s', 'a', 'b', 'ts', 'u', 'seq', 'cts']);
    expect(result['u']).toBe(frames[frames.length - 1]?.data.u);
    expect((result['b'] as string[][]).length).toBe(3);
    expect(result['ts']).toBe(clock.now);
    expect(get('/v5/market/orderbook?category=linear&symbol=BTCUSDT&limit=1001')).toMatchObject({ retCode: 10001 });
  });

  it('is routed only category=linear requests, so that spot\u2019s API on the same paths keeps the others, whichever is given first', () => {
    const { api } = linearRest();
    const spot = new BybitRest({
      market: new SimulatedMarket({ symbols: [{ symbol: 'BTCUSDT', coin: 'BTC' }], seed: 1, idStep: 'sparse' }),
      clock: () => START_TS,
      limits: {},
      counters: createVenueCounters(),
    });
    const routed = restRouter([
      { routes: simBybitVenue.restRoutes, api: spot },
      { routes: simBybitLinearVenue.restRoutes, api },
    ]);
    expect(routed('/v5/market/tickers?category=linear')).toBe(api);
    expect(routed('/v5/market/tickers?symbol=BTCUSDT&category=linear')).toBe(api);
    expect(routed('/v5/market/tickers?category=spot')).toBe(spot);
    expect(routed('/v5/market/tickers?category=linearx')).toBe(spot);
    expect(restRouter([{ routes: simBybitLinearVenue.restRoutes, api }])('/v5/market/tickers?category=spot')).toBeUndefined();
  });
});
