import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { START_TS, krakenTestVenue, parseDecimals } from './__fixtures__/kraken-test-venue.js';
import type { SimulatedTrade } from '../../simulated-market.js';

const fixture = (name: string) =>
  readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
const parse = (text: string | undefined) => JSON.parse(text ?? '{}') as Record<string, unknown>;
type Rows = { data: Record<string, unknown>[]; type: string; channel: string };

describe('SimKrakenProtocol', () => {
  afterEach(() => vi.useRealTimers());

  it('serves /v2 and opens each connection with a status frame shaped as recorded, its connection_id a 64-bit integer written whole', () => {
    const { protocol, connect } = krakenTestVenue();
    expect(protocol.accepts('/v2')).toBe(true);
    expect(protocol.accepts('/')).toBe(false);
    const { socket } = connect();
    const [status] = socket.sent;
    const recorded = fixture('kraken-v2-status.ndjson')[0] as Rows;
    const ours = parse(status) as Rows;
    expect(Object.keys(ours)).toEqual(Object.keys(recorded));
    expect(Object.keys(ours.data[0] ?? {})).toEqual(Object.keys(recorded.data[0] ?? {}));
    expect(ours.data[0]).toMatchObject({ version: '2.0.10', system: 'online', api_version: 'v2' });
    const id = /"connection_id":(\d+)/.exec(status ?? '')?.[1] ?? '';
    expect(BigInt(id)).toBeGreaterThan(2n ** 62n);
    expect(BigInt(id)).toBeLessThan(2n ** 64n);
  });

  it('acknowledges each symbol of a subscribe request on its own, in the recorded key order, then sends its snapshot', () => {
    const { connect } = krakenTestVenue();
    const { send } = connect();
    const out = send({ method: 'subscribe', params: { channel: 'ticker', symbol: ['BTC/USD', 'DOGE/USDT'] }, req_id: 1 });
    const acks = out.map(parse).filter((f) => f['method'] === 'subscribe');
    expect(acks).toHaveLength(2);
    const recorded = fixture('kraken-v2-subscribe-ack.ndjson')[0] as Record<string, Record<string, unknown>>;
    for (const [n, ack] of acks.entries()) {
      expect(Object.keys(ack)).toEqual(Object.keys(recorded));
      expect(Object.keys(ack['result'] as object)).toEqual(Object.keys(recorded['result'] ?? {}));
      expect(ack).toMatchObject({
        req_id: 1,
        success: true,
        result: { channel: 'ticker', event_trigger: 'trades', snapshot: true, symbol: ['BTC/USD', 'DOGE/USDT'][n] },
      });
      expect(ack['time_in']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    }
    expect(out.map((f) => (parse(f)['method'] ?? parse(f)['type']) as string)).toEqual(['subscribe', 'snapshot', 'subscribe', 'snapshot']);
  });

  it('writes the ticker snapshot in the recorded key order, prices and quantities at the pair precision with trailing zeros', () => {
    const { connect } = krakenTestVenue();
    const { send } = connect();
    const snapshot = send({ method: 'subscribe', params: { channel: 'ticker', symbol: ['BTC/USD'] } })[1] ?? '';
    const recorded = fixture('kraken-v2-ticker.ndjson')[0] as Rows;
    const ours = parse(snapshot) as Rows;
    expect(Object.keys(ours)).toEqual(Object.keys(recorded));
    expect(Object.keys(ours.data[0] ?? {})).toEqual(Object.keys(recorded.data[0] ?? {}));
    for (const [key, value] of Object.entries(recorded.data[0] ?? {})) expect(typeof ours.data[0]?.[key]).toBe(typeof value);
    expect(snapshot).toMatch(/"bid":\d+\.\d,"bid_qty":\d+\.\d{8},"ask":\d+\.\d,"ask_qty":\d+\.\d{8},"last":\d+\.\d,"volume":\d+\.\d{8}/);
    expect(snapshot).toMatch(/"bid_qty":\d+\.\d*0,/);
    expect(snapshot).toMatch(/"change_pct":-?\d+\.\d\d,/);
  });

  it('answers an unknown pair, a repeated subscription and a book depth Kraken does not serve with errors', () => {
    const { connect, counters } = krakenTestVenue();
    const { send, connection } = connect();
    const [unknown] = send({ method: 'subscribe', params: { channel: 'trade', symbol: ['XBT/EUR'] }, req_id: 7 });
    expect(Object.keys(parse(unknown))).toEqual(['error', 'method', 'req_id', 'success', 'symbol', 'time_in', 'time_out']);
    expect(parse(unknown)).toMatchObject({ error: 'Currency pair not supported XBT/EUR', method: 'subscribe', req_id: 7, success: false, symbol: 'XBT/EUR' });
    send({ method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD'], depth: 25 } });
    const again = send({ method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD', 'DOGE/USDT'] } }).map(parse);
    expect(again[0]).toMatchObject({ error: 'Already subscribed', success: false, symbol: 'BTC/USD' });
    expect(again[1]).toMatchObject({ success: true, result: { channel: 'book', depth: 10, snapshot: true, symbol: 'DOGE/USDT' } });
    expect(parse(send({ method: 'subscribe', params: { channel: 'book', symbol: ['ETH/USD'], depth: 20 } })[0])).toMatchObject({
      error: 'Invalid depth: 20',
      success: false,
    });
    expect([...connection.subscriptions]).toEqual(['book.25:BTC/USD', 'book.10:DOGE/USDT']);
    expect(counters).toMatchObject({ subscribeRequests: 3, subscribeRejected: 2 });
  });

  it('sends a book snapshot of the asked depth (default 10) after the ack, and none with snapshot false', () => {
    const { connect } = krakenTestVenue();
    const { send } = connect();
    const out = send({ method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD'], depth: 25 }, req_id: 2 });
    expect(parse(out[0])).toMatchObject({ result: { channel: 'book', depth: 25, snapshot: true, symbol: 'BTC/USD' } });
    const book = parseDecimals(out[1] ?? '') as { type: string; data: { bids: unknown[]; asks: unknown[] }[] };
    expect(book.type).toBe('snapshot');
    expect(book.data[0]?.bids).toHaveLength(25);
    expect(out[1]).toMatch(/"qty":\d+\.\d{8}[,}]/);
    expect(send({ method: 'subscribe', params: { channel: 'book', symbol: ['DOGE/USDT'], snapshot: false } })).toHaveLength(1);
  });

  it('sends no trade snapshot by default (the current docs) and the last 50 trades with snapshot true', () => {
    const { connect, market } = krakenTestVenue();
    for (let n = 0; n < 80; n += 1) market.nextTrade('BTC/USD', START_TS + n);
    const { send } = connect();
    const plain = send({ method: 'subscribe', params: { channel: 'trade', symbol: ['BTC/USD'] } });
    expect(plain.map(parse)).toEqual([expect.objectContaining({ result: { channel: 'trade', snapshot: false, symbol: 'BTC/USD' } })]);
    const withSnapshot = connect('c2').send({ method: 'subscribe', params: { channel: 'trade', symbol: ['BTC/USD'], snapshot: true } });
    const frame = parse(withSnapshot[1]) as Rows;
    expect(frame.type).toBe('snapshot');
    expect(frame.data).toHaveLength(50);
    expect(frame.data.map((t) => t['trade_id'])).toEqual(market.recentTrades('BTC/USD', 50).map((t) => t.tradeId));
  });

  it('batches a tick\u2019s trades into one frame: taker side, consecutive ids, numbers at the pair precision, unique microsecond times', () => {
    const { connect, market, protocol } = krakenTestVenue();
    const { send, connection } = connect();
    send({ method: 'subscribe', params: { channel: 'trade', symbol: ['BTC/USD'] } });
    const trades = Array.from({ length: 5 }, () => market.nextTrade('BTC/USD', START_TS + 10) as SimulatedTrade);
    const frames = protocol.tradeFrames(connection, trades);
    expect(frames).toHaveLength(1);
    expect(frames[0]?.trades).toBe(trades);
    const text = String(frames[0]?.payload);
    const frame = parse(text) as Rows;
    expect(frame).toMatchObject({ channel: 'trade', type: 'update' });
    expect(Object.keys(frame.data[0] ?? {})).toEqual(['symbol', 'side', 'price', 'qty', 'ord_type', 'trade_id', 'timestamp']);
    expect(frame.data.map((t) => t['side'])).toEqual(trades.map((t) => (t.isBuyerMaker ? 'sell' : 'buy')));
    const ids = frame.data.map((t) => t['trade_id'] as number);
    expect(ids).toEqual(ids.map((_, n) => (ids[0] ?? 0) + n));
    const times = frame.data.map((t) => t['timestamp'] as string);
    expect(new Set(times).size).toBe(5);
    expect([...times].sort()).toEqual(times);
    expect(times[0]).toBe(`${new Date(START_TS + 10).toISOString().slice(0, -1)}000Z`);
    for (const match of text.matchAll(/"qty":([^,]+)/g)) expect(match[1]).toMatch(/^\d+\.\d{8}$/);
    for (const match of text.matchAll(/"price":([^,]+)/g)) expect(match[1]).toMatch(/^\d+\.\d$/);
    expect(protocol.tradeFrames(connect('c3').connection, trades)).toEqual([]);
  });

  it('pushes a ticker update after trades (event_trigger trades) or when the best bid or ask moves (bbo), and nothing otherwise', () => {
    const { connect, market, protocol } = krakenTestVenue();
    const trades = connect('t');
    const bbo = connect('b');
    trades.send({ method: 'subscribe', params: { channel: 'ticker', symbol: ['BTC/USD'] } });
    bbo.send({ method: 'subscribe', params: { channel: 'ticker', symbol: ['BTC/USD'], event_trigger: 'bbo', snapshot: false } });
    const state = () => market.state('BTC/USD') ?? expect.fail('no state');
    expect(protocol.stateFrames(trades.connection, state(), START_TS, 'ticker')).toEqual([]);
    expect(protocol.stateFrames(bbo.connection, state(), START_TS, 'ticker')).toEqual([]);
    market.nextTrade('BTC/USD', START_TS + 5);
    const [update] = protocol.stateFrames(trades.connection, state(), START_TS + 5, 'ticker');
    expect(parse(update)).toMatchObject({ channel: 'ticker', type: 'update' });
    expect(protocol.stateFrames(trades.connection, state(), START_TS + 6, 'ticker')).toEqual([]);
    expect(protocol.stateFrames(bbo.connection, state(), START_TS + 6, 'ticker')).toHaveLength(1);
    // A trade at the same touch moves no best price: news for `trades` only.
    const same = { ...state(), lastTradeId: state().lastTradeId + 1 };
    expect(protocol.stateFrames(bbo.connection, same, START_TS + 7, 'ticker')).toEqual([]);
    expect(protocol.stateFrames(trades.connection, same, START_TS + 7, 'ticker')).toHaveLength(1);
    expect(protocol.stateFrames(trades.connection, state(), START_TS + 7, 'book')).toEqual([]);
  });

  it('answers ping with pong, req_id echoed, and counts it', () => {
    const { connect, counters } = krakenTestVenue();
    const [pong] = connect().send({ method: 'ping', req_id: 101 });
    expect(Object.keys(parse(pong))).toEqual(['method', 'req_id', 'time_in', 'time_out']);
    expect(parse(pong)).toMatchObject({ method: 'pong', req_id: 101 });
    expect(counters.pingsReceived).toBe(1);
  });

  it('unsubscribes per symbol, the book whatever depth it holds, and refuses what is not held', () => {
    const { connect } = krakenTestVenue();
    const { send, connection } = connect();
    send({ method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD'], depth: 100 } });
    const out = send({ method: 'unsubscribe', params: { channel: 'book', symbol: ['BTC/USD', 'DOGE/USDT'] }, req_id: 4 }).map(parse);
    expect(out[0]).toEqual(
      expect.objectContaining({ method: 'unsubscribe', req_id: 4, success: true, result: { channel: 'book', depth: 100, symbol: 'BTC/USD' } }),
    );
    expect(out[1]).toMatchObject({ error: 'Subscription Not Found', success: false, symbol: 'DOGE/USDT' });
    expect(connection.subscriptions.size).toBe(0);
  });

  it('refuses malformed requests with an error and no change', () => {
    const { connect } = krakenTestVenue();
    const { send, connection } = connect();
    expect(parse(send('{not json')[0])).toMatchObject({ error: 'Malformed request', success: false });
    expect(parse(send({ method: 'subscribe', params: { channel: 'ohlc', symbol: ['BTC/USD'] }, req_id: 3 })[0])).toMatchObject({
      error: 'Channel not supported: ohlc',
      method: 'subscribe',
      req_id: 3,
    });
    expect(parse(send({ method: 'subscribe', params: { channel: 'trade', symbol: 'BTC/USD' } })[0])).toMatchObject({ success: false });
    expect(parse(send({ method: 'ping', req_id: 'x' })[0])).toMatchObject({ error: 'req_id must be an integer' });
    expect(parse(send({ method: 'add_order' })[0])).toMatchObject({ error: 'Method not supported: add_order' });
    expect(connection.subscriptions.size).toBe(0);
  });

  it('answers requests past the message rate with "Exceeded msg rate" and serves them again once the rate allows', () => {
    const { connect, counters, clock } = krakenTestVenue({ limits: { wsRequestRate: { burst: 15, perSecond: 20 } } });
    const { send } = connect();
    const answers = Array.from({ length: 25 }, (_, n) => parse(send({ method: 'ping', req_id: n })[0]));
    expect(answers.filter((a) => a['method'] === 'pong')).toHaveLength(15);
    expect(answers[15]).toMatchObject({ error: 'Exceeded msg rate', method: 'ping', req_id: 15, success: false });
    expect(counters.refusals.messageRate).toBe(10);
    clock.now += 100;
    expect(parse(send({ method: 'ping' })[0])).toMatchObject({ method: 'pong' });
    expect(parse(send({ method: 'ping' })[0])).toMatchObject({ method: 'pong' });
    expect(parse(send({ method: 'ping' })[0])).toMatchObject({ error: 'Exceeded msg rate' });
  });

  it('caps subscriptions per connection only when a limit is configured (Kraken documents none)', () => {
    const { connect, counters } = krakenTestVenue({ limits: { maxTopicsPerConnection: 1 } });
    const out = connect()
      .send({ method: 'subscribe', params: { channel: 'trade', symbol: ['BTC/USD', 'DOGE/USDT'] } })
      .map(parse);
    expect(out.map((f) => f['success'])).toEqual([true, false]);
    expect(counters.refusals.topicsPerConnection).toBe(1);
  });

  it('sends a heartbeat each second a connection with subscriptions sent nothing else, and stops when it closes', () => {
    vi.useFakeTimers();
    const { connect } = krakenTestVenue({ heartbeatMs: 1000 });
    const { socket, send, connection } = connect();
    vi.advanceTimersByTime(3000);
    expect(socket.sent.filter((f) => f === '{"channel":"heartbeat"}')).toHaveLength(0);
    send({ method: 'subscribe', params: { channel: 'trade', symbol: ['BTC/USD'] } });
    vi.advanceTimersByTime(1000);
    expect(socket.sent.at(-1)).not.toBe('{"channel":"heartbeat"}');
    vi.advanceTimersByTime(3000);
    expect(socket.sent.slice(-3)).toEqual(Array(3).fill('{"channel":"heartbeat"}'));
    connection.sendData('{"channel":"trade"}');
    vi.advanceTimersByTime(1000);
    expect(socket.sent.at(-1)).toBe('{"channel":"trade"}');
    socket.close();
    const sent = socket.sent.length;
    vi.advanceTimersByTime(5000);
    expect(socket.sent).toHaveLength(sent);
  });

  it('names topics <channel>:<SYMBOL> and has no candles', () => {
    const { protocol } = krakenTestVenue();
    expect(protocol.symbolOf('trade:BTC/USD')).toBe('BTC/USD');
    expect(protocol.symbolOf('book.10:DOGE/USDT')).toBe('DOGE/USDT');
    expect(protocol.symbolOf('heartbeat')).toBeUndefined();
    expect(protocol.isKlineTopic()).toBe(false);
  });

  it('announces maintenance with a status update, and writes malformed frames a client must refuse', () => {
    const { protocol, connect } = krakenTestVenue();
    const { connection } = connect();
    expect(parse(protocol.shutdownFrame(connection))).toMatchObject({ channel: 'status', data: [{ system: 'maintenance' }] });
    const frames = Array.from({ length: 6 }, (_, n) => protocol.malformedFrame(n, 'BTC/USD', START_TS));
    expect(() => JSON.parse(frames[0] ?? '') as unknown).toThrow();
    expect(frames.slice(1).map((f) => JSON.stringify((parse(f) as Rows).data[0]))).toEqual([
      expect.stringContaining('"price":-5'),
      expect.stringContaining('"qty":"NaN"'),
      expect.stringContaining('"checksum":"abc"'),
      '{"symbol":"BTC/USD"}',
      expect.stringContaining('"side":"up"'),
    ]);
  });
});
