import { Subject, VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { FeedEvent, FeedStatus, TradeEvent } from '../model/index.js';
import { handOverTrade } from './hand-over-cuts.js';
import type { HandOverRecord, HandOverTrade } from './hand-over-records.js';
import { ShardGate } from './shard-gate.js';
import type { ShardMove } from './shard-hand-over-states.js';
import { ShardHandOvers } from './shard-hand-overs.js';
import { standbyOf, standbyShards } from './standby-of.js';
import { advance, BTC, btcSubscribed, btcTrade, MARKET, SHARDS, specHandOvers } from './__fixtures__/hand-over-events.js';

/** Lets the promises settled so far run their continuations. */
const settle = async (): Promise<void> => {
  for (let n = 0; n < 10; n++) await Promise.resolve();
};

const trade = (id: number, at: number): TradeEvent => btcTrade(id, at);
const subscribed = btcSubscribed;

/**
 * A cluster over one control topic: its members (alive or not), the trades each instance published
 * (the topic: what a taker reads back of a killed owner is what that owner published, read here
 * from its own output), each instance's coordinator and feed input.
 */
function cluster(
  scheduler: VirtualTimeScheduler,
  holdMs = 30_000,
  reads: { readonly failing?: number; readonly maxHeldTrades?: number; readonly takingMs?: number } = {},
) {
  const topic = new Subject<HandOverRecord>();
  let failing = reads.failing ?? 0;
  const written: HandOverRecord[] = [];
  const members = new Set<string>();
  const trades: TradeEvent[] = [];
  const instance = (id: string) => {
    const gate = new ShardGate(SHARDS);
    const published: FeedEvent[] = [];
    const handOvers: ShardHandOvers = new ShardHandOvers({
      ...specHandOvers(id, gate, scheduler),
      maxHeldTrades: reads.maxHeldTrades ?? 10_000,
      standbyHoldMs: holdMs,
      write: (record) => {
        written.push(record);
        scheduler.schedule(() => topic.next(record), 50);
      },
      isGone: (instance) => Promise.resolve(!members.has(instance)),
      readLast: () => {
        // The first reads do not reach the end of the topic (a broker killed meanwhile).
        if (failing > 0) {
          failing--;
          return Promise.reject(new Error('read 2 of 3 partitions: Local: Timed out'));
        }
        const last = new Map<string, HandOverTrade>();
        for (const published of trades) last.set(published.symbol, handOverTrade(published));
        const { takingMs } = reads;
        if (takingMs === undefined) return Promise.resolve([...last.values()]);
        return new Promise((resolve) => scheduler.schedule(() => resolve([...last.values()]), takingMs));
      },
      standbyOf: (owner) =>
        standbyOf(
          owner,
          [...members].map((member) => ({ instance: member })),
        ),
    });
    handOvers.follow(() => MARKET);
    topic.subscribe((record) => handOvers.record(record));
    const input = new Subject<FeedEvent>();
    const moves: ShardMove[] = [];
    const statuses: FeedStatus[] = [];
    handOvers.statuses$.subscribe((status) => statuses.push(status));
    input.pipe(handOvers.gate()).subscribe((event) => {
      published.push(event);
      if (event.type === 'trade') trades.push(event);
    });
    handOvers.moves$.subscribe((move) => moves.push(move));
    members.add(id);
    const tradeIds = (): string[] => published.filter((event): event is TradeEvent => event.type === 'trade').map((event) => event.tradeId);
    return { id, gate, handOvers, input, moves, statuses, tradeIds };
  };
  /** Every trade published, by id, in the order published (the trades topic). */
  const topicIds = (): string[] => trades.map((published) => published.tradeId);
  return { instance, members, written, topicIds };
}

/** a owns the shard and publishes trades 1 to 20, which b, its standby, holds too; then a is killed. b and the next trade id. */
function ownerKilled(scheduler: VirtualTimeScheduler, { instance, members }: ReturnType<typeof cluster>) {
  const a = instance('a');
  const b = instance('b');
  a.handOvers.change({ kind: 'assigned', shards: [BTC] });
  advance(scheduler, 100);
  b.handOvers.standBy(a.handOvers.owners());
  let id = 1;
  for (; id <= 20; id++) {
    const made = trade(id, scheduler.now());
    a.input.next(made);
    b.input.next(made);
    advance(scheduler, 100);
  }
  // What a would have published next is lost with it; b's socket has it.
  a.input.complete();
  members.delete('a');
  return { b, id };
}

describe('a shard standby', () => {
  it('follows the shard, holding its trades and publishing nothing, for at most the hold time', () => {
    const scheduler = new VirtualTimeScheduler();
    const { instance } = cluster(scheduler, 5_000);
    const a = instance('a');
    const b = instance('b');
    a.handOvers.change({ kind: 'assigned', shards: [BTC] });
    b.handOvers.standBy(a.handOvers.owners());
    expect(b.gate.stateOfShard(BTC)).toBe('standby');
    expect(b.gate.planned.has(BTC)).toBe(true);
    for (let id = 1; id <= 10; id++) {
      b.input.next(trade(id, scheduler.now()));
      advance(scheduler, 1_000);
    }
    expect(b.tradeIds()).toEqual([]);
    // Trades received at 5 to 9 s are within 5 s of 10 s.
    expect(b.handOvers.standbys().get(BTC)).toEqual({ owner: 'a', reachMs: 5_000 });
    // No longer its standby: let go of.
    b.handOvers.standBy(new Map());
    expect(b.gate.stateOfShard(BTC)).toBeUndefined();
    expect(b.handOvers.standbys().size).toBe(0);
    expect(b.statuses.map((status) => [status.state, status.clusterShard])).toEqual([
      ['shard_standby', BTC],
      ['shard_standby_stopped', BTC],
    ]);
    expect(b.statuses[0]?.reason).toBe(
      `b stands by cluster shard ${BTC} of ${SHARDS} for a, its trades held 5000 ms (the shard subscribed here too: its subscriptions and connections count twice)`,
    );
  });

  it("takes the shard at once when its owner is gone: every trade in the topic once, those after the owner's last published from its hold", async () => {
    const scheduler = new VirtualTimeScheduler();
    const run = cluster(scheduler);
    const { members, written, topicIds } = run;
    const killed = ownerKilled(scheduler, run);
    const { b } = killed;
    let { id } = killed;
    for (; id <= 30; id++) {
      b.input.next(trade(id, scheduler.now()));
      advance(scheduler, 100);
    }
    b.handOvers.members(members);
    await settle();
    advance(scheduler, 100);
    expect(b.gate.stateOfShard(BTC)).toBe('releasing');
    b.input.next(trade(id++, scheduler.now()));
    expect(topicIds()).toEqual(Array.from({ length: 31 }, (_, n) => String(n + 1)));
    expect(b.tradeIds()).toEqual(Array.from({ length: 11 }, (_, n) => String(n + 21)));
    expect(written.filter((record) => record.instance === 'b').map((record) => record.kind)).toEqual(['serving', 'releasing']);
    expect(b.statuses.map((status) => status.state)).toEqual(['shard_standby', 'shard_standby_stopped', 'shard_assigned']);
    // Gap detection is told where a stopped (what was read back), and that b's hold reached back to it: no hole.
    expect(b.moves.at(-1)).toMatchObject({ kind: 'taken', shard: BTC, from: 'a', last: [{ tradeId: '20' }], overlapped: new Set(['bybit\u0000BTCUSDT']) });
    // The group gives it to b then: it is b's.
    b.handOvers.change({ kind: 'assigned', shards: [BTC] });
    expect(b.gate.stateOfShard(BTC)).toBe('serving');
  });

  it("holds on and reads again while the trades topic cannot be read to its end, then publishes after the owner's last: every trade once", async () => {
    const scheduler = new VirtualTimeScheduler();
    const run = cluster(scheduler, 30_000, { failing: 2 });
    const { members, topicIds } = run;
    const killed = ownerKilled(scheduler, run);
    const { b } = killed;
    let { id } = killed;
    b.handOvers.members(members);
    // Two reads fail, a second apart: b holds what it receives meanwhile and publishes nothing.
    for (let read = 1; read <= 2; read++) {
      await settle();
      expect(b.gate.stateOfShard(BTC)).toBe('taking');
      for (let n = 0; n < 10; n++, id++) {
        b.input.next(trade(id, scheduler.now()));
        advance(scheduler, 100);
      }
    }
    expect(b.tradeIds()).toEqual([]);
    await settle();
    advance(scheduler, 100);
    // The third read reaches the end: a's last is 20, b publishes 21 on, and nothing twice.
    expect(b.tradeIds()).toEqual(Array.from({ length: 20 }, (_, n) => String(n + 21)));
    expect(topicIds()).toEqual(Array.from({ length: 40 }, (_, n) => String(n + 1)));
  });

  it('publishes all it held, repeats and all, once it holds the most a taker holds and the topic still cannot be read: nothing lost', async () => {
    const scheduler = new VirtualTimeScheduler();
    const run = cluster(scheduler, 30_000, { failing: 100, maxHeldTrades: 35 });
    const { members, topicIds } = run;
    const killed = ownerKilled(scheduler, run);
    const { b } = killed;
    let { id } = killed;
    b.handOvers.members(members);
    // 20 held from its time as standby, 15 more make 35, the most it holds: the next failed read ends the wait.
    for (; id <= 35; id++) {
      await settle();
      b.input.next(trade(id, scheduler.now()));
      advance(scheduler, 100);
    }
    await settle();
    advance(scheduler, 1_000);
    await settle();
    expect(b.tradeIds()).toEqual(Array.from({ length: 35 }, (_, n) => String(n + 1)));
    // 1 to 20 twice (a published them, and nothing said so to b), none lost.
    expect(topicIds()).toEqual([...Array.from({ length: 20 }, (_, n) => String(n + 1)), ...Array.from({ length: 35 }, (_, n) => String(n + 1))]);
  });

  it('keeps the shard the group gives it while it reads back what the owner published (taking it over unasked): serving it, not releasing it to nobody', async () => {
    const scheduler = new VirtualTimeScheduler();
    const run = cluster(scheduler, 30_000, { takingMs: 500 });
    const { members, topicIds } = run;
    const { b, id } = ownerKilled(scheduler, run);
    b.handOvers.members(members);
    await settle();
    expect(b.gate.stateOfShard(BTC)).toBe('taking');
    // The group's decision comes while the read runs.
    b.handOvers.change({ kind: 'assigned', shards: [BTC] });
    advance(scheduler, 500);
    await settle();
    expect(b.gate.stateOfShard(BTC)).toBe('serving');
    b.input.next(trade(id, scheduler.now()));
    expect(topicIds()).toEqual(Array.from({ length: 21 }, (_, n) => String(n + 1)));
  });

  it("is waited for by the instance the group gives a killed owner's shard, which it hands the shard to make-before-break: every trade once", async () => {
    const scheduler = new VirtualTimeScheduler();
    const { instance, members, topicIds } = cluster(scheduler);
    const a = instance('a');
    const b = instance('b');
    const c = instance('c');
    a.handOvers.change({ kind: 'assigned', shards: [BTC] });
    advance(scheduler, 100);
    expect(
      standbyOf(
        'a',
        [...members].map((member) => ({ instance: member })),
      ),
    ).toBe('b');
    b.handOvers.standBy(a.handOvers.owners());
    let id = 1;
    const made = (...to: (typeof a)[]): void => {
      const next = trade(id++, scheduler.now());
      for (const one of to) one.input.next(next);
      advance(scheduler, 100);
    };
    for (let n = 0; n < 10; n++) made(a, b);
    a.input.complete();
    members.delete('a');
    // The group gives the shard to c before b found a gone.
    c.handOvers.change({ kind: 'assigned', shards: [BTC] });
    expect(c.gate.stateOfShard(BTC)).toBe('taking');
    c.input.next(subscribed);
    for (let n = 0; n < 15; n++) made(b, c);
    // c found a gone and waits for a's standby, b.
    expect(c.gate.stateOfShard(BTC)).toBe('taking');
    // c said `taking`: the shard's owner is still a, whose standby b stays.
    expect(b.handOvers.owners().get(BTC)).toBe('a');
    b.handOvers.standBy(
      standbyShards(
        'b',
        b.handOvers.owners(),
        [...members].map((member) => ({ instance: member })),
      ),
    );
    expect(b.handOvers.standbys().get(BTC)?.owner).toBe('a');
    expect(c.tradeIds()).toEqual([]);
    b.handOvers.members(members);
    await settle();
    for (let n = 0; n < 5; n++) made(b, c);
    expect(b.gate.stateOfShard(BTC)).toBe('releasing');
    advance(scheduler, 1_500);
    expect(b.gate.stateOfShard(BTC)).toBeUndefined();
    expect(c.gate.stateOfShard(BTC)).toBe('serving');
    for (let n = 0; n < 5; n++) made(c);
    const ids = topicIds();
    expect(ids).toEqual(Array.from({ length: 35 }, (_, n) => String(n + 1)));
    expect(c.moves.at(-1)).toMatchObject({ kind: 'taken', from: 'b', continuous: true });
  });

  it("names the hole its hold does not reach back over: all it held published, the owner's last read back given to gap detection", async () => {
    const scheduler = new VirtualTimeScheduler();
    const { instance, members, topicIds } = cluster(scheduler, 1_000);
    const a = instance('a');
    const b = instance('b');
    a.handOvers.change({ kind: 'assigned', shards: [BTC] });
    b.handOvers.standBy(a.handOvers.owners());
    let id = 1;
    for (; id <= 5; id++) {
      const made = trade(id, scheduler.now());
      a.input.next(made);
      b.input.next(made);
      advance(scheduler, 100);
    }
    members.delete('a');
    // 30 trades over 3 s, of which the hold keeps the last second's.
    for (; id <= 35; id++) {
      b.input.next(trade(id, scheduler.now()));
      advance(scheduler, 100);
    }
    b.handOvers.members(members);
    await settle();
    expect(b.tradeIds()).toEqual(Array.from({ length: 10 }, (_, n) => String(n + 26)));
    expect(topicIds()).toHaveLength(15);
    const taken = b.moves.at(-1);
    expect(taken).toMatchObject({ kind: 'taken', last: [{ tradeId: '5' }], continuous: false });
    expect(taken?.kind === 'taken' ? taken.overlapped : undefined).toBeUndefined();
  });

  it('becomes a taker like any other when the group gives it the shard its owner hands over: its held trades cut at the release', () => {
    const scheduler = new VirtualTimeScheduler();
    const { instance, topicIds } = cluster(scheduler);
    const a = instance('a');
    const b = instance('b');
    a.handOvers.change({ kind: 'assigned', shards: [BTC] });
    advance(scheduler, 100);
    b.input.next(subscribed);
    b.handOvers.standBy(a.handOvers.owners());
    b.input.next(subscribed);
    let id = 1;
    const both = (): void => {
      const made = trade(id++, scheduler.now());
      a.input.next(made);
      b.input.next(made);
      advance(scheduler, 100);
    };
    for (let n = 0; n < 5; n++) both();
    a.handOvers.change({ kind: 'revoked', shards: [BTC], lost: false });
    advance(scheduler, 100);
    b.handOvers.change({ kind: 'assigned', shards: [BTC] });
    // Subscribed already: it says `taking` at once.
    expect(b.gate.stateOfShard(BTC)).toBe('taking');
    for (let n = 0; n < 20; n++) both();
    expect(a.gate.stateOfShard(BTC)).toBeUndefined();
    expect(b.gate.stateOfShard(BTC)).toBe('serving');
    expect(topicIds()).toEqual(Array.from({ length: 25 }, (_, n) => String(n + 1)));
  });

  it('drops the held trades of a symbol that traded only before its owner began releasing: the release names where it stopped on every symbol it served', () => {
    const scheduler = new VirtualTimeScheduler();
    const { instance, topicIds } = cluster(scheduler);
    const a = instance('a');
    const b = instance('b');
    // SUI-USDT shares BTC-USDT's shard, and trades only before the hand-over.
    const sui = (id: number): TradeEvent => ({ ...trade(id, scheduler.now()), symbol: 'SUIUSDT', coin: 'SUI' });
    a.handOvers.change({ kind: 'assigned', shards: [BTC] });
    advance(scheduler, 100);
    b.handOvers.standBy(a.handOvers.owners());
    b.input.next(subscribed);
    let id = 1;
    const both = (made: TradeEvent): void => {
      a.input.next(made);
      b.input.next(made);
      advance(scheduler, 100);
    };
    for (let n = 0; n < 3; n++) both(sui(100 + n));
    for (let n = 0; n < 5; n++) both(trade(id++, scheduler.now()));
    a.handOvers.change({ kind: 'revoked', shards: [BTC], lost: false });
    advance(scheduler, 100);
    b.handOvers.change({ kind: 'assigned', shards: [BTC] });
    for (let n = 0; n < 20; n++) both(trade(id++, scheduler.now()));
    expect(b.gate.stateOfShard(BTC)).toBe('serving');
    // b held SUIUSDT's three trades since it stood by; a published them: each is in the topic once.
    expect(topicIds()).toEqual(['100', '101', '102', ...Array.from({ length: 25 }, (_, n) => String(n + 1))]);
  });
});
