import { describe, expect, it } from 'vitest';
import { perpetualTestVenue, type TestClient } from '../../perpetual/__fixtures__/perpetual-test-venue.js';
import type { SimulatorOptions } from '../../simulator-options.js';
import { recordedLines } from './__fixtures__/recorded-frames.js';

type Frame = { channel: string; data: unknown };
type Trade = { coin: string; side: string; px: string; sz: string; time: number; tid: number };

const WS = '/hyperliquid/ws';
const sub = (subscription: Record<string, unknown>) => ({ method: 'subscribe', subscription });
const unsub = (subscription: Record<string, unknown>) => ({ method: 'unsubscribe', subscription });
const texts = (client: TestClient): string[] => client.socket.sent;
const frames = (client: TestClient): Frame[] => client.frames() as Frame[];
const tradesOf = (client: TestClient): Trade[][] =>
  frames(client)
    .filter((f) => f.channel === 'trades')
    .map((f) => f.data as Trade[]);

function venue(options: Partial<SimulatorOptions> = {}) {
  return perpetualTestVenue('hyperliquid', options);
}

describe('the simulated Hyperliquid socket: subscriptions', () => {
  it('acknowledges trades and l2Book subscriptions with the recorded texts (the book with nSigFigs, mantissa and fast filled in)', () => {
    const { connect } = venue();
    const client = connect(WS);
    client.send(sub({ type: 'trades', coin: 'BTC' }));
    client.send(sub({ type: 'l2Book', coin: 'BTC' }));
    const [trades, book] = recordedLines('hyperliquid-subscriptionResponse.ndjson');
    expect(texts(client).filter((t) => t.includes('subscriptionResponse'))).toEqual([trades, book]);
  });

  it('acknowledges candle and activeAssetCtx subscriptions with the recorded texts (the candle\u2019s interval before its coin)', () => {
    const { connect } = venue();
    const client = connect(WS);
    client.send(sub({ type: 'candle', coin: 'BTC', interval: '1m' }));
    client.send(sub({ type: 'activeAssetCtx', coin: 'BTC' }));
    expect(texts(client).filter((t) => t.includes('subscriptionResponse'))).toEqual(recordedLines('hyperliquid-subscriptionResponse-candle-ctx.ndjson'));
  });

  it('refuses what it cannot read, a type it does not serve (there is no liquidation channel), a coin it does not list, a subscription held already', () => {
    const { connect } = venue();
    const client = connect(WS);
    const liquidations = '{"method":"subscribe","subscription":{"type":"liquidations","coin":"BTC"}}';
    client.send(liquidations);
    client.send('{"method":"subscribe","subscription":{"type":"trades"}}');
    client.send('not json');
    client.send(sub({ type: 'trades', coin: 'DOGE' }));
    client.send(sub({ type: 'l2Book', coin: 'xyz:TSLA' }));
    client.send(sub({ type: 'l2Book', coin: 'BTC', nSigFigs: 5 }));
    client.send(sub({ type: 'trades', coin: 'FTM' }));
    client.send(sub({ type: 'bbo', coin: 'ETH' }));
    client.send(sub({ type: 'bbo', coin: 'ETH' }));
    client.send(unsub({ type: 'trades', coin: 'ETH' }));
    const errors = frames(client)
      .filter((f) => f.channel === 'error')
      .map((f) => f.data);
    expect(errors).toEqual([
      `Error parsing JSON into valid websocket request: ${liquidations}`,
      'Error parsing JSON into valid websocket request: {"method":"subscribe","subscription":{"type":"trades"}}',
      'Error parsing JSON into valid websocket request: not json',
      'Invalid subscription: {"type":"trades","coin":"DOGE"}',
      'Invalid subscription: {"type":"l2Book","coin":"xyz:TSLA","nSigFigs":null,"mantissa":null,"fast":false}',
      'Invalid subscription: {"type":"l2Book","coin":"BTC","nSigFigs":5,"mantissa":null,"fast":false}',
      'Invalid subscription: {"type":"trades","coin":"FTM"}',
      'Already subscribed: {"type":"bbo","coin":"ETH"}',
      'Already unsubscribed: {"type":"trades","coin":"ETH"}',
    ]);
  });

  it('answers {"method":"ping"} with {"channel":"pong"}, and closes a connection that sent nothing for 60 s', () => {
    const { connect, run } = venue({ tradesPerSecond: 1 });
    const quiet = connect(WS);
    const pinging = connect(WS);
    run(30_000, 100);
    pinging.send({ method: 'ping' });
    expect(texts(pinging).at(-1)).toBe('{"channel":"pong"}');
    run(29_900, 100);
    expect(quiet.socket.closed).toBeUndefined();
    run(200, 100);
    expect(quiet.socket.closed).toEqual({ code: 1000, reason: '' });
    expect(pinging.socket.closed).toBeUndefined();
  });
});

