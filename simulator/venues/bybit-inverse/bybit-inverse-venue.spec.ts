import { describe, expect, it } from 'vitest';
import { perpetualTestVenue } from '../../perpetual/__fixtures__/perpetual-test-venue.js';
import type { BybitRest } from '../bybit/bybit-rest.js';
import { linearTradeUuid } from '../bybit-linear/bybit-linear-trade-frames.js';

type Frame = { topic?: string; type?: string; data?: unknown; op?: string; success?: boolean };
type Trade = { s: string; S: string; v: string; p: string; i: string };
type Envelope = { retCode: number; result: { category?: string; list?: Record<string, unknown>[] } };

/** The simulated Bybit inverse venue of the specs (BTCUSD, ETHUSD) on a hand-moved clock. */
const inverse = () => perpetualTestVenue('bybit_inverse');

describe('the simulated Bybit inverse venue', () => {
  it('serves linear\u2019s protocol on /v5/public/inverse only, and its limits', () => {
    const { connect, venue } = inverse();
    const client = connect('/v5/public/inverse');
    client.send({
      op: 'subscribe',
      req_id: 1,
      args: ['publicTrade.BTCUSD', 'tickers.BTCUSD', 'orderbook.50.BTCUSD', 'allLiquidation.BTCUSD', 'kline.1.BTCUSD'],
    });
    client.send({ op: 'subscribe', req_id: 2, args: ['publicTrade.BTCUSDT'] });
    expect(
      client
        .take()
        .filter((f) => (f as Frame).op === 'subscribe')
        .map((f) => (f as Frame).success),
    ).toEqual([true, false]);
    expect(venue.config.protocol.accepts('/v5/public/linear')).toBe(false);
    expect(venue.limits.maxArgsCharsPerConnection).toBe(21_000);
    expect(venue.limits.connectionAttempts).toMatchObject({ max: 500, windowMs: 300_000 });
    expect(venue.limits.restRequests).toMatchObject({ max: 600, windowMs: 5_000, banMs: 600_000 });
  });

  it('writes each trade in whole USD contracts: v is the market\u2019s coin quantity times its price, an integer', () => {
    const { connect, run, venue } = inverse();
    const client = connect('/v5/public/inverse');
    client.send({ op: 'subscribe', args: ['publicTrade.BTCUSD'] });
    run(3_000);
    const trades = client.frames().flatMap((f) => ((f as Frame).topic === 'publicTrade.BTCUSD' ? ((f as Frame).data as Trade[]) : []));
    const made = venue.config.market.madeTrades('BTCUSD');
    expect(trades.length).toBeGreaterThan(10);
    expect(trades.map((t) => t.i)).toEqual(made.map((t) => linearTradeUuid('BTCUSD', t.tradeId)));
    trades.forEach((t, n) => {
      expect(t.v).toMatch(/^[1-9]\d*$/);
      expect(Number(t.v) / Number(t.p)).toBeCloseTo(made[n]?.quantity ?? Number.NaN, 12);
    });
  });

  it('writes tickers with open interest and the best sizes in USD, the open interest value and the day\u2019s turnover in the coin', () => {
    const { connect, run } = inverse();
    run(2_000);
    const client = connect('/v5/public/inverse');
    client.send({ op: 'subscribe', args: ['tickers.BTCUSD'] });
    const snapshot = client.frames().find((f) => (f as Frame).topic === 'tickers.BTCUSD') as Frame & { data: Record<string, string> };
    const d = snapshot.data;
    expect(d['openInterest']).toMatch(/^\d+$/);
    expect(d['bid1Size']).toMatch(/^[1-9]\d*$/);
    expect(Math.abs(Number(d['openInterestValue']) * Number(d['markPrice']) - Number(d['openInterest']))).toBeLessThanOrEqual(
      Number(d['markPrice']) * 1e-4 + 1,
    );
    expect(Number(d['volume24h'])).toBeGreaterThan(Number(d['turnover24h']));
  });

  it('answers REST category=inverse with InversePerpetual contracts settled in the coin, sizes in whole USD', () => {
    const { run, venue } = inverse();
    run(3_000);
    const api = venue.config.restApi as BybitRest;
    const get = (target: string): Envelope => JSON.parse(api.answer('GET', target).text) as Envelope;
    const list = get('/v5/market/instruments-info?category=inverse').result.list ?? [];
    expect(
      list.map((i) => [i['symbol'], i['contractType'], i['quoteCoin'], i['settleCoin'], (i['lotSizeFilter'] as Record<string, string>)['qtyStep']]),
    ).toEqual([
      ['BTCUSD', 'InversePerpetual', 'USD', 'BTC', '1'],
      ['ETHUSD', 'InversePerpetual', 'USD', 'ETH', '1'],
    ]);
    const recent = get('/v5/market/recent-trade?category=inverse&symbol=BTCUSD&limit=5').result;
    expect(recent.category).toBe('inverse');
    expect((recent.list ?? []).every((t) => /^[1-9]\d*$/.test(String(t['size'])))).toBe(true);
    expect(get('/v5/market/tickers?category=linear')).toMatchObject({ retCode: 10001 });
  });

  it('writes a candle\u2019s volume in USD and its turnover in the coin (kline.mdx, inverse units)', () => {
    const { connect, run } = inverse();
    const client = connect('/v5/public/inverse');
    client.send({ op: 'subscribe', args: ['kline.1.BTCUSD'] });
    run(3_000);
    const candle = client
      .frames()
      .flatMap((f) => ((f as Frame).topic === 'kline.1.BTCUSD' ? ((f as Frame).data as Record<string, string>[]) : []))
      .at(-1);
    expect(Number(candle?.['volume'])).toBeGreaterThan(Number(candle?.['turnover']) * Number(candle?.['low']) * 0.99);
    expect(Number(candle?.['volume'])).toBeLessThan(Number(candle?.['turnover']) * Number(candle?.['high']) * 1.01);
  });

  it('takes linear’s faults and limits: a restarted book (u = 1), an empty instrument list, 403 past 600 REST requests in 5 s, a damaged trade in its own framing', () => {
    const { connect, run, control, venue } = inverse();
    const client = connect('/v5/public/inverse');
    client.send({ op: 'subscribe', args: ['orderbook.50.BTCUSD'] });
    run(500);
    control.bookFault('bybit_inverse', 'restart', 'BTCUSD');
    client.take();
    run(500);
    const restarted = client.take().find((f) => (f as Frame).topic === 'orderbook.50.BTCUSD') as Frame & { data: { u: number } };
    expect(restarted).toMatchObject({ type: 'snapshot', data: { u: 1 } });
    const api = venue.config.restApi as BybitRest;
    control.listFault('bybit_inverse', 'empty', 1);
    expect(JSON.parse(api.answer('GET', '/v5/market/instruments-info?category=inverse').text)).toMatchObject({ retCode: 0, result: { list: [] } });
    const statuses = Array.from({ length: 601 }, () => api.answer('GET', '/v5/market/tickers?category=inverse&symbol=BTCUSD').status);
    expect([statuses.filter((status) => status === 200).length, statuses.at(-1)]).toEqual([599, 403]);
    const damaged = JSON.parse(venue.config.protocol.faultTrade.frame('BTCUSD', 1, { p: '-5' })) as Frame & { data: Trade[] };
    expect(damaged).toMatchObject({ topic: 'publicTrade.BTCUSD', data: [{ s: 'BTCUSD', p: '-5' }] });
  });
});
