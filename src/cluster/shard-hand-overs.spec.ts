import { Subject, VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { FeedEvent, FeedStatus, TradeEvent } from '../model/index.js';
import { tradeKeyOf } from './hand-over-cuts.js';
import type { HandOverRecord } from './hand-over-records.js';
import { ShardGate } from './shard-gate.js';
import type { ShardMove } from './shard-hand-over-states.js';
import { SocketBarriers } from '../exchanges/connection/socket-barriers.js';
import { ShardHandOvers } from './shard-hand-overs.js';
import { shardOf } from './shard-of.js';
import { advance, BTC, btcSubscribed, btcTrade, MARKET, SHARDS, specHandOvers } from './__fixtures__/hand-over-events.js';

const trade = btcTrade;
const subscribed = btcSubscribed;

/** One instance: its coordinator, its feed's input and what it published, over a control topic shared by all. */
function instance(id: string, topic: Subject<HandOverRecord>, scheduler: VirtualTimeScheduler, written: HandOverRecord[], barriers?: SocketBarriers) {
  const gate = new ShardGate(SHARDS);
  const handOvers = new ShardHandOvers({
    ...(barriers === undefined ? {} : { barriers }),
    ...specHandOvers(id, gate, scheduler),
    maxHeldTrades: 1_000,
    write: (record) => {
      written.push(record);
      // Another instance reads it a moment later.
      scheduler.schedule(() => topic.next(record), 50);
    },
  });
  handOvers.follow(() => MARKET);
  topic.subscribe((record) => handOvers.record(record));
  const input = new Subject<FeedEvent>();
  const published: FeedEvent[] = [];
  const moves: ShardMove[] = [];
  const statuses: FeedStatus[] = [];
  input.pipe(handOvers.gate()).subscribe((event) => published.push(event));
  handOvers.moves$.subscribe((move) => moves.push(move));
  handOvers.statuses$.subscribe((status) => statuses.push(status));
  const tradeIds = (): string[] => published.filter((event): event is TradeEvent => event.type === 'trade').map((event) => event.tradeId);
  return { gate, handOvers, input, published, moves, statuses, tradeIds };
}
type Instance = ReturnType<typeof instance>;

/** Instance b alone, given BTC's shard that a serves (as the control topic said): b is taking it. */
function bTakingFromA() {
  const scheduler = new VirtualTimeScheduler();
  const written: HandOverRecord[] = [];
  const b = instance('b', new Subject<HandOverRecord>(), scheduler, written);
  b.handOvers.record({ kind: 'serving', shard: BTC, instance: 'a', at: 0 });
  b.handOvers.change({ kind: 'assigned', shards: [BTC] });
  return { scheduler, written, b };
}

/** Instances a and b over one control topic and virtual clock; a's sockets with `aBarriers`, when given. */
function twoInstances(aBarriers?: SocketBarriers) {
  const scheduler = new VirtualTimeScheduler();
  const topic = new Subject<HandOverRecord>();
  const written: HandOverRecord[] = [];
  return { scheduler, topic, written, a: instance('a', topic, scheduler, written, aBarriers), b: instance('b', topic, scheduler, written) };
}

/** a (its sockets' barriers in `barriers`) serving BTC's shard, its one socket `c` last delivering a trade made at 0, at once; at 5,000 the shard moves to b, subscribed at once. */
function quietGiver(barriers?: SocketBarriers) {
  const two = twoInstances(barriers);
  const { scheduler, a, b } = two;
  a.handOvers.change({ kind: 'assigned', shards: [BTC] });
  a.input.next(trade(1, scheduler.now()));
  advance(scheduler, 5_000);
  a.handOvers.change({ kind: 'revoked', shards: [BTC], lost: false });
  b.handOvers.change({ kind: 'assigned', shards: [BTC] });
  b.input.next(subscribed);
  return two;
}

/** One instance's coordinator alone, `b`, writing to `written`, asking `isGone` when given. */
function lone(scheduler: VirtualTimeScheduler, written: HandOverRecord[], isGone?: (instance: string) => Promise<boolean>) {
  const gate = new ShardGate(SHARDS);
  const handOvers = new ShardHandOvers({
    ...specHandOvers('b', gate, scheduler),
    maxHeldTrades: 1_000,
    write: (record) => written.push(record),
    ...(isGone === undefined ? {} : { isGone }),
  });
  return { gate, handOvers };
}

/**
 * `b` alone, given BTC's shard that a serves (as the control topic said), a trade of it received: taking it,
 * asking `isGone` (each instance asked is kept in `asked`, and given to it with this ask).
 */
function bAsking(isGone: (instance: string, asked: readonly string[]) => Promise<boolean>) {
  const scheduler = new VirtualTimeScheduler();
  const written: HandOverRecord[] = [];
  const asked: string[] = [];
  const { gate, handOvers } = lone(scheduler, written, (instance) => {
    asked.push(instance);
    return isGone(instance, asked);
  });
  handOvers.follow(() => MARKET);
  const published: FeedEvent[] = [];
  const input = new Subject<FeedEvent>();
  input.pipe(handOvers.gate()).subscribe((event) => published.push(event));
  handOvers.record({ kind: 'serving', shard: BTC, instance: 'a', at: 0 });
  handOvers.change({ kind: 'assigned', shards: [BTC] });
  input.next(trade(5, 1));
  return { scheduler, written, asked, gate, handOvers, published };
}

/** a alone, given BTC's shard that nobody served, publishing its trade 1 a second later. */
function aServingOneTrade() {
  const scheduler = new VirtualTimeScheduler();
  const written: HandOverRecord[] = [];
  const a = instance('a', new Subject<HandOverRecord>(), scheduler, written);
  a.handOvers.change({ kind: 'assigned', shards: [BTC] });
  advance(scheduler, 1_000);
  a.input.next(trade(1, scheduler.now()));
  return { scheduler, written, a };
}

describe('ShardHandOvers', () => {
  it('hands a shard over make-before-break: the taker holds its trades until the giver, which goes on publishing until the taker is subscribed and for the overlap, says where it stopped; every trade once', () => {
    const { scheduler, topic, written, a, b } = twoInstances();
    // a serves the shard: nobody had it.
    a.handOvers.change({ kind: 'assigned', shards: [BTC] });
    expect(a.gate.stateOfShard(BTC)).toBe('serving');
    expect(a.moves.map((move) => move.kind)).toEqual(['moved', 'taken']);
    advance(scheduler, 100);
    let id = 1;
    const both = (): void => {
      const t = trade(id++, scheduler.now());
      a.input.next(t);
      b.input.next(t);
    };
    a.input.next(trade(id++, scheduler.now()));
    // The rebalance: a's revoke, then b's assignment.
    a.handOvers.change({ kind: 'revoked', shards: [BTC], lost: false });
    expect(a.gate.stateOfShard(BTC)).toBe('releasing');
    expect(written.at(-1)).toMatchObject({ kind: 'releasing', shard: BTC, instance: 'a' });
    expect(a.statuses.map((status) => status.state)).toEqual(['shard_assigned']);
    a.input.next(trade(id++, scheduler.now()));
    advance(scheduler, 200);
    b.handOvers.change({ kind: 'assigned', shards: [BTC] });
    expect(b.gate.stateOfShard(BTC)).toBe('taking');
    expect(b.gate.holds('BTC', 'USDT')).toBe(true);
    // a trade before b's socket had it: a's alone.
    a.input.next(trade(id++, scheduler.now()));
    b.input.next(subscribed);
    expect(written.at(-1)).toMatchObject({ kind: 'taking', shard: BTC, instance: 'b' });
    for (let n = 0; n < 5; n++) {
      both();
      advance(scheduler, 200);
    }
    expect(a.gate.stateOfShard(BTC)).toBe('releasing');
    // The overlap has passed (taking read 50 ms after it was written, released 1 s later): a stopped
    // and said where, and b read it 50 ms later.
    advance(scheduler, 100);
    expect(a.gate.stateOfShard(BTC)).toBeUndefined();
    const released = written.find((record) => record.kind === 'released');
    expect(released).toMatchObject({ kind: 'released', instance: 'a', to: 'b', last: [{ exchange: 'bybit', symbol: 'BTCUSDT', tradeId: '8' }] });
    expect(b.gate.stateOfShard(BTC)).toBe('serving');
    for (let n = 0; n < 4; n++) both();
    expect(a.tradeIds()).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(b.tradeIds()).toEqual(['9', '10', '11', '12']);
    expect(b.handOvers.overlapDropped).toBe(5);
    // Continuous: a stopped only after b said it had every instrument subscribed; b held a's last five trades too.
    expect(b.moves).toEqual([
      { kind: 'moved', shard: BTC },
      {
        kind: 'taken',
        shard: BTC,
        at: expect.any(Number) as number,
        last: released?.kind === 'released' ? released.last : [],
        from: 'a',
        continuous: true,
        overlapped: new Set(['bybit\u0000BTCUSDT']),
      },
    ]);
    expect(a.statuses.map((status) => [status.state, status.instanceId])).toEqual([
      ['shard_assigned', 'a'],
      ['shard_revoked', 'a'],
    ]);
    expect(a.statuses[1]?.reason).toContain('handed over to b');
    expect(b.statuses.map((status) => status.state)).toEqual(['shard_assigned']);
    expect(b.statuses[0]?.reason).toContain('handed over by a');
    // b says it serves the shard, so the next instance given it waits for b.
    expect(written.at(-1)).toMatchObject({ kind: 'serving', shard: BTC, instance: 'b' });
    advance(scheduler, 100);
    const c = instance('c', topic, scheduler, written);
    for (const record of written) c.handOvers.record(record);
    c.handOvers.change({ kind: 'assigned', shards: [BTC] });
    expect(c.gate.stateOfShard(BTC)).toBe('taking');
  });

  it('a shard moved again before its hand-over ended passes along the chain of owners: each waits for the one before it, and every trade is published once', () => {
    const scheduler = new VirtualTimeScheduler();
    const topic = new Subject<HandOverRecord>();
    const written: HandOverRecord[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((id) => instance(id, topic, scheduler, written)) as [Instance, Instance, Instance];
    let id = 1;
    /** A trade of the venue, to every instance whose socket has the symbol. */
    const tick = (...to: Instance[]): void => {
      const t = trade(id++, scheduler.now());
      for (const one of to) one.input.next(t);
      advance(scheduler, 100);
    };
    a.handOvers.change({ kind: 'assigned', shards: [BTC] });
    tick(a);
    // A rebalance gives it to b; b subscribes, and another rebalance gives it to c before a read b's claim.
    a.handOvers.change({ kind: 'revoked', shards: [BTC], lost: false });
    tick(a);
    b.handOvers.change({ kind: 'assigned', shards: [BTC] });
    const first = trade(id++, scheduler.now());
    for (const one of [a, b]) one.input.next(first);
    expect(written.at(-1)).toMatchObject({ kind: 'taking', instance: 'b' });
    b.handOvers.change({ kind: 'revoked', shards: [BTC], lost: false });
    c.handOvers.change({ kind: 'assigned', shards: [BTC] });
    expect(c.gate.stateOfShard(BTC)).toBe('taking');
    tick(a, b, c);
    for (let n = 0; n < 30; n++) tick(...[a, b, c].filter((one) => one.gate.stateOfShard(BTC) !== undefined));
    expect(a.gate.stateOfShard(BTC)).toBeUndefined();
    expect(b.gate.stateOfShard(BTC)).toBeUndefined();
    expect(c.gate.stateOfShard(BTC)).toBe('serving');
    expect(written.filter((record) => record.kind === 'released').map((record) => [record.instance, record.kind === 'released' && record.to])).toEqual([
      ['a', 'b'],
      ['b', 'c'],
    ]);
    // c began waiting for a (b's claim not read yet), then for b, and starts after b's cut.
    expect(c.moves.at(-1)).toMatchObject({ kind: 'taken', last: [{ tradeId: b.tradeIds().at(-1) ?? a.tradeIds().at(-1) }] });
    const all = [...a.tradeIds(), ...b.tradeIds(), ...c.tradeIds()].map(Number).sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: id - 1 }, (_, n) => n + 1));
    expect(c.tradeIds().length).toBeGreaterThan(0);
  });

  it('a taker revoked before its hand-over ended gives the shard up, dropping what it held, when its giver is given the shard back or hands it to another', () => {
    const scheduler = new VirtualTimeScheduler();
    const topic = new Subject<HandOverRecord>();
    const written: HandOverRecord[] = [];
    const [a, b] = ['a', 'b'].map((id) => instance(id, topic, scheduler, written)) as [Instance, Instance];
    a.handOvers.change({ kind: 'assigned', shards: [BTC] });
    a.handOvers.change({ kind: 'revoked', shards: [BTC], lost: false });
    advance(scheduler, 100);
    b.handOvers.change({ kind: 'assigned', shards: [BTC] });
    expect(b.gate.stateOfShard(BTC)).toBe('taking');
    for (const one of [a, b]) one.input.next(trade(1, 1));
    b.handOvers.change({ kind: 'revoked', shards: [BTC], lost: false });
    // Given back to a before b's claim was heard: a serves on and says so; b drops what it held.
    a.handOvers.change({ kind: 'assigned', shards: [BTC] });
    expect(written.at(-1)).toMatchObject({ kind: 'serving', instance: 'a' });
    advance(scheduler, 100);
    expect(b.gate.stateOfShard(BTC)).toBeUndefined();
    for (const one of [a, b]) one.input.next(trade(2, 2));
    advance(scheduler, 20_000);
    expect(a.tradeIds()).toEqual(['1', '2']);
    expect(b.tradeIds()).toEqual([]);
    expect(b.statuses).toEqual([]);
    expect(a.gate.stateOfShard(BTC)).toBe('serving');

    // A giver that hands the shard to the next owner, subscribed before it stopped: the revoked taker drops its trades.
    const eth = shardOf('ETH-USDT', SHARDS);
    const c = instance('c', topic, scheduler, written);
    c.handOvers.record({ kind: 'releasing', shard: eth, instance: 'a', at: 0 });
    c.handOvers.change({ kind: 'assigned', shards: [eth] });
    c.handOvers.change({ kind: 'revoked', shards: [eth], lost: false });
    c.handOvers.record({ kind: 'released', shard: eth, instance: 'a', to: 'd', at: 1, last: [] });
    expect(c.gate.stateOfShard(eth)).toBeUndefined();
    expect(c.published).toEqual([]);
  });

  it("a trade still on its way to the taker when it took the shard (its socket slower than the giver's) is dropped against the giver's cut, not published twice", () => {
    const scheduler = new VirtualTimeScheduler();
    const topic = new Subject<HandOverRecord>();
    const written: HandOverRecord[] = [];
    const [a, b] = ['a', 'b'].map((id) => instance(id, topic, scheduler, written)) as [Instance, Instance];
    a.handOvers.change({ kind: 'assigned', shards: [BTC] });
    advance(scheduler, 100);
    a.handOvers.change({ kind: 'revoked', shards: [BTC], lost: false });
    advance(scheduler, 100);
    b.handOvers.change({ kind: 'assigned', shards: [BTC] });
    b.input.next(subscribed);
    // Trades 1..5 reach a at once and b 400 ms later: b's socket lags.
    for (let id = 1; id <= 5; id++) {
      a.input.next(trade(id, scheduler.now()));
      advance(scheduler, 200);
      if (id >= 3) b.input.next(trade(id - 2, scheduler.now()));
    }
    advance(scheduler, 300);
    // a released after the overlap with 5 as its last; b took it before 4 and 5 reached it.
    expect(written.find((record) => record.kind === 'released')).toMatchObject({ last: [{ tradeId: '5' }] });
    expect(b.gate.stateOfShard(BTC)).toBe('serving');
    for (const id of [4, 5, 6, 7]) b.input.next(trade(id, scheduler.now()));
    expect(a.tradeIds()).toEqual(['1', '2', '3', '4', '5']);
    expect(b.tradeIds()).toEqual(['6', '7']);
    expect(b.handOvers.overlapDropped).toBe(5);
    // Bounded: the cut is forgotten after the time-out.
    advance(scheduler, 10_001);
    b.input.next(trade(5, scheduler.now()));
    expect(b.tradeIds()).toEqual(['6', '7', '5']);
  });

  it('a taker whose giver never releases (killed) serves what it holds once the time-out has passed after it said it is subscribed, and gap detection is told to read back what was published', () => {
    const scheduler = new VirtualTimeScheduler();
    const topic = new Subject<HandOverRecord>();
    const written: HandOverRecord[] = [];
    topic.next({ kind: 'taking', shard: BTC, instance: 'a', at: 0 });
    const b = instance('b', topic, scheduler, written);
    b.handOvers.record({ kind: 'taking', shard: BTC, instance: 'a', at: 0 });
    b.handOvers.change({ kind: 'assigned', shards: [BTC] });
    expect(b.gate.stateOfShard(BTC)).toBe('taking');
    b.input.next(trade(7, 1));
    // The trade proves the subscription.
    expect(written).toEqual([expect.objectContaining({ kind: 'taking', instance: 'b' })]);
    advance(scheduler, 9_999);
    expect(b.tradeIds()).toEqual([]);
    advance(scheduler, 2);
    expect(b.tradeIds()).toEqual(['7']);
    expect(b.gate.stateOfShard(BTC)).toBe('serving');
    expect(b.moves.at(-1)).toEqual({ kind: 'taken', shard: BTC, at: expect.any(Number) as number, from: 'a', continuous: false });
    expect(b.statuses[0]?.reason).toContain('no release from a within 10000 ms of saying it is subscribed');
  });

  it("a giver's release read after the taker served without it (the giver alive but slow) says where it stopped: the hole from there is looked for, not taken as continuous", () => {
    const { scheduler, b } = bTakingFromA();
    const since = scheduler.now();
    b.input.next(trade(20, 1));
    advance(scheduler, 10_001);
    expect(b.moves.at(-1)).toEqual({ kind: 'taken', shard: BTC, at: since, from: 'a', continuous: false });
    // a, overloaded, released it 12 s late, having published up to trade 9 (made long before b's first, 20).
    const last = [{ exchange: 'bybit' as const, symbol: 'BTCUSDT', instrument: 'BTC-USDT', tradeId: '9', exchangeTs: 0 }];
    b.handOvers.record({ kind: 'released', shard: BTC, instance: 'a', to: 'b', at: scheduler.now() - 1_000, last });
    expect(b.moves.at(-1)).toEqual({ kind: 'taken', shard: BTC, at: since, last, from: 'a', continuous: false });
    // Said once: the same release read again changes nothing.
    const moves = b.moves.length;
    b.handOvers.record({ kind: 'released', shard: BTC, instance: 'a', to: 'b', at: scheduler.now() - 1_000, last });
    expect(b.moves).toHaveLength(moves);
  });

  it('an instance revoked while still taking a shard keeps what it holds: once its giver is silent past the time-out it publishes it, then hands the shard on to the next owner', () => {
    const { scheduler, written, b } = bTakingFromA();
    b.input.next(trade(7, 1));
    b.handOvers.change({ kind: 'revoked', shards: [BTC], lost: false });
    expect(b.gate.stateOfShard(BTC)).toBe('taking');
    // c was assigned it, and says it is subscribed.
    b.handOvers.record({ kind: 'taking', shard: BTC, instance: 'c', at: scheduler.now() });
    advance(scheduler, 10_001);
    expect(b.tradeIds()).toEqual(['7']);
    expect(b.gate.stateOfShard(BTC)).toBe('releasing');
    advance(scheduler, 1_001);
    expect(b.gate.stateOfShard(BTC)).toBeUndefined();
    // What it published at the flush counts: c, subscribed before it, holds those trades too.
    expect(written.at(-1)).toMatchObject({ kind: 'released', instance: 'b', to: 'c', last: [{ tradeId: '7' }] });
    expect(b.tradeIds()).toEqual(['7']);
  });

  it('a taker whose previous owner is no longer a member of the group serves as soon as it is told so (asking each second), without waiting for a release', async () => {
    // The first answer is no (the control topic not read to its end yet): asked again a moment later.
    const { scheduler, written, asked, gate, handOvers, published } = bAsking((_, sofar) => Promise.resolve(sofar.length > 1));
    expect(gate.stateOfShard(BTC)).toBe('taking');
    advance(scheduler, 1_000);
    await Promise.resolve();
    expect(asked).toEqual(['a']);
    expect(gate.stateOfShard(BTC)).toBe('taking');
    advance(scheduler, 1_000);
    await Promise.resolve();
    expect(asked).toEqual(['a', 'a']);
    expect(gate.stateOfShard(BTC)).toBe('serving');
    expect(published.map((event) => event.type === 'trade' && event.tradeId)).toEqual(['5']);
    expect(written.map((record) => record.kind)).toEqual(['taking', 'serving']);
    // A previous owner that said it is releasing is waited for, member of the group or not (it left before it stops).
    const eth = shardOf('ETH-USDT', SHARDS);
    handOvers.record({ kind: 'releasing', shard: eth, instance: 'a', at: 0 });
    handOvers.change({ kind: 'assigned', shards: [eth] });
    advance(scheduler, 1_000);
    await Promise.resolve();
    expect(asked).toEqual(['a', 'a']);
    expect(gate.stateOfShard(eth)).toBe('taking');
  });

  it('a taker told its previous owner is gone after a later owner claimed the shard waits for that one, asking about it instead', async () => {
    let answer: (gone: boolean) => void = () => undefined;
    const { scheduler, asked, gate, handOvers, published } = bAsking((instance) =>
      instance === 'a' ? new Promise<boolean>((resolve) => (answer = resolve)) : Promise.resolve(false),
    );
    advance(scheduler, 1_000);
    expect(asked).toEqual(['a']);
    // a's standby, c, takes the shard over (a killed) before the answer about a comes: c is the one to release it.
    handOvers.record({ kind: 'serving', shard: BTC, instance: 'c', at: 1_000 });
    answer(true);
    await Promise.resolve();
    await Promise.resolve();
    expect(gate.stateOfShard(BTC)).toBe('taking');
    advance(scheduler, 1_000);
    await Promise.resolve();
    expect(asked).toEqual(['a', 'c']);
    expect(gate.stateOfShard(BTC)).toBe('taking');
    handOvers.record({
      kind: 'released',
      shard: BTC,
      instance: 'c',
      at: 2_500,
      to: 'b',
      last: [{ exchange: 'bybit', symbol: 'BTCUSDT', instrument: 'BTC-USDT', tradeId: '4', exchangeTs: 0 }],
    });
    expect(gate.stateOfShard(BTC)).toBe('serving');
    expect(published.map((event) => event.type === 'trade' && event.tradeId)).toEqual(['5']);
  });

  it("an instance serving a shard as nobody's that reads late of another instance serving it: the hole between them is looked for once that one has left the group without a word, not while it is a member", async () => {
    const scheduler = new VirtualTimeScheduler();
    const written: HandOverRecord[] = [];
    const members = new Set(['a', 'b']);
    const moves: ShardMove[] = [];
    const { gate, handOvers } = lone(scheduler, written, (instance) => Promise.resolve(!members.has(instance)));
    handOvers.moves$.subscribe((move) => moves.push(move));
    handOvers.follow(() => MARKET);
    advance(scheduler, 1_000);
    // b is given the shard before it has read a's word: nobody's, from 1 s.
    handOvers.change({ kind: 'assigned', shards: [BTC] });
    expect(gate.stateOfShard(BTC)).toBe('serving');
    expect(moves).toEqual([
      { kind: 'moved', shard: BTC },
      { kind: 'taken', shard: BTC, at: 1_000, continuous: true },
    ]);
    // a's `serving`, written at 0, read at 3 s: a is a member (it will stop once it hears of b), nothing is looked for.
    advance(scheduler, 2_000);
    handOvers.record({ kind: 'serving', shard: BTC, instance: 'a', at: 0 });
    for (let n = 0; n < 5; n++) {
      advance(scheduler, 1_000);
      await Promise.resolve();
    }
    expect(moves).toHaveLength(2);
    // a is killed: at the next moment b looks for the hole from when it began serving.
    members.delete('a');
    advance(scheduler, 1_000);
    await Promise.resolve();
    await Promise.resolve();
    expect(moves.at(-1)).toEqual({ kind: 'taken', shard: BTC, at: 1_000, from: 'a', continuous: false });
    // Once only.
    advance(scheduler, 5_000);
    await Promise.resolve();
    expect(moves).toHaveLength(3);
  });

  it("an instance serving a shard as nobody's that reads late of another instance's release of it to none: the hole from where that one stopped is looked for", () => {
    const scheduler = new VirtualTimeScheduler();
    const written: HandOverRecord[] = [];
    const moves: ShardMove[] = [];
    const { handOvers } = lone(scheduler, written, () => Promise.resolve(false));
    handOvers.moves$.subscribe((move) => moves.push(move));
    handOvers.follow(() => MARKET);
    advance(scheduler, 1_000);
    handOvers.change({ kind: 'assigned', shards: [BTC] });
    const last = [{ exchange: 'bybit' as const, symbol: 'BTCUSDT', instrument: 'BTC-USDT', tradeId: '7', exchangeTs: 500 }];
    handOvers.record({ kind: 'released', shard: BTC, instance: 'a', at: 600, last });
    // b had published nothing yet: its first trades say nothing of reaching back, and the hole is looked for from where a stopped.
    expect(moves.at(-1)).toMatchObject({ kind: 'taken', shard: BTC, from: 'a', last });
  });

  it('a taker whose giver said it is releasing and is still a member of the group waits past the time-out for its release (alive but slow), then takes at its cut, nothing twice; a giver gone by then is not waited for', async () => {
    const scheduler = new VirtualTimeScheduler();
    const written: HandOverRecord[] = [];
    const members = new Set(['a', 'c']);
    const { gate, handOvers } = lone(scheduler, written, (instance) => Promise.resolve(!members.has(instance)));
    const published: FeedEvent[] = [];
    const input = new Subject<FeedEvent>();
    input.pipe(handOvers.gate()).subscribe((event) => published.push(event));
    const eth = shardOf('ETH-USDT', SHARDS);
    const ethTrade = (id: number, at: number): TradeEvent => ({ ...trade(id, at), symbol: 'ETHUSDT', coin: 'ETH' });
    handOvers.follow(() => [...MARKET, { key: 'ETH-USDT', coin: 'ETH', quote: 'USDT', venues: [{ exchange: 'bybit' as const }] }]);
    // BTC: a says it is releasing; b is subscribed (its first trade), holds 5..9 over 25 s, past two time-outs.
    handOvers.record({ kind: 'releasing', shard: BTC, instance: 'a', at: 0 });
    handOvers.change({ kind: 'assigned', shards: [BTC] });
    for (let id = 5; id < 10; id++) {
      input.next(trade(id, scheduler.now()));
      advance(scheduler, 5_000);
      await Promise.resolve();
    }
    expect(gate.stateOfShard(BTC)).toBe('taking');
    expect(published).toEqual([]);
    // a, slow, releases with its cut at 7: b publishes 8 and 9 only.
    const last = [{ exchange: 'bybit' as const, symbol: 'BTCUSDT', instrument: 'BTC-USDT', tradeId: '7', exchangeTs: 10_000 }];
    handOvers.record({ kind: 'released', shard: BTC, instance: 'a', to: 'b', at: scheduler.now(), last });
    expect(gate.stateOfShard(BTC)).toBe('serving');
    expect(published.map((event) => event.type === 'trade' && event.tradeId)).toEqual(['8', '9']);
    // ETH (another shard): c says it is releasing, then leaves the group without a release: b serves at the next time-out.
    expect(eth).not.toBe(BTC);
    handOvers.record({ kind: 'releasing', shard: eth, instance: 'c', at: scheduler.now() });
    handOvers.change({ kind: 'assigned', shards: [eth] });
    input.next(ethTrade(50, scheduler.now()));
    advance(scheduler, 10_001);
    await Promise.resolve();
    expect(gate.stateOfShard(eth)).toBe('taking');
    members.delete('c');
    advance(scheduler, 10_000);
    await Promise.resolve();
    expect(gate.stateOfShard(eth)).toBe('serving');
    expect(published.map((event) => event.type === 'trade' && event.tradeId)).toEqual(['8', '9', '50']);
  });

  it('a taker counts only the primary venue saying it is subscribed, or a trade of the active venue: a fallback tried in a failover does not carry the trades yet', () => {
    const scheduler = new VirtualTimeScheduler();
    const written: HandOverRecord[] = [];
    const { handOvers } = lone(scheduler, written);
    const eth = shardOf('ETH-USDT', SHARDS);
    const sol = [...Array(40).keys()].map((n) => `C${n}`).find((coin) => shardOf(`${coin}-USDT`, SHARDS) === eth) ?? '';
    expect(sol).not.toBe('');
    const chain = [{ exchange: 'bybit' as const }, { exchange: 'binance' as const }];
    handOvers.follow(() => [
      { key: 'BTC-USDT', coin: 'BTC', quote: 'USDT', venues: chain },
      { key: 'ETH-USDT', coin: 'ETH', quote: 'USDT', venues: chain },
      { key: `${sol}-USDT`, coin: sol, quote: 'USDT', venues: chain },
    ]);
    const input = new Subject<FeedEvent>();
    input.pipe(handOvers.gate()).subscribe(() => undefined);
    handOvers.record({ kind: 'serving', shard: BTC, instance: 'a', at: 0 });
    handOvers.change({ kind: 'assigned', shards: [BTC] });
    // Binance's socket first (a failover being tried): not yet.
    input.next({ ...subscribed, exchange: 'binance' });
    expect(written.map((record) => record.kind)).toEqual([]);
    input.next(subscribed);
    expect(written.map((record) => [record.kind, record.shard])).toEqual([['taking', BTC]]);
    // A shard whose connections run on the fallback: its trades say so, instrument by instrument.
    handOvers.record({ kind: 'serving', shard: eth, instance: 'a', at: 0 });
    handOvers.change({ kind: 'assigned', shards: [eth] });
    input.next({ ...trade(1, 1, 'binance'), symbol: 'ETHUSDT', coin: 'ETH' });
    expect(written).toHaveLength(1);
    input.next({ ...trade(2, 1, 'binance'), symbol: `${sol}USDT`, coin: sol });
    expect(written.map((record) => [record.kind, record.shard])).toEqual([
      ['taking', BTC],
      ['taking', eth],
    ]);
  });

  it('a planned stop says releasing for every shard it serves before it leaves the group: its taker waits for it, asking nobody whether it is gone', () => {
    const scheduler = new VirtualTimeScheduler();
    const topic = new Subject<HandOverRecord>();
    const written: HandOverRecord[] = [];
    const a = instance('a', topic, scheduler, written);
    a.handOvers.change({ kind: 'assigned', shards: [BTC] });
    a.handOvers.leaving(30_000);
    expect(written.at(-1)).toMatchObject({ kind: 'releasing', shard: BTC, instance: 'a' });
    expect(a.gate.stateOfShard(BTC)).toBe('serving');
    advance(scheduler, 100);
    const asked: string[] = [];
    // The first answer is no (the control topic not read to its end yet): asked again a moment later.
    const { gate, handOvers: b } = lone(scheduler, written, (instance) => {
      asked.push(instance);
      return Promise.resolve(asked.length > 1);
    });
    for (const record of written) b.record(record);
    b.change({ kind: 'assigned', shards: [BTC] });
    advance(scheduler, 2_000);
    expect(asked).toEqual([]);
    expect(gate.stateOfShard(BTC)).toBe('taking');
  });

  it('a giver serves its shard however long its taker needs to subscribe (minutes of a slow venue), and then for the whole overlap', () => {
    const scheduler = new VirtualTimeScheduler();
    const topic = new Subject<HandOverRecord>();
    const written: HandOverRecord[] = [];
    const a = instance('a', topic, scheduler, written);
    a.handOvers.change({ kind: 'assigned', shards: [BTC] });
    a.handOvers.change({ kind: 'revoked', shards: [BTC], lost: false });
    advance(scheduler, 180_000);
    expect(a.gate.stateOfShard(BTC)).toBe('releasing');
    a.input.next(trade(9, scheduler.now()));
    expect(a.tradeIds()).toEqual(['9']);
    a.handOvers.record({ kind: 'taking', shard: BTC, instance: 'b', at: scheduler.now() });
    advance(scheduler, 500);
    expect(a.gate.stateOfShard(BTC)).toBe('releasing');
    advance(scheduler, 501);
    expect(a.gate.stateOfShard(BTC)).toBeUndefined();
    expect(written.at(-1)).toMatchObject({ kind: 'released', to: 'b' });
  });

  it("a giver that must go before any instance says it is subscribed (its stop's deadline) stops, says why, and releases to none; the next owner starts from its last trades at once, looking for the hole between them", () => {
    const scheduler = new VirtualTimeScheduler();
    const topic = new Subject<HandOverRecord>();
    const written: HandOverRecord[] = [];
    const a = instance('a', topic, scheduler, written);
    a.handOvers.change({ kind: 'assigned', shards: [BTC] });
    a.handOvers.change({ kind: 'revoked', shards: [BTC], lost: false });
    a.input.next(trade(3, 1, 'binance'));
    advance(scheduler, 60_000);
    expect(a.gate.stateOfShard(BTC)).toBe('releasing');
    a.handOvers.stopping('it stopped 60000 ms after its stop began');
    expect(a.gate.stateOfShard(BTC)).toBeUndefined();
    expect(written.at(-1)).toEqual({
      kind: 'released',
      shard: BTC,
      instance: 'a',
      at: expect.any(Number) as number,
      // Its socket had come as far as that trade: it delivered nothing else of the shard.
      // Idle since it delivered that trade at once: it had delivered all that was made until it stopped.
      last: [{ exchange: 'binance', symbol: 'BTCUSDT', instrument: 'BTC-USDT', tradeId: '3', exchangeTs: 1, price: 1, heardTo: 60_000 }],
    });
    expect(a.statuses.at(-1)).toMatchObject({
      state: 'shard_revoked',
      reason: expect.stringContaining('(it stopped 60000 ms after its stop began)') as string,
    });
    const b = instance('b', topic, scheduler, written);
    b.handOvers.record(written.at(-1)!);
    b.handOvers.change({ kind: 'assigned', shards: [BTC] });
    expect(b.gate.stateOfShard(BTC)).toBe('serving');
    expect(b.moves.at(-1)).toMatchObject({ kind: 'taken', last: [{ tradeId: '3' }], continuous: false });
  });

  it("a giver whose sockets lag behind the taker's stops, its overlap measured on its own clock, before the trades the taker first held were made: the take is not continuous, its hole looked for", () => {
    const { scheduler, written, a, b } = twoInstances();
    a.handOvers.change({ kind: 'assigned', shards: [BTC] });
    advance(scheduler, 100);
    a.handOvers.change({ kind: 'revoked', shards: [BTC], lost: false });
    b.handOvers.change({ kind: 'assigned', shards: [BTC] });
    b.input.next(subscribed);
    // a receives each trade 17 s after it was made (measured on an overloaded instance), b at once: b holds
    // trades 100..105 made now, while a publishes trades 1..6 made 17 s before, through the overlap.
    const lag = 17_000;
    for (let n = 0; n < 6; n++) {
      b.input.next(trade(100 + n, scheduler.now()));
      a.input.next({ ...trade(1 + n, scheduler.now() - lag), receivedTs: scheduler.now() });
      advance(scheduler, 200);
    }
    // a waits for its socket to catch up with b's subscription, then stops all the same, before b's own wait ends.
    advance(scheduler, 9_000);
    expect(a.gate.stateOfShard(BTC)).toBeUndefined();
    expect(written.find((record) => record.kind === 'released')).toMatchObject({ instance: 'a', to: 'b', last: [{ tradeId: '6' }] });
    expect(b.gate.stateOfShard(BTC)).toBe('serving');
    // b was subscribed before a stopped, yet a's last trade (6) was made long before b's first (100): not continuous.
    expect(b.moves.at(-1)).toMatchObject({ kind: 'taken', from: 'a', continuous: false, last: [{ tradeId: '6' }] });
    expect(b.statuses.at(-1)?.reason).toContain('whose last trades were made before this instance');
    expect(b.tradeIds()).toEqual(['100', '101', '102', '103', '104', '105']);
  });

  it("a giver whose socket is seconds behind its taker's subscription serves on until it caught up, then stops: continuous, every trade once", () => {
    const { scheduler, written, a, b } = twoInstances();
    a.handOvers.change({ kind: 'assigned', shards: [BTC] });
    // The venue makes trade k at 200 ms steps; a's socket delivers each 2 s late, b's (once subscribed) at once.
    const made: TradeEvent[] = [];
    const step = (bSubscribed: boolean): void => {
      const next = trade(made.length + 1, scheduler.now());
      made.push(next);
      if (bSubscribed) b.input.next(next);
      const late = made.at(-11);
      if (late !== undefined) a.input.next({ ...late, receivedTs: scheduler.now() });
      advance(scheduler, 200);
    };
    for (let n = 0; n < 10; n++) step(false);
    a.handOvers.change({ kind: 'revoked', shards: [BTC], lost: false });
    b.handOvers.change({ kind: 'assigned', shards: [BTC] });
    b.input.next(subscribed);
    for (let n = 0; n < 40; n++) step(true);
    const released = written.find((record) => record.kind === 'released');
    // a stopped only once its socket had delivered a trade made after b said it was subscribed (at 2,000).
    expect(released?.kind === 'released' ? released.last[0]?.exchangeTs : undefined).toBeGreaterThanOrEqual(2_000);
    expect(b.moves.at(-1)).toMatchObject({ kind: 'taken', from: 'a', continuous: true });
    expect(b.moves.at(-1)).not.toHaveProperty('open');
    expect([...a.tradeIds(), ...b.tradeIds()]).toEqual(made.map((each) => each.tradeId));
  });

  it('a giver whose idle sockets (quiet symbols, or a venue that stopped sending) cannot be asked a barrier stops after the overlap: by their pace, they delivered all', () => {
    // Its last trade came at once, 5 s before the hand-over; nothing since.
    const { scheduler, written, a, b } = quietGiver();
    // b's taking read 50 ms after it was written, the overlap, then the release read 50 ms after.
    advance(scheduler, 1_100);
    expect(a.gate.stateOfShard(BTC)).toBeUndefined();
    expect(written.find((record) => record.kind === 'released')).toMatchObject({ instance: 'a', to: 'b', last: [{ tradeId: '1', heardTo: 6_050 }] });
    expect(b.moves.at(-1)).toMatchObject({ kind: 'taken', from: 'a', continuous: true });
    expect(b.moves.at(-1)).not.toHaveProperty('open');
  });

  it("a giver whose socket delivered nothing since long before its taker's subscription asks it for a barrier, and stops once answered: its cut reaches when it was asked (its pace alone would take a stalled socket for an idle one)", async () => {
    const barriers = new SocketBarriers();
    let asked = 0;
    let answer: (() => void) | undefined;
    barriers.add(
      'c',
      () =>
        new Promise<void>((resolve) => {
          asked += 1;
          answer = resolve;
        }),
    );
    const { scheduler, written, a, b } = quietGiver(barriers);
    // b's taking read at 5,050, the overlap, then a asks its socket (at 6,050) and waits: its frames may be queued behind others.
    advance(scheduler, 3_000);
    expect([asked, a.gate.stateOfShard(BTC), written.some((record) => record.kind === 'released')]).toEqual([1, 'releasing', false]);
    answer?.();
    await Promise.resolve();
    advance(scheduler, 200);
    expect(written.find((record) => record.kind === 'released')).toMatchObject({ instance: 'a', to: 'b', last: [{ tradeId: '1', heardTo: 6_050 }] });
    expect(b.moves.at(-1)).toMatchObject({ kind: 'taken', from: 'a', continuous: true });
    expect(b.moves.at(-1)).not.toHaveProperty('open');
    expect(asked).toBe(1);
  });

  it("a giver whose quiet socket never answers its barrier stops at its deadline, its cut saying the socket came no further than its newest trade: the taker looks for that symbol's hole, though it held none of it", () => {
    const barriers = new SocketBarriers();
    barriers.add('c', () => new Promise<void>(() => undefined));
    const { scheduler, written, b } = quietGiver(barriers);
    // b's subscription at 5,000, a's deadline an overlap before b's own wait would end: 14,000.
    advance(scheduler, 8_900);
    expect(written.some((record) => record.kind === 'released')).toBe(false);
    advance(scheduler, 300);
    expect(written.find((record) => record.kind === 'released')).toMatchObject({ instance: 'a', to: 'b', last: [{ tradeId: '1', heardTo: 0 }] });
    expect(b.moves.at(-1)).toMatchObject({ kind: 'taken', from: 'a', continuous: true, open: new Set(['BTC-USDT']) });
  });

  it("a giver with one socket further behind its others than it can wait (busy subscribing) stops before trades of that socket's symbols the taker first held were made: continuous, and those symbols' hole looked for", () => {
    const { scheduler, written, a, b } = twoInstances();
    // SUI-USDT shares BTC-USDT's shard; PEPE-USDT and FIL-USDT too, and trade once only, long before the
    // hand-over: PEPEUSDT on a socket that is current, FILUSDT on the one that lags.
    const lag = 17_000;
    const sui = (id: number, at: number): TradeEvent => ({ ...trade(id, at), symbol: 'SUIUSDT', coin: 'SUI' });
    const pepe = (id: number, at: number): TradeEvent => ({ ...trade(id, at), symbol: 'PEPEUSDT', coin: 'PEPE' });
    // What a's socket behind delivers now was made 17 s before.
    const lagging = (made: TradeEvent): TradeEvent => ({ ...made, exchangeTs: made.exchangeTs - lag, connectionId: 'lagging' });
    const fil = (id: number, at: number): TradeEvent => ({ ...trade(id, at), symbol: 'FILUSDT', coin: 'FIL' });
    expect([shardOf('SUI-USDT', SHARDS), shardOf('PEPE-USDT', SHARDS), shardOf('FIL-USDT', SHARDS)]).toEqual([BTC, BTC, BTC]);
    a.handOvers.change({ kind: 'assigned', shards: [BTC] });
    a.input.next(pepe(1, scheduler.now()));
    a.input.next(lagging(fil(1, scheduler.now())));
    advance(scheduler, 100);
    a.handOvers.change({ kind: 'revoked', shards: [BTC], lost: false });
    b.handOvers.change({ kind: 'assigned', shards: [BTC] });
    b.input.next(subscribed);
    // b's sockets and a's socket with SUIUSDT deliver each trade at once; a's socket with BTCUSDT, 17 s late, through a's wait.
    for (let n = 0; a.gate.stateOfShard(BTC) !== undefined; n++) {
      if (b.gate.stateOfShard(BTC) === 'taking') b.input.next(trade(100 + n, scheduler.now()));
      a.input.next(lagging(trade(50 + n, scheduler.now())));
      b.input.next(sui(200 + n, scheduler.now()));
      a.input.next(sui(200 + n, scheduler.now()));
      advance(scheduler, 200);
    }
    advance(scheduler, 200);
    b.input.next(pepe(2, scheduler.now()));
    b.input.next(fil(2, scheduler.now()));
    // a waited for its socket behind, in vain, until an overlap before b's own wait would end (b said it was
    // subscribed at 100). The release names PEPEUSDT and FILUSDT too, published before the shard was revoked,
    // and how far each one's socket had come: the one behind to 17 s before the release, the other to it.
    const released = written.find((record) => record.kind === 'released');
    expect(released?.at).toBeGreaterThanOrEqual(100 + 10_000 - 1_000);
    expect(released?.at).toBeLessThan(100 + 10_000);
    const at = released?.at ?? 0;
    expect(released?.kind === 'released' ? released.last.map((last) => `${last.symbol}:${last.heardTo}`).sort() : []).toEqual(
      [`BTCUSDT:${at - lag}`, `FILUSDT:${at - lag}`, `PEPEUSDT:${at}`, `SUIUSDT:${at}`].sort(),
    );
    // On the venue, a's last trades (SUIUSDT) reach b's first: continuous. a's socket behind had not come as far as b's
    // subscription: BTCUSDT's hole (b holds its trades from 100) and FILUSDT's (b held none) are looked for.
    expect(b.moves.at(-1)).toMatchObject({ kind: 'taken', from: 'a', continuous: true, open: new Set(['BTC-USDT', 'FIL-USDT']) });
    expect(b.statuses.at(-1)?.reason).toContain('the hole of 2 instrument(s) its sockets were behind on looked for');
    expect(b.tradeIds().slice(-2)).toEqual(['2', '2']);
  });

  it('a taker slower to subscribe than any fixed wait holds on until it is subscribed, however long, while its giver serves; a giver that stops first makes the take not continuous', () => {
    const { scheduler, written, a, b } = twoInstances();
    a.handOvers.change({ kind: 'assigned', shards: [BTC] });
    advance(scheduler, 100);
    a.handOvers.change({ kind: 'revoked', shards: [BTC], lost: false });
    b.handOvers.change({ kind: 'assigned', shards: [BTC] });
    advance(scheduler, 120_000);
    expect([a.gate.stateOfShard(BTC), b.gate.stateOfShard(BTC)]).toEqual(['releasing', 'taking']);
    expect(written.filter((record) => record.kind === 'taking' || record.kind === 'released')).toEqual([]);
    // The giver's planned stop reaches its deadline first.
    a.handOvers.stopping('stopping');
    advance(scheduler, 100);
    expect(b.gate.stateOfShard(BTC)).toBe('serving');
    expect(b.moves.at(-1)).toMatchObject({ kind: 'taken', from: 'a', continuous: false });
    expect(b.statuses.at(-1)?.reason).toContain('a stopped before this instance was subscribed');
  });

  it("a taker whose giver left on a planned stop serves what it holds once the giver's stop must be over (what it said it serves for, the overlap and the time-out) with no release read", () => {
    const scheduler = new VirtualTimeScheduler();
    const topic = new Subject<HandOverRecord>();
    const written: HandOverRecord[] = [];
    const b = instance('b', topic, scheduler, written);
    b.handOvers.record({ kind: 'releasing', shard: BTC, instance: 'a', at: 0, servesForMs: 30_000 });
    b.handOvers.change({ kind: 'assigned', shards: [BTC] });
    b.input.next({ ...subscribed, exchange: 'binance' });
    advance(scheduler, 40_999);
    expect(b.gate.stateOfShard(BTC)).toBe('taking');
    advance(scheduler, 2);
    expect(b.gate.stateOfShard(BTC)).toBe('serving');
    expect(b.moves.at(-1)).toMatchObject({ kind: 'taken', continuous: false });
    expect(b.statuses.at(-1)?.reason).toContain('a stopped within the 30000 ms it said it would serve, without a release');
  });

  it('a taker whose instruments a failover moved to the fallback counts the fallback saying it is subscribed, before the failover or after', () => {
    const scheduler = new VirtualTimeScheduler();
    const written: HandOverRecord[] = [];
    const { handOvers } = lone(scheduler, written);
    const chain = [{ exchange: 'bybit' as const }, { exchange: 'binance' as const }];
    handOvers.follow(() => [{ key: 'BTC-USDT', coin: 'BTC', quote: 'USDT', venues: chain }]);
    const input = new Subject<FeedEvent>();
    input.pipe(handOvers.gate()).subscribe(() => undefined);
    handOvers.record({ kind: 'serving', shard: BTC, instance: 'a', at: 0 });
    handOvers.change({ kind: 'assigned', shards: [BTC] });
    input.next({ ...subscribed, exchange: 'binance' });
    expect(written).toEqual([]);
    input.next({ ...subscribed, state: 'failover', fromExchange: 'bybit', toExchange: 'binance' });
    expect(written.map((record) => record.kind)).toEqual(['taking']);
    // The other order: the failover first, then the fallback's socket.
    const eth = shardOf('ETH-USDT', SHARDS);
    handOvers.follow(() => [{ key: 'ETH-USDT', coin: 'ETH', quote: 'USDT', venues: chain }]);
    handOvers.record({ kind: 'serving', shard: eth, instance: 'a', at: 0 });
    handOvers.change({ kind: 'assigned', shards: [eth] });
    const ethStatus = { ...subscribed, instruments: ['ETH-USDT'] };
    input.next({ ...ethStatus, state: 'failover', fromExchange: 'bybit', toExchange: 'binance' });
    input.next(ethStatus);
    expect(written.map((record) => record.kind)).toEqual(['taking']);
    input.next({ ...ethStatus, exchange: 'binance' });
    expect(written.map((record) => [record.kind, record.shard])).toEqual([
      ['taking', BTC],
      ['taking', eth],
    ]);
  });

  it('a shard lost stops serving at once with nothing written, its trades held and published nothing until its hold ends; one given back while being released is served on; empty() resolves when nothing is served', async () => {
    const scheduler = new VirtualTimeScheduler();
    const topic = new Subject<HandOverRecord>();
    const written: HandOverRecord[] = [];
    const a = instance('a', topic, scheduler, written);
    const eth = shardOf('ETH-USDT', SHARDS);
    a.handOvers.change({ kind: 'assigned', shards: [BTC, eth] });
    a.handOvers.change({ kind: 'revoked', shards: [eth], lost: false });
    a.handOvers.change({ kind: 'assigned', shards: [eth] });
    expect(a.gate.stateOfShard(eth)).toBe('serving');
    advance(scheduler, 20_000);
    expect(a.gate.stateOfShard(eth)).toBe('serving');
    const before = written.length;
    let empty = false;
    void a.handOvers.empty().then(() => (empty = true));
    a.handOvers.change({ kind: 'revoked', shards: [BTC, eth], lost: true });
    expect(written).toHaveLength(before);
    expect(a.statuses.slice(-2).map((status) => [status.state, status.reason])).toEqual([
      [
        'shard_revoked',
        expect.stringContaining(
          '(lost: the group ended this membership before the shard was released, and may have given it to another instance; its trades held 22000 ms',
        ),
      ],
      ['shard_revoked', expect.stringContaining('its trades held')],
    ]);
    // Still subscribed (it may be given back), nothing published.
    expect([...a.gate.planned].sort()).toEqual([BTC, eth].sort());
    a.input.next(trade(1, scheduler.now()));
    expect(a.tradeIds()).toEqual([]);
    expect(a.handOvers.standbys().size).toBe(0);
    await Promise.resolve();
    expect(empty).toBe(false);
    advance(scheduler, 22_000);
    expect(a.gate.planned.size).toBe(0);
    await Promise.resolve();
    expect(empty).toBe(true);
  });

  it('drops what it scheduled once closed: a lost shard whose hold would end later says nothing more, and no timer of it is left', () => {
    const ended = (close: boolean) => {
      const { scheduler, written, a } = aServingOneTrade();
      a.handOvers.change({ kind: 'revoked', shards: [BTC], lost: true });
      if (close) a.handOvers.close();
      const before = written.length;
      advance(scheduler, 120_000);
      return { after: written.slice(before), pending: scheduler.actions.filter((action) => !action.closed).length };
    };
    // Left open, the hold ends by withdrawing the shard.
    expect(ended(false).after).toEqual([expect.objectContaining({ kind: 'withdrawn', shard: BTC, instance: 'a' })]);
    expect(ended(true)).toEqual({ after: [], pending: 0 });
  });

  it('a shard lost and given back, nobody having claimed it meanwhile, publishes what it received meanwhile after the last trade it published: nothing missing, nothing twice, the take continuous', () => {
    const { scheduler, written, a } = aServingOneTrade();
    a.input.next(trade(2, scheduler.now()));
    a.handOvers.change({ kind: 'revoked', shards: [BTC], lost: true });
    // A trade published before the loss, sent again by a reconnect, and those after it.
    for (const id of [2, 3, 4]) a.input.next(trade(id, scheduler.now()));
    advance(scheduler, 2_000);
    a.input.next(trade(5, scheduler.now()));
    expect(a.tradeIds()).toEqual(['1', '2']);
    const moves = a.moves.length;
    a.handOvers.change({ kind: 'assigned', shards: [BTC] });
    expect(a.gate.stateOfShard(BTC)).toBe('serving');
    expect(a.tradeIds()).toEqual(['1', '2', '3', '4', '5']);
    expect(a.moves.slice(moves)).toEqual([
      { kind: 'moved', shard: BTC },
      expect.objectContaining({ kind: 'taken', shard: BTC, at: 1_000, from: 'a', continuous: true, last: [expect.objectContaining({ tradeId: '2' })] }),
    ]);
    expect(a.statuses.at(-1)?.reason).toContain('given back after it was lost; what it received meanwhile published');
    expect(written.at(-1)).toMatchObject({ kind: 'serving', shard: BTC, instance: 'a' });
    a.input.next(trade(6, scheduler.now()));
    expect(a.tradeIds().at(-1)).toBe('6');
  });

  it('a shard lost and given back whose latest word is a release to this instance (read after it served without it) publishes what it received meanwhile: nobody else claimed it', () => {
    const { scheduler, a } = aServingOneTrade();
    // Its own word read back; then c, which a did not wait for, released the shard to a late, having published up to trade 1.
    advance(scheduler, 100);
    const last = [{ exchange: 'bybit' as const, symbol: 'BTCUSDT', instrument: 'BTC-USDT', tradeId: '1', exchangeTs: 0 }];
    a.handOvers.record({ kind: 'released', shard: BTC, instance: 'c', to: 'a', at: scheduler.now(), last });
    a.handOvers.change({ kind: 'revoked', shards: [BTC], lost: true });
    for (const id of [2, 3]) a.input.next(trade(id, scheduler.now()));
    advance(scheduler, 2_000);
    a.handOvers.change({ kind: 'assigned', shards: [BTC] });
    expect(a.gate.stateOfShard(BTC)).toBe('serving');
    expect(a.tradeIds()).toEqual(['1', '2', '3']);
    expect(a.statuses.at(-1)?.reason).toContain('given back after it was lost; what it received meanwhile published');
  });

  it("a hand-over under way when both instances' shards are lost and given back as they were (the group's coordinator moved): the giver stops and says where, the taker holds on and takes from that cut once given back: every trade once", () => {
    const { scheduler, written, a, b } = twoInstances();
    a.handOvers.change({ kind: 'assigned', shards: [BTC] });
    const made: TradeEvent[] = [];
    // The venue makes a trade every 100 ms; a's socket delivers it, and b's once b has the shard subscribed.
    const step = (to: readonly Instance[]): void => {
      const next = trade(made.length + 1, scheduler.now());
      made.push(next);
      for (const each of to) each.input.next(next);
      advance(scheduler, 100);
    };
    for (let n = 0; n < 5; n++) step([a]);
    a.handOvers.change({ kind: 'revoked', shards: [BTC], lost: false });
    b.handOvers.change({ kind: 'assigned', shards: [BTC] });
    b.input.next(subscribed);
    for (let n = 0; n < 5; n++) step([a, b]);
    // Mid-overlap, both lose the shard.
    a.handOvers.change({ kind: 'revoked', shards: [BTC], lost: true });
    b.handOvers.change({ kind: 'revoked', shards: [BTC], lost: true });
    expect(written.at(-1)).toMatchObject({ kind: 'released', instance: 'a', last: [expect.objectContaining({ tradeId: '10' })] });
    expect(written.at(-1)).not.toHaveProperty('to');
    expect(a.statuses.at(-1)?.reason).toContain(
      '(lost: the group ended this membership before the shard was released, and may have given it to another instance)',
    );
    expect(b.statuses.at(-1)?.reason).toContain('stopped taking cluster shard');
    // Lost for 2 s: b holds what it receives, and publishes nothing, a's release read meanwhile.
    for (let n = 0; n < 20; n++) step([a, b]);
    expect(b.tradeIds()).toEqual([]);
    expect(b.gate.stateOfShard(BTC)).toBe('taking');
    b.handOvers.change({ kind: 'assigned', shards: [BTC] });
    expect(b.gate.stateOfShard(BTC)).toBe('serving');
    for (let n = 0; n < 5; n++) step([a, b]);
    expect([...a.tradeIds(), ...b.tradeIds()]).toEqual(made.map((each) => each.tradeId));
    // a named nobody: the hole between its cut and b's first trade held is looked for (b held trades up to the cut: none there).
    expect(b.moves.at(-1)).toMatchObject({ kind: 'taken', from: 'a', continuous: false, overlapped: new Set([tradeKeyOf('bybit', 'BTCUSDT')]) });
    expect(b.statuses.at(-1)?.state).toBe('shard_assigned');
  });

  it('a taker whose shard was lost publishes nothing of what it holds when another instance claims the shard, or when its hold ends without the shard given back', () => {
    const { scheduler, written, b } = bTakingFromA();
    b.input.next(subscribed);
    b.input.next(trade(1, scheduler.now()));
    b.handOvers.change({ kind: 'revoked', shards: [BTC], lost: true });
    b.handOvers.record({ kind: 'taking', shard: BTC, instance: 'c', at: scheduler.now() });
    expect([b.gate.stateOfShard(BTC), b.tradeIds()]).toEqual([undefined, []]);

    const again = bTakingFromA();
    again.b.input.next(subscribed);
    again.b.input.next(trade(1, again.scheduler.now()));
    again.b.handOvers.change({ kind: 'revoked', shards: [BTC], lost: true });
    again.b.handOvers.record({ kind: 'released', shard: BTC, instance: 'a', to: 'b', at: again.scheduler.now(), last: [] });
    advance(again.scheduler, 21_900);
    expect([again.b.gate.stateOfShard(BTC), again.b.tradeIds()]).toEqual(['taking', []]);
    advance(again.scheduler, 200);
    expect([again.b.gate.stateOfShard(BTC), again.b.tradeIds()]).toEqual([undefined, []]);
    // Nothing claimed while lost: b said `taking` once, before the loss.
    expect([...written, ...again.written].filter((record) => record.kind === 'taking')).toHaveLength(2);
  });

  it('a shard lost ends its hold when another instance claims it, and is then taken from that one; one given back after its hold ended is served with its hole looked for', () => {
    const scheduler = new VirtualTimeScheduler();
    const written: HandOverRecord[] = [];
    const a = instance('a', new Subject<HandOverRecord>(), scheduler, written);
    a.handOvers.change({ kind: 'assigned', shards: [BTC] });
    a.input.next(trade(1, scheduler.now()));
    a.handOvers.change({ kind: 'revoked', shards: [BTC], lost: true });
    a.handOvers.record({ kind: 'taking', shard: BTC, instance: 'b', at: scheduler.now() });
    expect(a.gate.stateOfShard(BTC)).toBeUndefined();
    a.handOvers.change({ kind: 'assigned', shards: [BTC] });
    expect(a.gate.stateOfShard(BTC)).toBe('taking');

    const c = instance('c', new Subject<HandOverRecord>(), scheduler, []);
    c.handOvers.change({ kind: 'assigned', shards: [BTC] });
    c.input.next(trade(1, scheduler.now()));
    c.handOvers.change({ kind: 'revoked', shards: [BTC], lost: true });
    advance(scheduler, 22_000);
    expect(c.gate.stateOfShard(BTC)).toBeUndefined();
    const moves = c.moves.length;
    c.handOvers.change({ kind: 'assigned', shards: [BTC] });
    expect(c.gate.stateOfShard(BTC)).toBe('serving');
    expect(c.moves.slice(moves)).toEqual([
      { kind: 'moved', shard: BTC },
      { kind: 'taken', shard: BTC, at: scheduler.now() },
    ]);
  });

  it("an instance that took a shard without its previous owner's word and hands it on before any trade of an instrument says so (open): the next owner looks for that hole though its own take is continuous", () => {
    const scheduler = new VirtualTimeScheduler();
    const topic = new Subject<HandOverRecord>();
    const written: HandOverRecord[] = [];
    const b = instance('b', topic, scheduler, written);
    const c = instance('c', topic, scheduler, written);
    // b takes BTC's shard from a, which says nothing: after the time-out it serves without a release.
    b.handOvers.record({ kind: 'serving', shard: BTC, instance: 'a', at: 0 });
    b.handOvers.change({ kind: 'assigned', shards: [BTC] });
    b.input.next(subscribed);
    advance(scheduler, 10_001);
    expect(b.moves.at(-1)).toMatchObject({ kind: 'taken', continuous: false });
    // No BTC trade reaches b before the group moves the shard on to c.
    b.handOvers.change({ kind: 'revoked', shards: [BTC], lost: false });
    c.handOvers.change({ kind: 'assigned', shards: [BTC] });
    c.input.next(subscribed);
    advance(scheduler, 1_200);
    expect(written.find((record) => record.kind === 'released')).toMatchObject({ instance: 'b', to: 'c', open: ['BTC-USDT'] });
    expect(c.moves.at(-1)).toMatchObject({ kind: 'taken', continuous: true, open: new Set(['BTC-USDT']) });
    // Once a trade of it was published, the hole is found: nothing open is handed on.
    c.input.next(trade(5, scheduler.now()));
    const d = instance('d', topic, scheduler, written);
    c.handOvers.change({ kind: 'revoked', shards: [BTC], lost: false });
    d.handOvers.change({ kind: 'assigned', shards: [BTC] });
    d.input.next(subscribed);
    advance(scheduler, 1_200);
    expect(written.filter((record) => record.kind === 'released').at(-1)).toEqual(expect.not.objectContaining({ open: expect.anything() as unknown }));
    expect(d.moves.at(-1)).toEqual(expect.not.objectContaining({ open: expect.anything() as unknown }));
  });

  it('a next owner that holds trades of an instrument handed on open still has its hole looked for: its first trade held after the cut shows the hole only to a detector told to look', () => {
    const scheduler = new VirtualTimeScheduler();
    const topic = new Subject<HandOverRecord>();
    const written: HandOverRecord[] = [];
    const b = instance('b', topic, scheduler, written);
    const c = instance('c', topic, scheduler, written);
    const sui = (id: number): TradeEvent => ({ ...trade(id, scheduler.now()), symbol: 'SUIUSDT', coin: 'SUI' });
    // b takes BTC's shard (SUI's too) from a, whose release names nobody: not continuous, BTC's hole still to be found.
    b.handOvers.record({ kind: 'serving', shard: BTC, instance: 'a', at: 0 });
    b.handOvers.change({ kind: 'assigned', shards: [BTC] });
    b.input.next(subscribed);
    b.handOvers.record({
      kind: 'released',
      shard: BTC,
      instance: 'a',
      at: scheduler.now(),
      last: [{ exchange: 'bybit', symbol: 'BTCUSDT', instrument: 'BTC-USDT', tradeId: '1', exchangeTs: 0, price: 1 }],
    });
    expect(b.moves.at(-1)).toMatchObject({ kind: 'taken', continuous: false });
    advance(scheduler, 1_000);
    // The shard moves on to c. b publishes SUI, no BTC; c holds SUI (made before b's last: the two meet) and then BTC.
    b.handOvers.change({ kind: 'revoked', shards: [BTC], lost: false });
    c.handOvers.change({ kind: 'assigned', shards: [BTC] });
    c.input.next(subscribed);
    c.input.next(sui(2));
    b.input.next(sui(2));
    advance(scheduler, 100);
    b.input.next(sui(3));
    advance(scheduler, 100);
    c.input.next(trade(4, scheduler.now()));
    advance(scheduler, 1_200);
    expect(written.find((record) => record.kind === 'released' && record.instance === 'b')).toMatchObject({ to: 'c', open: ['BTC-USDT'] });
    expect(c.tradeIds()).toEqual(['4']);
    // c's first BTC trade came after b's last trade of the venue: by the venue's times it met b. Handed on open, its hole is looked for all the same.
    expect(c.moves.at(-1)).toMatchObject({ kind: 'taken', continuous: true, open: new Set(['BTC-USDT']) });
  });

  it("two instances that both serve a shard as nobody's: the one that stops, its sockets 17 s behind, hands over trades made before the other's first published; the take is not continuous and its hole is looked for from when the other began", () => {
    const { scheduler, written, a, b } = twoInstances();
    a.handOvers.change({ kind: 'assigned', shards: [BTC] });
    a.input.next(subscribed);
    b.handOvers.change({ kind: 'assigned', shards: [BTC] });
    const bSince = scheduler.now();
    a.handOvers.change({ kind: 'revoked', shards: [BTC], lost: false });
    advance(scheduler, 5_000);
    // b publishes trades made now; a, 17 s behind, publishes trades made 17 s before.
    b.input.next(subscribed);
    for (let n = 0; n < 8; n++) {
      b.input.next(trade(100 + n, scheduler.now()));
      a.input.next({ ...trade(1 + n, scheduler.now() - 17_000), receivedTs: scheduler.now() });
      advance(scheduler, 200);
    }
    // a read b's word 50 ms after it was written, served 1 s more and waited for its sockets to catch up, in vain:
    // its trades 1..8, the last made 17 s before b's 107.
    advance(scheduler, 9_000);
    expect(written.find((record) => record.kind === 'released')).toMatchObject({ instance: 'a', to: 'b', last: [{ tradeId: '8' }] });
    expect(b.tradeIds()).toEqual(['100', '101', '102', '103', '104', '105', '106', '107']);
    expect(b.moves.at(-1)).toMatchObject({ kind: 'taken', at: bSince, from: 'a', continuous: false, last: [{ tradeId: '8' }] });
  });

  it("two instances that both take a shard as nobody's (a first start, neither heard of the other): the one still serving it stops only once the other has every instrument subscribed, and hands it its last trades", () => {
    const { scheduler, written, a, b } = twoInstances();
    // a served it first, then the group gave it to b before b heard of a.
    a.handOvers.change({ kind: 'assigned', shards: [BTC] });
    a.input.next(subscribed);
    expect(written.map((record) => [record.instance, record.kind, record.kind === 'serving' ? record.subscribed : undefined])).toEqual([
      ['a', 'serving', false],
      ['a', 'serving', undefined],
    ]);
    b.handOvers.change({ kind: 'assigned', shards: [BTC] });
    a.handOvers.change({ kind: 'revoked', shards: [BTC], lost: false });
    expect(written.at(-2)).toMatchObject({ instance: 'b', kind: 'serving', subscribed: false });
    // b's sockets take 30 s to subscribe: a serves on, whatever it has heard of b.
    advance(scheduler, 30_000);
    a.input.next(trade(7, scheduler.now()));
    expect(a.gate.stateOfShard(BTC)).toBe('releasing');
    expect(a.tradeIds()).toEqual(['7']);
    b.input.next(subscribed);
    expect(written.at(-1)).toMatchObject({ instance: 'b', kind: 'serving' });
    expect(written.at(-1)).not.toHaveProperty('subscribed');
    advance(scheduler, 1_100);
    expect(a.gate.stateOfShard(BTC)).toBeUndefined();
    expect(written.find((record) => record.kind === 'released')).toMatchObject({ instance: 'a', to: 'b', last: [{ tradeId: '7' }] });
    // b, serving, is told where a stopped: exact, as a hand-over to it.
    advance(scheduler, 100);
    expect(b.moves.at(-1)).toMatchObject({ kind: 'taken', from: 'a', continuous: true, last: [{ tradeId: '7' }] });
    expect(b.moves[1]).toEqual({ kind: 'taken', shard: BTC, at: expect.any(Number) as number, continuous: true });
  });

  it("two instances that both serve a shard as nobody's: the one that stops with a socket further behind the other's subscription than it waits has the hole of that socket's symbols looked for, a quiet one too", () => {
    const { scheduler, written, a, b } = twoInstances();
    a.handOvers.change({ kind: 'assigned', shards: [BTC] });
    a.input.next(subscribed);
    b.handOvers.change({ kind: 'assigned', shards: [BTC] });
    a.handOvers.change({ kind: 'revoked', shards: [BTC], lost: false });
    advance(scheduler, 30_000);
    // a's socket behind delivers what was made 17 s before: a BTCUSDT trade once, FIL-USDT's (the same shard) all along.
    const lagging = (made: TradeEvent): TradeEvent => ({ ...made, exchangeTs: made.exchangeTs - 17_000, connectionId: 'lagging' });
    a.input.next(lagging(trade(7, scheduler.now())));
    b.input.next(subscribed);
    for (let n = 0; a.gate.stateOfShard(BTC) !== undefined; n++) {
      a.input.next(lagging({ ...trade(100 + n, scheduler.now()), symbol: 'FILUSDT', coin: 'FIL' }));
      advance(scheduler, 200);
    }
    advance(scheduler, 200);
    const released = written.find((record) => record.kind === 'released');
    expect(released).toMatchObject({ instance: 'a', to: 'b' });
    const at = released?.at ?? 0;
    expect(released?.kind === 'released' ? released.last.map((last) => [last.symbol, last.heardTo]) : []).toEqual([
      ['BTCUSDT', at - 17_000],
      ['FILUSDT', at - 17_000],
    ]);
    // b published no trade: the next of each is checked against a's last.
    expect(b.moves.at(-1)).toMatchObject({ kind: 'taken', from: 'a', continuous: true, open: new Set(['BTC-USDT', 'FIL-USDT']) });
  });
});
