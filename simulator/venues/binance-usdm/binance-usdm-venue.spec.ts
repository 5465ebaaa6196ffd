import { describe, expect, it } from 'vitest';
import type { BinanceDepthRest } from '../binance/binance-depth-rest.js';
import { runControlAction } from '../../control-actions.js';
import { perpetualTestVenue } from '../../perpetual/__fixtures__/perpetual-test-venue.js';
import type { SimulatorOptions } from '../../simulator-options.js';

type Combined = { stream?: string; data?: Record<string, unknown>; result?: unknown; id?: number };
type Depth = { U: number; u: number; pu: number; b: string[][]; a: string[][] };

const usdm = (options: Partial<SimulatorOptions> = {}) => perpetualTestVenue('binance_usdm', options);
const streamsOf = (frames: unknown[]) => new Set((frames as Combined[]).flatMap((f) => (f.stream === undefined ? [] : [f.stream])));

describe('the simulated Binance USD-M routes', () => {
  it('acknowledge a stream asked for on the wrong route like any other, list it, and never deliver it; the right route delivers', () => {
    const { connect, run } = usdm();
    const market = connect('/usdm/market/stream');
    const publicRoute = connect('/usdm/public/stream');
    const streams = ['btcusdt@aggTrade', 'btcusdt@depth@100ms', 'btcusdt@bookTicker', 'btcusdt@markPrice@1s'];
    market.send({ method: 'SUBSCRIBE', params: streams, id: 1 });
    publicRoute.send({ method: 'SUBSCRIBE', params: streams, id: 1 });
    market.send({ method: 'LIST_SUBSCRIPTIONS', id: 2 });
    expect(market.take()).toEqual([
      { result: null, id: 1 },
      { result: ['btcusdt@aggTrade', 'btcusdt@markPrice@1s', 'btcusdt@depth@100ms', 'btcusdt@bookTicker'], id: 2 },
    ]);
    expect(publicRoute.take()).toEqual([{ result: null, id: 1 }]);
    run(3_000);
    expect(streamsOf(market.frames())).toEqual(new Set(['btcusdt@aggTrade', 'btcusdt@markPrice@1s']));
    expect(streamsOf(publicRoute.frames())).toEqual(new Set(['btcusdt@depth@100ms', 'btcusdt@bookTicker']));
  });

  it('serve a connection without a route, and streams named in its URL, as /public', () => {
    const { connect, run } = usdm();
    const unrouted = connect('/usdm/stream?streams=btcusdt@aggTrade/btcusdt@depth@100ms');
    const raw = connect('/usdm/ws/btcusdt@aggTrade');
    run(2_000);
    expect(streamsOf(unrouted.frames())).toEqual(new Set(['btcusdt@depth@100ms']));
    expect(raw.frames()).toEqual([]);
  });

  it('move a kind of stream to another route at run time: its streams go silent where they were and deliver where they now belong', () => {
    const { connect, run, control } = usdm();
    const market = connect('/usdm/market/stream?streams=btcusdt@aggTrade');
    const publicRoute = connect('/usdm/public/stream?streams=btcusdt@aggTrade');
    run(1_000);
    expect(streamsOf(market.take())).toEqual(new Set(['btcusdt@aggTrade']));
    expect(publicRoute.take()).toEqual([]);
    const answer = runControlAction(control, 'binance_usdm', 'route', new URLSearchParams('kind=aggTrade&to=public'));
    expect(answer).toMatchObject({ status: 200, body: { changed: 2, routes: { aggTrade: 'public', depth: 'public', markPrice: 'market' } } });
    run(1_000);
    expect(market.take()).toEqual([]);
    expect(streamsOf(publicRoute.take())).toEqual(new Set(['btcusdt@aggTrade']));
    expect(runControlAction(control, 'binance_usdm', 'route', new URLSearchParams('kind=nope&to=public'))).toMatchObject({
      status: 400,
      body: { parameter: 'kind' },
    });
    expect(runControlAction(control, 'binance_usdm', 'route', new URLSearchParams('kind=depth&to=private'))).toMatchObject({
      status: 400,
      body: { parameter: 'to' },
    });
  });
});

