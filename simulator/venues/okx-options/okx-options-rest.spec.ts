import { describe, expect, it } from 'vitest';
import { restRouter } from '../../rest-router.js';
import { buildSimVenues } from '../../build-sim-venues.js';
import { SIM_VENUES } from '../../sim-venues.js';
import { dataOf, okxOptionsTestVenue, START_TS } from './__fixtures__/okx-options-test-venue.js';

type Entry = Record<string, string>;

describe('the simulated OKX options’ REST', () => {
  const test = okxOptionsTestVenue();
  test.control.setTradeRate('okx_options', 0.2);
  test.run(5_000);
  const data = (target: string) => test.get(target).body.data as Entry[];

  it('lists a family’s options in the brief’s keys, every value a string, coin-settled in contracts of 0.01 BTC or 0.1 ETH', () => {
    const btc = data('/api/v5/public/instruments?instType=OPTION&instFamily=BTC-USD');
    const keys = ['instType', 'instId', 'uly', 'instFamily', 'settleCcy', 'ctVal', 'ctMult', 'ctValCcy', 'optType', 'stk', 'listTime', 'expTime'].concat([
      'tickSz',
      'lotSz',
      'minSz',
      'state',
      'baseCcy',
      'quoteCcy',
    ]);
    expect(btc.length).toBeGreaterThanOrEqual(8 * 36);
    for (const i of btc) {
      expect(Object.keys(i)).toEqual(keys);
      expect(Object.values(i).every((v) => typeof v === 'string')).toBe(true);
      expect(i['instId']).toBe(`BTC-USD-${i['instId']?.split('-')[2] ?? ''}-${i['stk'] ?? ''}-${i['optType'] ?? ''}`);
      expect(new Date(Number(i['expTime'])).getUTCHours()).toBe(8);
    }
    expect(btc[0]).toMatchObject({ instType: 'OPTION', uly: 'BTC-USD', instFamily: 'BTC-USD', settleCcy: 'BTC', ctVal: '1', ctMult: '0.01', ctValCcy: 'BTC' });
    expect(btc[0]).toMatchObject({ tickSz: '0.0005', lotSz: '1', minSz: '1', state: 'live', baseCcy: '', quoteCcy: '', listTime: String(START_TS) });
    const eth = data('/api/v5/public/instruments?instType=OPTION&uly=ETH-USD');
    expect(eth.every((i) => i['ctMult'] === '0.1' && i['uly'] === 'ETH-USD' && i['settleCcy'] === 'ETH')).toBe(true);
  });

  it('refuses a list without instFamily or uly: {"code":"51000","msg":"Parameter instFamily error","data":[]}', () => {
    expect(test.get('/api/v5/public/instruments?instType=OPTION')).toEqual({
      status: 400,
      body: { code: '51000', msg: 'Parameter instFamily error', data: [] },
    });
    expect(test.get('/api/v5/public/opt-summary').body).toEqual({ code: '51000', msg: 'Parameter instFamily error', data: [] });
    expect(test.get('/api/v5/public/instruments?instType=SWAP&instFamily=BTC-USD').body).toEqual({ code: '0', msg: '', data: [] });
  });

  it('names the families: GET /api/v5/public/underlying?instType=OPTION', () => {
    expect(test.get('/api/v5/public/underlying?instType=OPTION').body).toEqual({ code: '0', msg: '', data: [['BTC-USD', 'ETH-USD']] });
  });

  it('answers opt-summary with the channel’s entries, by instFamily or uly, narrowed by expTime', () => {
    const client = test.connect();
    client.send({ op: 'subscribe', args: [{ channel: 'opt-summary', instFamily: 'BTC-USD' }] });
    const pushed = dataOf(client.take().find((f) => 'data' in f) ?? {});
    expect(data('/api/v5/public/opt-summary?instFamily=BTC-USD')).toEqual(pushed);
    expect(data('/api/v5/public/opt-summary?uly=BTC-USD')).toEqual(pushed);
    const expiry = pushed[0]?.['instId']?.split('-')[2] ?? '';
    const one = data(`/api/v5/public/opt-summary?instFamily=BTC-USD&expTime=${expiry}`);
    expect(one.length).toBe(36);
    expect(one.every((e) => e['instId']?.split('-')[2] === expiry)).toBe(true);
  });

  it('answers every option’s ticker (24 h volumes in contracts and coins) and one by instId', () => {
    const tickers = data('/api/v5/market/tickers?instType=OPTION&instFamily=ETH-USD');
    expect(tickers.map((t) => t['instId'])).toEqual(data('/api/v5/public/instruments?instType=OPTION&instFamily=ETH-USD').map((i) => i['instId']));
    for (const t of tickers) expect(Number(t['vol24h']) * 0.1).toBeCloseTo(Number(t['volCcy24h']), 9);
    expect(tickers.some((t) => Number(t['vol24h']) > 0)).toBe(true);
    expect(data('/api/v5/market/tickers?instType=OPTION').length).toBeGreaterThan(tickers.length);
    const [one] = data(`/api/v5/market/ticker?instId=${tickers[0]?.['instId'] ?? ''}`);
    expect(one?.['instId']).toBe(tickers[0]?.['instId']);
  });

  it('serves trades newest first and older pages by trade id, as OKX spot does, each the tape’s', () => {
    const traded = test.control.madeTrades('okx_options').reduce<Record<string, number>>((n, t) => ({ ...n, [t.symbol]: (n[t.symbol] ?? 0) + 1 }), {});
    const [instId = ''] = Object.entries(traded).sort((a, b) => b[1] - a[1])[0] ?? [];
    const tape = test.control.madeTrades('okx_options', instId);
    expect(tape.length).toBeGreaterThan(2);
    const recent = data(`/api/v5/market/trades?instId=${instId}&limit=2`);
    expect(recent.map((t) => t['tradeId'])).toEqual(
      tape
        .slice(-2)
        .reverse()
        .map((t) => t.venueTradeId),
    );
    expect(Object.keys(recent[0] ?? {})).toEqual(['instId', 'side', 'sz', 'source', 'px', 'tradeId', 'ts']);
    const older = data(`/api/v5/market/history-trades?instId=${instId}&type=1&after=${recent[1]?.['tradeId'] ?? ''}&limit=100`);
    expect(older.map((t) => t['tradeId'])).toEqual(
      tape
        .slice(0, -2)
        .reverse()
        .map((t) => t.venueTradeId),
    );
    expect(test.get('/api/v5/market/trades?instId=BTC-USD-000101-1-C').body).toMatchObject({ code: '51001', data: [] });
  });

  it('refuses past 20 opt-summary requests in 2 s from one IP with HTTP 429 {"code":"50011"}', () => {
    const statuses = Array.from({ length: 21 }, () => test.get('/api/v5/public/opt-summary?instFamily=ETH-USD', '10.0.0.9').status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(test.get('/api/v5/public/opt-summary?instFamily=ETH-USD', '10.0.0.9')).toEqual({
      status: 429,
      body: { code: '50011', msg: 'Too Many Requests', data: [] },
    });
    expect(test.get('/api/v5/public/opt-summary?instFamily=ETH-USD', '10.0.0.10').status).toBe(200);
  });
});

describe('OKX’s REST on one port: options take instType=OPTION, an option’s instId and opt-summary', () => {
  it('routes each request to spot, swaps or options as OKX’s own answers would be', () => {
    const { venues } = buildSimVenues({ venues: ['okx', 'okx_swap', 'okx_options'], coins: ['BTC'], seed: 7 }, () => START_TS);
    const apis = (['okx', 'okx_swap', 'okx_options'] as const).map((name) => ({ routes: SIM_VENUES[name].restRoutes, api: venues.get(name)?.config.restApi }));
    const route = restRouter(apis.flatMap(({ routes, api }) => (api === undefined ? [] : [{ routes, api }])));
    const owner = (target: string) => apis.findIndex(({ api }) => api === route(target));
    const option = venues.get('okx_options')?.config.market.symbols[0] ?? '';
    expect(owner('/api/v5/public/instruments?instType=OPTION&instFamily=BTC-USD')).toBe(2);
    expect(owner(`/api/v5/market/trades?instId=${option}`)).toBe(2);
    expect(owner(`/api/v5/market/history-trades?instId=${option.replace(/-C$/, '-P')}&type=1`)).toBe(2);
    expect(owner('/api/v5/public/opt-summary?uly=BTC-USD')).toBe(2);
    expect(owner('/api/v5/public/instruments?instType=SWAP')).toBe(1);
    expect(owner('/api/v5/market/trades?instId=BTC-USDT')).toBe(0);
    expect(owner('/api/v5/market/tickers?instType=SPOT')).toBe(0);
  });
});
