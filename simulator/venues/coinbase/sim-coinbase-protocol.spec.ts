import { afterEach, describe, expect, it, vi } from 'vitest';
import { coinbaseTestVenue, subscribe, type TestClient } from './__fixtures__/coinbase-test-venue.js';
import { firstEvent, recordedFrame, recordedFrames, shape } from './__fixtures__/recorded-frames.js';
import { COINBASE_MALFORMED_KINDS, coinbaseMalformedFrame } from './coinbase-malformed-frames.js';
import { DEFAULT_COINBASE_LIMITS } from './coinbase-limits.js';
import { COINBASE_WS_PATH, TOO_MANY_L2_STREAMS } from './sim-coinbase-protocol.js';

type Frame = Record<string, unknown>;
interface WireTrade {
  readonly product_id: string;
  readonly trade_id: string;
  readonly side: string;
}

const eventType = (frame: Frame): unknown => firstEvent(frame)['type'];
const ofChannel = (frames: readonly Frame[], channel: string, type?: string): Frame[] =>
  frames.filter((f) => f['channel'] === channel && (type === undefined || eventType(f) === type));
const sequence = (frames: readonly Frame[]): unknown[] => frames.filter((f) => f['type'] !== 'error').map((f) => f['sequence_num']);
const acks = (client: TestClient): Record<string, string[]>[] =>
  ofChannel(client.frames(), 'subscriptions').map((f) => firstEvent(f)['subscriptions'] as Record<string, string[]>);
/** Nanoseconds since the epoch of an RFC 3339 time with up to 9 fractional digits. */
const nanosOf = (time: string): bigint => {
  const [whole = '', fraction = ''] = time.replace('Z', '').split('.');
  return BigInt(Date.parse(`${whole}Z`)) * 1_000_000n + BigInt(fraction.padEnd(9, '0'));
};
const trades = (frame: Frame): WireTrade[] => firstEvent(frame)['trades'] as WireTrade[];

afterEach(() => {
  vi.useRealTimers();
});