describe('the simulated Binance USD-M streams', () => {
  it('send forceOrder at most once per symbol per second, the latest liquidation of that second; the log marks the others unpublished', () => {
    const { connect, run, control } = usdm();
    const client = connect('/usdm/market/stream?streams=btcusdt@forceOrder');
    control.movePrice('binance_usdm', { pct: -8, durationMs: 6_000, buyRatio: 0 }, 'BTCUSDT');
    run(7_000);
    const sent = (client.frames() as Combined[]).map((f) => f.data as { E: number; o: { T: number; q: string; p: string; S: string } });
    const log = control.liquidations('binance_usdm', 'BTCUSDT');
    const decided = log.filter((l) => l.published !== undefined);
    const published = decided.filter((l) => l.published === true);
    expect(decided.length).toBeGreaterThan(published.length);
    expect(sent.map((f) => [f.o.T, f.o.q, f.o.p])).toEqual(published.map((l) => [l.ts, l.quantity.toFixed(3), l.price.toFixed(2)]));
    expect(published.every((l) => l.sentTo.includes(client.id))).toBe(true);
    expect(decided.filter((l) => l.published === false).every((l) => l.sentTo.length === 0)).toBe(true);
    const seconds = sent.map((f) => f.E);
    expect(new Set(seconds).size).toBe(seconds.length);
    for (let n = 1; n < seconds.length; n++) expect((seconds[n] ?? 0) - (seconds[n - 1] ?? 0)).toBeGreaterThanOrEqual(1000);
    // Each published one is the last made before its push.
    for (const [n, frame] of sent.entries()) {
      const window = decided.filter((l) => l.ts <= frame.E && (n === 0 || l.ts > (sent[n - 1]?.E ?? 0)));
      expect(window[window.length - 1]?.ts).toBe(frame.o.T);
    }
  });

  it('push markPrice@1s every second and markPrice every 3 seconds, even while nothing trades', () => {
    const { connect, run, control } = usdm();
    const client = connect('/usdm/market/stream?streams=btcusdt@markPrice@1s/btcusdt@markPrice');
    control.setTradeRate('binance_usdm', 0);
    run(9_000);
    const frames = client.frames() as Combined[];
    expect(frames.filter((f) => f.stream === 'btcusdt@markPrice@1s')).toHaveLength(9);
    expect(frames.filter((f) => f.stream === 'btcusdt@markPrice')).toHaveLength(3);
    expect(new Set(frames.map((f) => f.data?.['p'])).size).toBe(1);
  });

  it('chain depth events by pu, and serve a REST snapshot whose lastUpdateId a later event covers', () => {
    const { connect, run, venue } = usdm();
    const client = connect('/usdm/public/stream?streams=btcusdt@depth@100ms');
    run(1_000);
    const rest = venue.config.restApi as BinanceDepthRest;
    const snapshot = rest.answer('GET', '/fapi/v1/depth?symbol=BTCUSDT&limit=1000').body as { lastUpdateId: number; bids: string[][]; asks: string[][] };
    run(2_000);
    const events = (client.frames() as Combined[]).map((f) => f.data as unknown as Depth);
    expect(events.length).toBeGreaterThan(15);
    for (let n = 1; n < events.length; n++) {
      expect(events[n]?.pu).toBe(events[n - 1]?.u);
      expect(events[n]?.U).toBe((events[n - 1]?.u ?? 0) + 1);
    }
    // The client's sync rule: drop events with u < lastUpdateId; the first kept has U <= lastUpdateId <= u, or follows it at once.
    const kept = events.filter((e) => e.u >= snapshot.lastUpdateId);
    expect(kept[0]?.U).toBeLessThanOrEqual(snapshot.lastUpdateId + 1);
    // The snapshot applied with the kept events is the venue's book.
    const book = { bids: new Map(snapshot.bids.map(([p, q]) => [p ?? '', q ?? ''])), asks: new Map(snapshot.asks.map(([p, q]) => [p ?? '', q ?? ''])) };
    for (const event of kept) {
      for (const [p, q] of event.b)
        if (Number(q) === 0) book.bids.delete(p ?? '');
        else book.bids.set(p ?? '', q ?? '');
      for (const [p, q] of event.a)
        if (Number(q) === 0) book.asks.delete(p ?? '');
        else book.asks.set(p ?? '', q ?? '');
    }
    const view = venue.config.books?.view('BTCUSDT', 'depth@100ms', 10);
    const top = (side: Map<string, string>, descending: boolean) =>
      [...side.entries()].sort(([x], [y]) => (descending ? Number(y) - Number(x) : Number(x) - Number(y))).slice(0, 10);
    expect(top(book.bids, true)).toEqual(view?.bids.map(([p, q]) => [p, q]));
    expect(top(book.asks, false)).toEqual(view?.asks.map(([p, q]) => [p, q]));
  });

  it('close a connection sending more than 10 messages in a second', () => {
    const { connect } = usdm();
    const client = connect('/usdm/market/ws');
    for (let n = 0; n < 11; n++) client.send({ method: 'LIST_SUBSCRIPTIONS', id: n });
    expect(client.socket.closed).toEqual({ code: 1008, reason: 'Too many requests' });
    expect(client.take()).toHaveLength(10);
  });
});

