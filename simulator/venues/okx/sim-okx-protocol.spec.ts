import { describe, expect, it } from 'vitest';
import { shape } from '../../__fixtures__/json-shape.js';
import { documented, okxTestVenue, recorded } from './__fixtures__/okx-test-venue.js';

const PUBLIC = '/okx/ws/v5/public';
const BUSINESS = '/okx/ws/v5/business';

/** The keys of an object with their JSON types, in order. */
const keysAndTypes = (value: unknown): string[] => Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}:${v === null ? 'null' : typeof v}`);

describe('OKX requests and answers', () => {
  it('acknowledges each arg with the connection id, echoing the request id; unsubscribes alike', () => {
    const { connect } = okxTestVenue('okx');
    const client = connect(PUBLIC);
    client.send({
      id: 'r1',
      op: 'subscribe',
      args: [
        { channel: 'tickers', instId: 'BTC-USDT' },
        { channel: 'books', instId: 'ETH-USDT' },
      ],
    });
    const acks = client.take().filter((f) => f['event'] !== undefined);
    expect(acks).toEqual([
      { id: 'r1', event: 'subscribe', arg: { channel: 'tickers', instId: 'BTC-USDT' }, connId: expect.stringMatching(/^[0-9a-f]{8}$/) as unknown },
      { id: 'r1', event: 'subscribe', arg: { channel: 'books', instId: 'ETH-USDT' }, connId: acks[0]?.['connId'] },
    ]);
    // The 2026 recorded ack's keys, in order (okx-subscribe-ack.ndjson line 3), without an id.
    client.send({ op: 'subscribe', args: [{ channel: 'tickers', instId: 'ETH-USDT' }] });
    expect(shape(client.take()[0])).toEqual(shape(recorded('okx-subscribe-ack.ndjson')[2]));
    client.send({ op: 'unsubscribe', args: [{ channel: 'books', instId: 'ETH-USDT' }] });
    expect(client.take()).toEqual([{ event: 'unsubscribe', arg: { channel: 'books', instId: 'ETH-USDT' }, connId: acks[0]?.['connId'] }]);
  });

  it('refuses with 60018 an unknown channel or instrument and a channel of the other route, worded as OKX answers', () => {
    const { connect, venue } = okxTestVenue('okx');
    const publicClient = connect(PUBLIC);
    const businessClient = connect(BUSINESS);
    publicClient.send({
      op: 'subscribe',
      args: [
        { channel: 'tickers', instId: 'NMR-USDT' },
        { channel: 'candle1m', instId: 'BTC-USDT' },
        { channel: 'trades-all', instId: 'BTC-USDT' },
      ],
    });
    businessClient.send({
      op: 'subscribe',
      args: [
        { channel: 'books', instId: 'BTC-USDT' },
        { channel: 'kline', instId: 'BTC-USDT' },
        { channel: 'trades-all', instId: 'BTC-USDT' },
      ],
    });
    const refusals = [...publicClient.take(), ...businessClient.take()].filter((f) => f['event'] === 'error');
    expect(refusals.map((f) => f['code'])).toEqual(['60018', '60018', '60018', '60018', '60018']);
    expect(refusals[0]).toEqual({
      event: 'error',
      msg: "Wrong URL or channel:tickers,instId:NMR-USDT doesn't exist. Please use the correct URL, channel and parameters referring to API document.",
      code: '60018',
      connId: expect.any(String) as unknown,
    });
    // The one arg each route serves is taken; the refused ones are not.
    expect([...venue.connections].map((c) => [...c.subscriptions])).toEqual([[], ['trades-all:BTC-USDT']]);
    expect(venue.counters).toMatchObject({ subscribeRequests: 2, subscribeRejected: 2 });
  });

  it('answers the text ping with pong, a bad request with 60012 and an unknown op with 60019', () => {
    const { connect, venue } = okxTestVenue('okx');
    const client = connect(PUBLIC);
    client.send('ping');
    client.send('{"op":"subscribe","argss":[]}');
    client.send({ id: 'x1', op: 'subscribe', args: [{ channel: 7 }] });
    client.send({ op: 'order', args: [] });
    expect(client.texts()[0]).toBe('pong');
    expect(client.json().map((f) => [f['id'], f['code'], f['msg']])).toEqual([
      [undefined, '60012', 'Invalid request: {"op":"subscribe","argss":[]}'],
      ['x1', '60012', 'Invalid request: {"id":"x1","op":"subscribe","args":[{"channel":7}]}'],
      [undefined, '60019', 'Invalid op: order'],
    ]);
    expect(venue.counters.pingsReceived).toBe(1);
  });

  it('takes 480 subscribe and unsubscribe requests per connection per hour; the next is refused with 60014 and the connection closed', () => {
    const { connect, clock } = okxTestVenue('okx', { limits: { okx: { subscribeRequests: { max: 3, windowMs: 3_600_000 } } } });
    const client = connect(PUBLIC);
    const request = (op: string) => client.send({ op, args: [{ channel: 'tickers', instId: 'BTC-USDT' }] });
    request('subscribe');
    request('unsubscribe');
    request('subscribe');
    clock.now += 1_000;
    client.send('ping');
    expect(client.socket.closed).toBeUndefined();
    request('unsubscribe');
    expect(client.take().at(-1)).toMatchObject({ event: 'error', msg: 'Requests too frequent', code: '60014' });
    expect(client.socket.closed).toEqual({ code: 4002, reason: 'Invalid Request' });
    // An hour later a new connection's requests count afresh, and the default is OKX's 480.
    const defaults = okxTestVenue('okx').connect(PUBLIC);
    for (let n = 0; n < 480; n++) defaults.send({ op: n % 2 === 0 ? 'subscribe' : 'unsubscribe', args: [{ channel: 'tickers', instId: 'BTC-USDT' }] });
    expect(defaults.socket.closed).toBeUndefined();
    defaults.send({ op: 'subscribe', args: [{ channel: 'tickers', instId: 'BTC-USDT' }] });
    expect(defaults.socket.closed?.code).toBe(4002);
  });

  it('closes a connection that sent nothing for 30 s with 4004, however much data it got; a ping within 30 s keeps it', () => {
    const { connect, run } = okxTestVenue('okx');
    const quiet = connect(BUSINESS);
    const pinging = connect(BUSINESS);
    quiet.send({ op: 'subscribe', args: [{ channel: 'trades-all', instId: 'BTC-USDT' }] });
    pinging.send({ op: 'subscribe', args: [{ channel: 'trades-all', instId: 'BTC-USDT' }] });
    const seconds = (count: number) => {
      for (let s = 0; s < count; s += 1) {
        run(1_000);
        if (s % 10 === 9) pinging.send('ping');
      }
    };
    seconds(29);
    expect(quiet.socket.closed).toBeUndefined();
    run(1_100);
    expect(quiet.socket.closed).toEqual({ code: 4004, reason: 'No data received in 30s' });
    expect(quiet.json().length).toBeGreaterThan(400);
    seconds(60);
    expect(pinging.socket.closed).toBeUndefined();
  });

  it("sends OKX's notice of a service upgrade as documented", () => {
    const { connect, control } = okxTestVenue('okx');
    const client = connect(PUBLIC);
    control.announceShutdown('okx');
    expect(client.json()).toEqual([
      {
        event: 'notice',
        code: '64008',
        msg: 'The connection will soon be closed for a service upgrade. Please reconnect.',
        connId: expect.any(String) as unknown,
      },
    ]);
  });
});

describe('OKX spot data frames', () => {
  /** 6 s of BTC-USDT on both routes. */
  function spotFrames() {
    const { connect, run, control } = okxTestVenue('okx');
    const publicClient = connect(PUBLIC);
    const businessClient = connect(BUSINESS);
    publicClient.send({ op: 'subscribe', args: ['trades', 'tickers', 'bbo-tbt'].map((channel) => ({ channel, instId: 'BTC-USDT' })) });
    businessClient.send({ op: 'subscribe', args: ['trades-all', 'candle1m'].map((channel) => ({ channel, instId: 'BTC-USDT' })) });
    run(6_000);
    const of = (frames: Record<string, unknown>[], channel: string) =>
      frames.filter((f) => (f['arg'] as { channel?: string } | undefined)?.channel === channel && 'data' in f);
    return { publicFrames: publicClient.json(), businessFrames: businessClient.json(), control, of };
  }

  it('trades-all: one fill a frame with the documented fields in order, every string; trade ids run on by one, each made trade sent once', () => {
    const { businessFrames, control, of } = spotFrames();
    const sent = of(businessFrames, 'trades-all');
    expect(sent.length).toBeGreaterThan(100);
    const expected = shape(documented('trades-all'));
    for (const frame of sent) expect(shape(frame)).toEqual(expected);
    // The recorded fill's fields, in its order, with the documented `source` before `ts`.
    const recordedKeys = Object.keys((recorded('okx-trades-all.ndjson')[0]?.['data'] as object[])[0] as object);
    const sentKeys = Object.keys((sent[0]?.['data'] as object[])[0] as object);
    expect(sentKeys.filter((k) => k !== 'source')).toEqual(recordedKeys);
    const fills = sent.map((f) => (f['data'] as { tradeId: string; px: string; sz: string }[])[0]);
    const ids = fills.map((f) => Number(f?.tradeId));
    expect(ids.every((id, n) => n === 0 || id === (ids[n - 1] ?? 0) + 1)).toBe(true);
    const tape = control.madeTrades('okx', 'BTC-USDT').filter((t) => t.tradeId >= (ids[0] ?? 0));
    expect(tape.map((t) => t.tradeId)).toEqual(ids);
    expect(fills.map((f) => Number(f?.px))).toEqual(tape.map((t) => t.price));
    expect(fills.map((f) => Number(f?.sz))).toEqual(tape.map((t) => t.quantity));
  });

  it('trades: the 2026 recorded fields and types (count and seqId); each fill of the tape in exactly one message, tradeId its last', () => {
    const { publicFrames, of } = spotFrames();
    const sent = of(publicFrames, 'trades');
    expect(sent.length).toBeGreaterThan(100);
    const expected = keysAndTypes((recorded('okx-trades.ndjson')[21]?.['data'] as object[])[0]);
    const data = sent.map((f) => (f['data'] as Record<string, unknown>[])[0] as Record<string, unknown>);
    for (const d of data) expect(keysAndTypes(d)).toEqual(expected);
    // Messages' tradeIds step by their count: every fill is in one of them.
    for (let n = 1; n < data.length; n++) expect(Number(data[n]?.['tradeId']) - Number(data[n - 1]?.['tradeId'])).toBe(Number(data[n]?.['count']));
  });

  it('tickers and bbo-tbt: the recorded keys, in order, strings; bbo-tbt with its numeric seqId as documented', () => {
    const { publicFrames, of } = spotFrames();
    const tickers = of(publicFrames, 'tickers');
    expect(tickers.length).toBeGreaterThan(20);
    for (const frame of tickers) expect(shape(frame)).toEqual(shape(recorded('okx-tickers.ndjson')[0]));
    const bbo = of(publicFrames, 'bbo-tbt');
    expect(bbo.length).toBeGreaterThan(50);
    for (const frame of bbo) expect(shape(frame)).toEqual(shape(documented('bbo-tbt')));
    const recordedData = keysAndTypes((recorded('okx-bbo-tbt.ndjson')[0]?.['data'] as object[])[0]);
    expect(keysAndTypes((bbo[0]?.['data'] as object[])[0])).toEqual([...recordedData, 'seqId:number']);
    const seqIds = bbo.map((f) => (f['data'] as { seqId: number }[])[0]?.seqId ?? 0);
    expect(seqIds.every((s, n) => n === 0 || s > (seqIds[n - 1] ?? 0))).toBe(true);
  });

  it('candle1m: the documented row of nine strings, confirm "0" while open', () => {
    const { businessFrames, of } = spotFrames();
    const candles = of(businessFrames, 'candle1m');
    expect(candles.length).toBeGreaterThanOrEqual(5);
    for (const frame of candles) expect(shape(frame)).toEqual(shape(documented('candle')));
    expect((candles.at(-1)?.['data'] as string[][])[0]?.[8]).toBe('0');
  });
});