describe('the simulated Hyperliquid socket: trades', () => {
  it('sends first a backlog of the coin\u2019s last 10 trades, oldest first, marked on the tape; then only trades made later', () => {
    const { connect, run, control } = venue();
    run(3_000);
    const made = control.madeTrades('hyperliquid', 'BTC');
    const client = connect(WS);
    client.send(sub({ type: 'trades', coin: 'BTC' }));
    const [backlog] = tradesOf(client);
    expect(backlog?.map((t) => String(t.tid))).toEqual(made.slice(-10).map((t) => t.venueTradeId));
    expect(backlog?.map((t) => t.time)).toEqual(made.slice(-10).map((t) => t.ts));
    const tape = control.sentTrades('hyperliquid').filter((s) => s.connectionId === client.id);
    expect(tape.map((s) => [s.tradeId, s.backlog])).toEqual(made.slice(-10).map((t) => [t.tradeId, true]));
    expect(control.counters('hyperliquid').tradesSent).toBe(0);

    run(1_000);
    const live = tradesOf(client).slice(1).flat();
    const later = control.madeTrades('hyperliquid', 'BTC').slice(made.length);
    expect(live.map((t) => String(t.tid))).toEqual(later.map((t) => t.venueTradeId));
    expect(live.length).toBeGreaterThan(10);
    const liveTape = control.sentTrades('hyperliquid').filter((s) => s.connectionId === client.id && s.backlog === undefined);
    expect(liveTape.map((s) => s.tradeId)).toEqual(later.map((t) => t.tradeId));
    expect(control.counters('hyperliquid').tradesSent).toBe(later.length);
  });

  it('sends an empty backlog for a coin that never traded, so that the first message is always the backlog', () => {
    const { connect } = venue({ tradesPerSecond: 0 });
    const client = connect(WS);
    client.send(sub({ type: 'trades', coin: 'ETH' }));
    expect(texts(client)[1]).toBe('{"channel":"trades","data":[]}');
  });

  it('sends a backlog again on each subscribe after an unsubscribe, and nothing in between', () => {
    const { connect, run } = venue();
    const client = connect(WS);
    run(1_000);
    client.send(sub({ type: 'trades', coin: 'ETH' }));
    client.send(unsub({ type: 'trades', coin: 'ETH' }));
    expect(texts(client).at(-1)).toBe('{"channel":"subscriptionResponse","data":{"method":"unsubscribe","subscription":{"type":"trades","coin":"ETH"}}}');
    run(1_000);
    expect(tradesOf(client)).toHaveLength(1);
    client.send(sub({ type: 'trades', coin: 'ETH' }));
    expect(tradesOf(client)).toHaveLength(2);
    expect(tradesOf(client)[1]).toHaveLength(10);
  });

  it('writes tids unique across coins, in no order, exact below 2^53, as the tape names them; sides B and A', () => {
    const { connect, run, control } = venue({ tradesPerSecond: 50 });
    const client = connect(WS);
    client.send(sub({ type: 'trades', coin: 'BTC' }));
    client.send(sub({ type: 'trades', coin: 'kPEPE' }));
    run(4_000);
    const trades = tradesOf(client).slice(2).flat();
    const tids = trades.map((t) => t.tid);
    expect(trades.length).toBeGreaterThan(300);
    expect(new Set(tids).size).toBe(tids.length);
    expect(tids.every((tid) => Number.isSafeInteger(tid) && tid > 0)).toBe(true);
    const btc = trades.filter((t) => t.coin === 'BTC').map((t) => t.tid);
    expect(btc.slice(1).some((tid, n) => tid < (btc[n] ?? 0))).toBe(true);
    expect(new Set(trades.map((t) => t.side))).toEqual(new Set(['A', 'B']));
    const named = new Set(control.madeTrades('hyperliquid').map((t) => t.venueTradeId));
    expect(tids.every((tid) => named.has(String(tid)))).toBe(true);
  });
});

describe('the simulated Hyperliquid socket: derivative data', () => {
  it('sends bbo and activeAssetCtx at once on subscribe, then bbo when the touch moved and activeAssetCtx every 5 s', () => {
    const { connect, run } = venue();
    const client = connect(WS);
    client.send(sub({ type: 'bbo', coin: 'BTC' }));
    client.send(sub({ type: 'activeAssetCtx', coin: 'BTC' }));
    expect(frames(client).map((f) => f.channel)).toEqual(['subscriptionResponse', 'bbo', 'subscriptionResponse', 'activeAssetCtx']);
    client.take();
    run(10_000);
    const after = client.take() as Frame[];
    expect(after.filter((f) => f.channel === 'activeAssetCtx')).toHaveLength(2);
    expect(after.filter((f) => f.channel === 'bbo').length).toBeGreaterThan(50);
  });

  it('publishes no liquidation: those its perpetual model makes in a fall are logged, none published', () => {
    const { connect, run, control } = venue();
    const client = connect(WS);
    client.send(sub({ type: 'trades', coin: 'BTC' }));
    control.movePrice('hyperliquid', { pct: -6, durationMs: 6_000, buyRatio: 0.2 }, 'BTC');
    run(8_000);
    const liquidations = control.liquidations('hyperliquid');
    expect(liquidations.length).toBeGreaterThan(0);
    expect(liquidations.every((l) => l.published === false && l.sentTo.length === 0)).toBe(true);
    expect(new Set(frames(client).map((f) => f.channel))).toEqual(new Set(['subscriptionResponse', 'trades']));
  });
});