describe('the simulated Binance USD-M REST weights', () => {
  function rest() {
    const test = usdm({ venueOptions: { binance_usdm: { weightPerMinute: 100 } } });
    test.run(500);
    const api = test.venue.config.restApi as BinanceDepthRest;
    const used = (target: string) => {
      const answer = api.answer('GET', target);
      return { status: answer.status, used: Number(answer.headers['x-mbx-used-weight-1m']) };
    };
    return { ...test, api, used };
  }

  it('weighs depth by limit (5-50: 2, 100: 5, 500: 10, 1000: 20), aggTrades 20, exchangeInfo and openInterest 1, ticker/24hr 1 or 40', () => {
    const { used, clock } = rest();
    // One minute's weights, in order.
    clock.now = Math.ceil(clock.now / 60_000) * 60_000;
    const steps: [string, number][] = [
      ['/fapi/v1/depth?symbol=BTCUSDT&limit=5', 2],
      ['/fapi/v1/depth?symbol=BTCUSDT&limit=50', 2],
      ['/fapi/v1/depth?symbol=BTCUSDT&limit=100', 5],
      ['/fapi/v1/depth?symbol=BTCUSDT', 10],
      ['/fapi/v1/depth?symbol=BTCUSDT&limit=1000', 20],
      ['/fapi/v1/aggTrades?symbol=BTCUSDT', 20],
      ['/fapi/v1/exchangeInfo', 1],
      ['/fapi/v1/openInterest?symbol=BTCUSDT', 1],
      ['/fapi/v1/ticker/24hr?symbol=BTCUSDT', 1],
    ];
    let total = 0;
    for (const [target, weight] of steps) {
      total += weight;
      expect(used(target)).toEqual({ status: 200, used: total });
    }
    // 62 used; 40 more would pass 100: refused, and requests sent during the wait that follows are
    // violations, the third of which bans the IP (418), as the spot simulator's limiter does.
    expect(used('/fapi/v1/ticker/24hr')).toEqual({ status: 429, used: 62 });
    const during = [1, 2, 3].map(() => used('/fapi/v1/openInterest?symbol=BTCUSDT').status);
    expect(during).toEqual([429, 429, 418]);
  });

  it('lists perpetuals and a quarterly contract, trading and not, with their tick and lot filters', () => {
    const { api } = rest();
    const info = api.answer('GET', '/fapi/v1/exchangeInfo').body as {
      symbols: {
        symbol: string;
        contractType: string;
        status: string;
        baseAsset: string;
        quoteAsset: string;
        filters: { filterType: string; tickSize?: string; stepSize?: string }[];
      }[];
    };
    expect(info.symbols.map((s) => [s.symbol, s.contractType, s.status])).toEqual([
      ['BTCUSDT', 'PERPETUAL', 'TRADING'],
      ['ETHUSDT', 'PERPETUAL', 'TRADING'],
      ['BTCUSDT_260925', 'CURRENT_QUARTER', 'TRADING'],
      ['NEWUSDT', 'PERPETUAL', 'PENDING_TRADING'],
    ]);
    const btc = info.symbols[0];
    expect([btc?.baseAsset, btc?.quoteAsset]).toEqual(['BTC', 'USDT']);
    expect(btc?.filters.find((f) => f.filterType === 'PRICE_FILTER')?.tickSize).toBe('0.01');
    expect(btc?.filters.find((f) => f.filterType === 'LOT_SIZE')?.stepSize).toBe('0.001');
  });

  it('answers openInterest with the contract\u2019s open interest now, and -1121 for an unknown symbol', () => {
    const { api, venue, clock } = rest();
    const state = venue.config.perpetual?.market.state('ETHUSDT');
    expect(api.answer('GET', '/fapi/v1/openInterest?symbol=ETHUSDT').body).toEqual({
      openInterest: state?.openInterest.toFixed(2),
      symbol: 'ETHUSDT',
      time: clock.now,
    });
    expect(api.answer('GET', '/fapi/v1/openInterest?symbol=NOPE')).toMatchObject({ status: 400, body: { code: -1121 } });
  });
});
