import { describe, expect, it } from 'vitest';
import { START_TS, krakenTestMarket } from './__fixtures__/kraken-test-venue.js';
import type { SimulatedTrade } from '../../simulated-market.js';
import { createVenueCounters } from '../../venue-counters.js';
import { SimKrakenProtocol } from './sim-kraken-protocol.js';
import { fakeConnection } from './__fixtures__/kraken-test-venue.js';
import { DEFAULT_KRAKEN_LIMITS, type KrakenVenueLimits } from './kraken-limits.js';
import { KrakenRest } from './kraken-rest.js';
import { restRouter } from '../../rest-router.js';
import { simKrakenVenue } from './sim-kraken-venue.js';

type Body = { error: string[]; result: Record<string, unknown> };
type TradeRow = [string, string, number, string, string, string, number];

/** The REST API over a market with `trades` BTC/USD trades, 4 per millisecond, on a hand-moved clock. */
function rest(options: { readonly limits?: KrakenVenueLimits; readonly trades?: number } = {}) {
  const market = krakenTestMarket();
  const made: SimulatedTrade[] = [];
  for (let n = 0; n < (options.trades ?? 0); n += 1) made.push(market.nextTrade('BTC/USD', START_TS + Math.floor(n / 4)) as SimulatedTrade);
  const clock = { now: START_TS + 60_000 };
  const counters = createVenueCounters();
  const api = new KrakenRest({ market, clock: () => clock.now, limits: options.limits ?? {}, counters });
  const get = (target: string) => {
    const answer = api.answer('GET', target);
    return { ...answer, body: JSON.parse(answer.text) as Body };
  };
  return { market, made, clock, counters, api, get };
}

/** The keys of the documented AssetPairs example (XXBTZUSD), margin and position limits left out. */
const DOC_PAIR_KEYS = [
  'altname',
  'wsname',
  'aclass_base',
  'base',
  'aclass_quote',
  'quote',
  'lot',
  'cost_decimals',
  'pair_decimals',
  'lot_decimals',
  'lot_multiplier',
  'leverage_buy',
  'leverage_sell',
  'fees',
  'fees_maker',
  'fee_volume_currency',
  'margin_call',
  'margin_stop',
  'ordermin',
  'costmin',
  'tick_size',
  'status',
];