describe('SimCoinbaseProtocol frames', () => {
  it('serves the path /coinbase only', () => {
    const { sim } = coinbaseTestVenue();
    expect(COINBASE_WS_PATH).toBe('/coinbase');
    expect([sim.protocol.accepts('/coinbase'), sim.protocol.accepts('/'), sim.protocol.accepts('/v5/public/spot')]).toEqual([true, false, false]);
  });

  it('writes every channel in the shape of the recorded frames: same keys in the same order, same JSON types', () => {
    vi.useFakeTimers();
    const { open, run } = coinbaseTestVenue();
    run(100);
    const client = open();
    client.send(subscribe('market_trades', ['BTC-USD', 'ETH-USD']));
    client.send(subscribe('ticker', ['BTC-USD']));
    client.send(subscribe('level2', ['ETH-USD']));
    client.send(subscribe('heartbeats', ['BTC-USD']));
    run(50);
    vi.advanceTimersByTime(1000);
    const frames = client.frames();
    const pairs: [Frame | undefined, Frame][] = [
      [ofChannel(frames, 'market_trades', 'snapshot')[0], recordedFrame('market_trades', (e) => e['type'] === 'snapshot')],
      [ofChannel(frames, 'market_trades', 'update')[0], recordedFrame('market_trades', (e) => e['type'] === 'update')],
      [ofChannel(frames, 'ticker', 'snapshot')[0], recordedFrame('ticker', (e) => e['type'] === 'snapshot')],
      [ofChannel(frames, 'ticker', 'update')[0], recordedFrame('ticker', (e) => e['type'] === 'update')],
      [ofChannel(frames, 'l2_data', 'snapshot')[0], recordedFrame('l2_data', (e) => e['type'] === 'snapshot')],
      [
        ofChannel(frames, 'l2_data', 'update').find((f) => new Set((firstEvent(f)['updates'] as Frame[]).map((u) => u['side'])).size === 2),
        recordedFrame('l2_data', (e) => e['type'] === 'update'),
      ],
      [ofChannel(frames, 'heartbeats')[0], recordedFrame('heartbeats')],
    ];
    for (const [ours, theirs] of pairs) {
      expect(ours, JSON.stringify(theirs).slice(0, 80)).toBeDefined();
      expect(shape(ours)).toEqual(shape(theirs));
    }
    const ack = ofChannel(frames, 'subscriptions').at(-1) as Frame;
    const recordedAck = recordedFrames().at(-1) as Frame;
    expect(Object.keys(ack)).toEqual(Object.keys(recordedAck));
    const recordedChannels = Object.keys(firstEvent(recordedAck)['subscriptions'] as object).filter((c) => c !== 'candles');
    expect(Object.keys(firstEvent(ack)['subscriptions'] as object)).toEqual(recordedChannels);
  });

  it('writes times as recorded: the envelope in nanoseconds, trades and book events in microseconds, before the envelope', () => {
    const { open, run } = coinbaseTestVenue();
    const client = open();
    client.send(subscribe('market_trades', ['BTC-USD']));
    client.send(subscribe('level2', ['BTC-USD']));
    run(40);
    const frames = client.frames();
    for (const frame of frames) expect(frame['timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/);
    const update = ofChannel(frames, 'market_trades', 'update')[0] as Frame;
    const trade = (firstEvent(update)['trades'] as Frame[])[0] as Frame;
    expect(trade['time']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{1,6}Z$/);
    expect(nanosOf(trade['time'] as string)).toBeLessThan(nanosOf(update['timestamp'] as string));
    const timestamps = frames.map((f) => nanosOf(f['timestamp'] as string));
    for (let n = 1; n < timestamps.length; n += 1) expect(timestamps[n]).toBeGreaterThan(timestamps[n - 1] as bigint);
  });
});

describe('SimCoinbaseProtocol sequence numbers', () => {
  it('answers a two-product market_trades subscribe as recorded: both snapshots (seq 0, 1), then the ack (seq 2)', () => {
    const { open, run } = coinbaseTestVenue();
    run(100);
    const client = open();
    client.send(subscribe('market_trades', ['BTC-USD', 'ETH-USD']));
    expect(client.frames().map((f) => [f['channel'], eventType(f) ?? 'ack', f['sequence_num']])).toEqual([
      ['market_trades', 'snapshot', 0],
      ['market_trades', 'snapshot', 1],
      ['subscriptions', 'ack', 2],
    ]);
  });

  it('numbers every frame of a connection from 0 across all channels, each connection on its own counter', () => {
    vi.useFakeTimers();
    const { open, run } = coinbaseTestVenue();
    const first = open();
    first.send(subscribe('market_trades', ['BTC-USD']));
    first.send(subscribe('ticker', ['BTC-USD', 'ETH-USD']));
    first.send(subscribe('level2', ['BTC-USD']));
    first.send(subscribe('heartbeats'));
    run(50);
    const second = open();
    second.send(subscribe('ticker', ['ETH-USD']));
    for (let n = 0; n < 3; n += 1) {
      run(50);
      vi.advanceTimersByTime(1000);
    }
    const frames = first.frames();
    expect(new Set(frames.map((f) => f['channel']))).toEqual(new Set(['market_trades', 'ticker', 'l2_data', 'heartbeats', 'subscriptions']));
    expect(sequence(frames)).toEqual(frames.map((_, n) => n));
    expect(sequence(second.frames())).toEqual(second.frames().map((_, n) => n));
  });

  it('uses up the number of a dropped level2 update on each connection holding the product, and on no other', () => {
    const { open, run, venue, sim } = coinbaseTestVenue();
    const holder = open();
    holder.send(subscribe('level2', ['BTC-USD']));
    holder.send(subscribe('ticker', ['BTC-USD']));
    const other = open();
    other.send(subscribe('level2', ['ETH-USD']));
    run(20);
    expect(venue.config.books?.arm('drop', 'BTC-USD')).toBe(true);
    run(20);
    const numbers = sequence(holder.frames()) as number[];
    const holes = numbers.flatMap((n, i) => (i > 0 && n !== (numbers[i - 1] as number) + 1 ? [n] : []));
    expect(holes).toHaveLength(1);
    expect(numbers.at(-1)).toBe(numbers.length);
    expect(sequence(other.frames())).toEqual(other.frames().map((_, n) => n));
    expect(sim.protocol.counters().framesLost).toBe(1);
  });

  it('numbers the frames a stalled socket never sent, so the client sees the loss when the stall ends', () => {
    const { open, run, venue } = coinbaseTestVenue();
    const client = open();
    client.send(subscribe('ticker', ['BTC-USD']));
    run(20);
    const before = client.frames().length;
    venue.stall(true);
    run(20);
    venue.stall(false);
    run(20);
    const numbers = sequence(client.frames()) as number[];
    expect((numbers[before] as number) - (numbers[before - 1] as number)).toBeGreaterThan(1);
  });
});

describe('SimCoinbaseProtocol subscriptions', () => {
  it('acknowledges each request with every channel held so far, level2 under its subscribe name, heartbeats as ["heartbeats"]', () => {
    const { open } = coinbaseTestVenue();
    const client = open();
    client.send(subscribe('market_trades', ['BTC-USD', 'ETH-USD']));
    client.send(subscribe('level2', ['ETH-USD']));
    client.send(subscribe('heartbeats', ['BTC-USD']));
    client.send({ type: 'unsubscribe', product_ids: ['BTC-USD'], channel: 'market_trades' });
    client.send({ type: 'unsubscribe', channel: 'level2' });
    expect(acks(client)).toEqual([
      { market_trades: ['BTC-USD', 'ETH-USD'] },
      { level2: ['ETH-USD'], market_trades: ['BTC-USD', 'ETH-USD'] },
      { heartbeats: ['heartbeats'], level2: ['ETH-USD'], market_trades: ['BTC-USD', 'ETH-USD'] },
      { heartbeats: ['heartbeats'], level2: ['ETH-USD'], market_trades: ['ETH-USD'] },
      { heartbeats: ['heartbeats'], market_trades: ['ETH-USD'] },
    ]);
  });

  it('refuses a message naming several channels, or a list, with an error frame and takes nothing', () => {
    const { open, counters } = coinbaseTestVenue();
    const client = open();
    client.send({ type: 'subscribe', product_ids: ['BTC-USD'], channels: ['ticker', 'level2'] });
    client.send({ type: 'subscribe', product_ids: ['BTC-USD'], channel: ['ticker', 'level2'] });
    client.send({ type: 'subscribe', product_ids: ['BTC-USD'], channel: 'ticker', channels: ['level2'] });
    const frames = client.fresh();
    expect(frames.map((f) => f['type'])).toEqual(['error', 'error', 'error']);
    for (const frame of frames) expect(Object.keys(frame)).toEqual(['type', 'message']);
    expect(client.socket.readyState).toBe(1);
    client.send(subscribe('ticker', ['BTC-USD']));
    expect(client.fresh().map((f) => f['sequence_num'])).toEqual([0, 1]);
    expect(counters.subscribeRequests).toBe(1);
  });

  it('refuses a product it does not list, and sends no second snapshot for a product already held', () => {
    const { open, run, counters } = coinbaseTestVenue();
    const client = open();
    client.send(subscribe('ticker', ['BTC-USD', 'NOPE-USD']));
    expect(client.fresh()).toEqual([{ type: 'error', message: 'failure to subscribe: unknown product_id NOPE-USD' }]);
    expect(counters.subscribeRejected).toBe(1);
    client.send(subscribe('level2', ['BTC-USD']));
    run(5);
    client.fresh();
    client.send(subscribe('level2', ['BTC-USD']));
    expect(client.fresh().map((f) => f['channel'])).toEqual(['subscriptions']);
  });

  it('holds 30 level2 products per connection: the 31st is refused with the recorded error, the socket stays, unsubscribing frees room', () => {
    const symbols = Array.from({ length: 32 }, (_, n) => `C${n}-USD`);
    const { open, counters } = coinbaseTestVenue({ symbols, depth: 3, limits: { ...DEFAULT_COINBASE_LIMITS, messagesPerIp: { max: 100, windowMs: 1000 } } });
    const client = open();
    client.send(subscribe('level2', symbols.slice(0, 31)));
    expect(client.fresh()).toEqual([{ type: 'error', message: TOO_MANY_L2_STREAMS }]);
    client.send(subscribe('level2', symbols.slice(0, 30)));
    expect(ofChannel(client.fresh(), 'l2_data', 'snapshot')).toHaveLength(30);
    client.send(subscribe('level2', ['C31-USD']));
    expect(client.fresh()).toEqual([{ type: 'error', message: TOO_MANY_L2_STREAMS }]);
    expect(client.socket.readyState).toBe(1);
    client.send({ type: 'unsubscribe', product_ids: ['C0-USD'], channel: 'level2' });
    client.send(subscribe('level2', ['C31-USD']));
    expect(ofChannel(client.fresh(), 'l2_data', 'snapshot')).toHaveLength(1);
    expect(counters.refusals.topicsPerConnection).toBe(2);
  });

  it('takes 8 messages a second: the 9th is refused with an error frame, the socket kept, and a second later it takes them again', () => {
    const { open, wait, counters } = coinbaseTestVenue();
    const client = open();
    for (let n = 0; n < 8; n += 1) client.send(subscribe('ticker', ['BTC-USD']));
    client.send(subscribe('ticker', ['ETH-USD']));
    const frames = client.fresh();
    expect(frames.at(-1)).toEqual({ type: 'error', message: 'rate limit exceeded: at most 8 messages per 1000 ms' });
    expect(acks(client).at(-1)).toEqual({ ticker: ['BTC-USD'] });
    expect(client.socket.readyState).toBe(1);
    expect(counters.refusals.messageRate).toBe(1);
    wait(1000);
    client.send(subscribe('ticker', ['ETH-USD']));
    expect(acks(client).at(-1)).toEqual({ ticker: ['BTC-USD', 'ETH-USD'] });
  });
});

describe('SimCoinbaseProtocol market_trades', () => {
  it('sends the newest 100 trades on subscribe, then each tick’s trades newest first, ids consecutive, side the maker’s', () => {
    const { open, run, market } = coinbaseTestVenue();
    run(400);
    const client = open();
    client.send(subscribe('market_trades', ['BTC-USD']));
    run(200);
    const frames = ofChannel(client.frames(), 'market_trades');
    const [snapshot, ...updates] = frames.map(trades);
    expect(snapshot).toHaveLength(100);
    const ids = [snapshot ?? [], ...updates].map((list) => list.map((t) => Number(t.trade_id)));
    for (const list of ids) expect(list).toEqual([...list].sort((a, b) => b - a));
    const ascending = ids.flatMap((list) => [...list].reverse());
    expect(ascending).toEqual(ascending.map((_, n) => (ascending[0] as number) + n));
    const made = new Map(market.madeTrades('BTC-USD').map((t) => [t.tradeId, t]));
    expect(Math.max(...ascending)).toBe(Math.max(...made.keys()));
    const sides = [snapshot ?? [], ...updates].flat().map((t) => [t.side, made.get(Number(t.trade_id))?.isBuyerMaker]);
    expect(new Set(sides.map(([side]) => side))).toEqual(new Set(['BUY', 'SELL']));
    // The taker bought (the buyer was not the maker): the maker sold, Coinbase writes SELL.
    for (const [side, isBuyerMaker] of sides) expect(side).toBe(isBuyerMaker === true ? 'BUY' : 'SELL');
  });
});

describe('SimCoinbaseProtocol connection rules', () => {
  it('closes a connection that has no subscription 5 s after it opened, and keeps one that subscribed', () => {
    vi.useFakeTimers();
    const { open, sim } = coinbaseTestVenue();
    const idle = open();
    const busy = open();
    vi.advanceTimersByTime(1000);
    busy.send(subscribe('heartbeats'));
    vi.advanceTimersByTime(3999);
    expect(idle.socket.closed).toBeUndefined();
    vi.advanceTimersByTime(1);
    expect(idle.socket.closed?.code).toBe(1008);
    vi.advanceTimersByTime(10_000);
    expect(busy.socket.readyState).toBe(1);
    expect(sim.protocol.counters().subscribeDeadlineCloses).toBe(1);
  });

  it('drops a connection without heartbeats after 60 s without a data frame; heartbeats keep a quiet one open', () => {
    vi.useFakeTimers();
    const { open, wait, sim } = coinbaseTestVenue({ tradesPerSecond: 0 });
    const quiet = open();
    quiet.send(subscribe('market_trades', ['BTC-USD']));
    const kept = open();
    kept.send(subscribe('market_trades', ['BTC-USD']));
    kept.send(subscribe('heartbeats'));
    for (let s = 0; s < 59; s += 1) {
      wait(1000);
      vi.advanceTimersByTime(1000);
    }
    expect(quiet.socket.terminated).toBe(false);
    wait(1000);
    vi.advanceTimersByTime(1000);
    expect(quiet.socket.terminated).toBe(true);
    for (let s = 0; s < 120; s += 1) {
      wait(1000);
      vi.advanceTimersByTime(1000);
    }
    expect(kept.socket.readyState).toBe(1);
    expect(sim.protocol.counters().idleCloses).toBe(1);
  });

  it('sends a heartbeat a second with a counter + 1 each and a Go time string', () => {
    vi.useFakeTimers();
    const { open, wait } = coinbaseTestVenue({ tradesPerSecond: 0 });
    const client = open();
    client.send(subscribe('heartbeats'));
    for (let s = 0; s < 5; s += 1) {
      wait(1000);
      vi.advanceTimersByTime(1000);
    }
    const beats = ofChannel(client.frames(), 'heartbeats').map(firstEvent);
    expect(beats).toHaveLength(5);
    const counters = beats.map((b) => b['heartbeat_counter'] as number);
    expect(counters).toEqual(counters.map((_, n) => (counters[0] as number) + n));
    for (const beat of beats) expect(beat['current_time']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,9})? \+0000 UTC m=\+\d+\.\d{9}$/);
    client.send({ type: 'unsubscribe', channel: 'heartbeats' });
    wait(3000);
    vi.advanceTimersByTime(3000);
    expect(ofChannel(client.frames(), 'heartbeats')).toHaveLength(5);
  });
});

describe('coinbaseMalformedFrame', () => {
  it('makes each kind of damage once in four frames: not JSON, a negative price, no trade_id, an "ask" side', () => {
    const frames = COINBASE_MALFORMED_KINDS.map((_, n) => coinbaseMalformedFrame(n, 'BTC-USD', 1_786_309_548_000));
    expect(() => JSON.parse(frames[0] ?? '') as unknown).toThrow();
    const parsed = frames.slice(1).map((f) => firstEvent(JSON.parse(f) as Frame));
    expect(((parsed[0]?.['trades'] as Frame[])[0] as Frame)['price']).toBe('-1');
    expect((parsed[1]?.['trades'] as Frame[])[0]).not.toHaveProperty('trade_id');
    expect(((parsed[2]?.['updates'] as Frame[])[0] as Frame)['side']).toBe('ask');
  });
});