describe('KrakenRest', () => {
  it('lists the pairs in AssetPairs under <BASE><QUOTE> keys with v1 wsnames (XBT, XDG), legacy asset ids and the pair precisions', () => {
    const { get } = rest();
    expect(get('/0/public/AssetPairs').body.error).toEqual([]);
    const { result } = get('/0/public/AssetPairs').body;
    expect(Object.keys(result)).toEqual(['XBTUSD', 'XDGUSDT']);
    const btc = result['XBTUSD'] as Record<string, unknown>;
    expect(Object.keys(btc)).toEqual(DOC_PAIR_KEYS);
    expect(btc).toMatchObject({ altname: 'XBTUSD', wsname: 'XBT/USD', base: 'XXBT', quote: 'ZUSD', pair_decimals: 1, lot_decimals: 8 });
    expect(btc).toMatchObject({ cost_decimals: 5, tick_size: '0.1', ordermin: '0.0001', status: 'online' });
    expect(result['XDGUSDT']).toMatchObject({ altname: 'XDGUSDT', wsname: 'XDG/USDT', base: 'XXDG', quote: 'USDT', pair_decimals: 5, tick_size: '0.00001' });
  });

  it('takes pair= as the key, the altname or (AssetPairs only) the v2 name, a comma list; an unknown pair is EQuery:Unknown asset pair with HTTP 200', () => {
    const { get } = rest();
    expect(Object.keys(get('/0/public/AssetPairs?pair=BTC/USD,XDGUSDT').body.result)).toEqual(['XBTUSD', 'XDGUSDT']);
    expect(Object.keys(get('/0/public/Ticker?pair=XBTUSD').body.result)).toEqual(['XBTUSD']);
    for (const target of [
      '/0/public/AssetPairs?pair=XBTEUR',
      '/0/public/Ticker?pair=BTC/USD',
      '/0/public/Trades?pair=BTC/USD',
      '/0/public/Ticker?pair=XBTUSD,ETHUSD',
    ]) {
      const answer = get(target);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ error: ['EQuery:Unknown asset pair'], result: {} });
    }
  });

  it('shows a halted pair as cancel_only and leaves a delisted one out', () => {
    const { get, market } = rest();
    market.setStatus('BTC/USD', 'halted');
    market.setStatus('DOGE/USDT', 'delisted');
    const { result } = get('/0/public/AssetPairs').body;
    expect(Object.keys(result)).toEqual(['XBTUSD']);
    expect(result['XBTUSD']).toMatchObject({ status: 'cancel_only' });
    expect(get('/0/public/Ticker?pair=XDGUSDT').body.error).toEqual(['EQuery:Unknown asset pair']);
  });

  it('answers Ticker with the documented arrays of strings: a, b, c, v, p, t, l, h, o', () => {
    const { get, market } = rest({ trades: 20 });
    const ticker = get('/0/public/Ticker').body.result['XBTUSD'] as Record<string, unknown>;
    expect(Object.keys(ticker)).toEqual(['a', 'b', 'c', 'v', 'p', 't', 'l', 'h', 'o']);
    const state = market.state('BTC/USD');
    expect(ticker['a']).toEqual([state?.ask.toFixed(5), expect.stringMatching(/^\d+$/), expect.stringMatching(/^\d+\.\d{3}$/)]);
    expect(ticker['c']).toEqual([state?.last.toFixed(5), state?.lastQty.toFixed(8)]);
    expect(ticker['t']).toEqual([state?.tradeCount, state?.tradeCount]);
    expect(ticker['v']).toEqual([expect.stringMatching(/^\d+\.\d{8}$/), expect.stringMatching(/^\d+\.\d{8}$/)]);
    expect(ticker['o']).toBe(state?.open.toFixed(5));
  });

  it('answers Trades oldest first, each [price, volume, time, side, type, misc, trade_id], with a nanosecond last cursor', () => {
    const { get, made } = rest({ trades: 40 });
    const { result, error } = get('/0/public/Trades?pair=XBTUSD&count=10').body;
    expect(error).toEqual([]);
    expect(Object.keys(result)).toEqual(['XBTUSD', 'last']);
    const rows = result['XBTUSD'] as TradeRow[];
    expect(rows.map((r) => r[6])).toEqual(made.slice(-10).map((t) => t.tradeId));
    const [price, volume, time, side, type, misc, id] = rows[0] as TradeRow;
    expect(price).toMatch(/^\d+\.\d{5}$/);
    expect(volume).toMatch(/^\d+\.\d{8}$/);
    expect(time).toBeCloseTo((made[30]?.ts ?? 0) / 1000, 2);
    expect(side).toBe(made[30]?.isBuyerMaker ? 's' : 'b');
    expect(['m', 'l']).toContain(type);
    expect(misc).toBe('');
    expect(id).toBe(made[30]?.tradeId);
    expect(result['last']).toMatch(/^\d{19}$/);
    expect(BigInt(result['last'] as string)).toBe(BigInt(Math.round(((rows.at(-1) as TradeRow)[2] * 1e6) / 1)) * 1000n);
  });

  it('pages through the whole history with since=last: no trade twice, none missed, four trades of one millisecond told apart', () => {
    const { get, made } = rest({ trades: 103 });
    const seen: number[] = [];
    let since = '0';
    for (let page = 0; page < 30; page += 1) {
      const { result } = get(`/0/public/Trades?pair=XBTUSD&since=${since}&count=7`).body;
      seen.push(...(result['XBTUSD'] as TradeRow[]).map((r) => r[6]));
      since = result['last'] as string;
    }
    expect(seen).toEqual(made.map((t) => t.tradeId));
    // An empty page keeps the cursor.
    expect(get(`/0/public/Trades?pair=XBTUSD&since=${since}`).body.result).toEqual({ XBTUSD: [], last: since });
  });

  it('takes since in seconds too (trades after it), and gives each trade the time its stream frame carried', () => {
    const { get, made, market } = rest({ trades: 40 });
    const seconds = ((made[20]?.ts ?? 0) / 1000).toFixed(3);
    const rows = get(`/0/public/Trades?pair=XBTUSD&since=${seconds}`).body.result['XBTUSD'] as TradeRow[];
    expect(rows[0]?.[6]).toBe(made[21]?.tradeId);
    const protocol = new SimKrakenProtocol({ market, random: () => 0.5, heartbeatMs: 0 });
    const { connection } = fakeConnection();
    connection.subscriptions.add('trade:BTC/USD');
    const frame = JSON.parse(String(protocol.tradeFrames(connection, made.slice(21, 22))[0]?.payload)) as { data: { timestamp: string; side: string }[] };
    const micros = Math.round((rows[0]?.[2] ?? 0) * 1e6);
    expect(frame.data[0]?.timestamp).toBe(`${new Date(Math.floor(micros / 1000)).toISOString().slice(0, -1)}${String(micros % 1000).padStart(3, '0')}Z`);
    expect(frame.data[0]?.side[0]).toBe(rows[0]?.[3]);
  });

  it('refuses a count outside 1-1000, a bad since and a missing pair', () => {
    const { get } = rest({ trades: 5 });
    for (const query of ['pair=XBTUSD&count=0', 'pair=XBTUSD&count=1001', 'pair=XBTUSD&count=1.5', 'pair=XBTUSD&since=abc', 'count=5'])
      expect(get(`/0/public/Trades?${query}`).body).toEqual({ error: ['EGeneral:Invalid arguments'], result: {} });
    expect(get('/0/public/Trades?pair=XBTUSD&count=1000').body.error).toEqual([]);
  });

  it('throttles past 15 calls at once per IP with EGeneral:Too many requests (HTTP 200), Trades per pair; calls while throttled lengthen the wait', () => {
    const { api, clock, counters } = rest({ limits: DEFAULT_KRAKEN_LIMITS, trades: 3 });
    const call = (target: string, ip = '10.0.0.1') => JSON.parse(api.answer('GET', target, ip).text) as { error: string[] };
    const answers = Array.from({ length: 16 }, () => call('/0/public/Ticker'));
    expect(answers.slice(0, 15).every((a) => a.error.length === 0)).toBe(true);
    expect(api.answer('GET', '/0/public/Ticker', '10.0.0.1')).toEqual({ status: 200, text: '{"error":["EGeneral:Too many requests"]}' });
    expect(call('/0/public/Ticker', '10.0.0.2').error).toEqual([]);
    expect(call('/0/public/Trades?pair=XBTUSD').error).toEqual([]);
    clock.now += 1000;
    // Two refusals cost two tokens: a second is not enough.
    expect(call('/0/public/Ticker').error).toEqual(['EGeneral:Too many requests']);
    clock.now += 4000;
    expect(call('/0/public/Ticker').error).toEqual([]);
    expect(counters.refusals.restRate).toBe(3);
    expect(api.restCounters(clock.now)).toMatchObject({ restRequests: 18, restRefused: 3 });
    api.clearFaults();
    expect(Array.from({ length: 15 }, () => call('/0/public/Ticker')).every((a) => a.error.length === 0)).toBe(true);
  });

  it('serves the armed list faults on AssetPairs only, errors not using one up', () => {
    const { api, get } = rest();
    api.listFaults.arm('empty', 1);
    api.listFaults.arm('garbage', 1);
    api.listFaults.arm('slow', 1, 5000);
    api.listFaults.arm('unavailable', 1);
    expect(get('/0/public/Ticker').body.error).toEqual([]);
    expect(get('/0/public/AssetPairs?pair=XBTEUR').body.error).toEqual(['EQuery:Unknown asset pair']);
    expect(get('/0/public/AssetPairs').body).toEqual({ error: [], result: {} });
    expect(() => JSON.parse(api.answer('GET', '/0/public/AssetPairs').text) as unknown).toThrow();
    expect(api.answer('GET', '/0/public/AssetPairs').delayMs).toBe(5000);
    expect(api.answer('GET', '/0/public/AssetPairs')).toEqual({ status: 503, text: '{"error":["EService:Unavailable"]}' });
    expect(Object.keys(get('/0/public/AssetPairs').body.result)).toHaveLength(2);
    expect(api.restCounters(START_TS)).toMatchObject({ listFaultsServed: 4, listFaultsPending: 0 });
  });

  it('is routed /0/public/ only, and answers other public methods EGeneral:Unknown method', () => {
    const { api } = rest();
    const routed = restRouter([{ routes: simKrakenVenue.restRoutes, api }]);
    expect(routed('/0/public/Ticker?pair=XBTUSD')).toBe(api);
    expect(routed('/api/v3/depth')).toBeUndefined();
    expect(api.answer('GET', '/0/public/Depth?pair=XBTUSD')).toEqual({ status: 404, text: '{"error":["EGeneral:Unknown method"]}' });
  });
});
