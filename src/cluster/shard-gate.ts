import { instrumentKey } from '../model/index.js';
import { shardOf } from './shard-of.js';

/**
 * What this instance does with a cluster shard's instruments:
 * - `serving`: subscribed and published;
 * - `taking`: assigned to it, subscribed, its trades held back until the previous owner says where
 *   it stopped (a hand-over, `shard-hand-overs.ts`);
 * - `releasing`: given up by the group, still subscribed and published until the new owner is
 *   subscribed too (make-before-break);
 * - `standby`: another instance owns it; this one is its standby: subscribed, its trades held for a
 *   bounded time and never published, so that it can take the shard at once if the owner is killed.
 */
export type ShardServing = 'serving' | 'taking' | 'releasing' | 'standby';

/**
 * Which instruments this instance serves, and how: by the state of the cluster shard of each, while
 * its membership is known to be alive. The event loop renews the gate at each poll of the group
 * consumer; a renewal that comes more than `leaseMs` after the one before (the process was stopped
 * or its loop wedged past the session timeout, so the group may have given its shards to another
 * instance) fences the gate: it serves nothing until the group's next decision (`hold` or `set`). The shard
 * of each instrument is worked out once (by coin and quote, the same strings every event; by the
 * instrument an event names when it is published under another, see `instrumentOf`), so asking per
 * event costs three map lookups and a clock read.
 */
export class ShardGate {
  private readonly states = new Map<number, ShardServing>();
  private readonly byCoin = new Map<string, Map<string, number>>();
  private readonly byInstrument = new Map<string, number>();
  private renewedAt: number | undefined;
  private fenced = false;

  constructor(
    readonly shards: number,
    /** How long a renewal keeps the gate open, ms (the group's session timeout). Default: for ever (no membership). */
    private readonly leaseMs = Number.POSITIVE_INFINITY,
    private readonly clock: () => number = Date.now,
    /** How many instances subscribe each shard: 1, plus 1 with a standby per shard (see `budgetShare`). */
    readonly copies = 1,
  ) {
    shardOf('', shards);
  }

  /** How many shards have instruments subscribed now, in any state, standbys included (this instance's part of the cluster; see `budgetShare`). */
  get heldCount(): number {
    return this.states.size;
  }

  /** The shards whose instruments are subscribed now (every state). */
  get planned(): ReadonlySet<number> {
    return new Set(this.states.keys());
  }

  /** The shards served from now on, as the group decided, every one `serving` and no other: lifts a fence. */
  hold(shards: ReadonlySet<number>): void {
    this.states.clear();
    for (const shard of shards) this.states.set(shard, 'serving');
    this.fenced = false;
  }

  /** One shard's state from now on (`undefined`: none of it is served); a group decision, so it lifts a fence. */
  set(shard: number, state: ShardServing | undefined): void {
    if (state === undefined) this.states.delete(shard);
    else this.states.set(shard, state);
    this.fenced = false;
  }

  /** The state of one shard, fence aside. */
  stateOfShard(shard: number): ShardServing | undefined {
    return this.states.get(shard);
  }

  /** The membership is alive now (the event loop polled the group consumer). */
  renew(): void {
    const now = this.clock();
    if (this.renewedAt !== undefined && now - this.renewedAt > this.leaseMs) this.fenced = true;
    this.renewedAt = now;
  }

  /** Whether the gate serves nothing until the group decides again. */
  private get isFenced(): boolean {
    return this.fenced || (this.renewedAt !== undefined && this.clock() - this.renewedAt > this.leaseMs);
  }

  /** The shard of the instrument `coin`-`quote`, or of `instrument` when given (an event published under another instrument than its own base-quote). */
  shardOf(coin: string, quote: string, instrument?: string): number {
    if (instrument !== undefined) {
      let shard = this.byInstrument.get(instrument);
      if (shard === undefined) this.byInstrument.set(instrument, (shard = shardOf(instrument, this.shards)));
      return shard;
    }
    let byQuote = this.byCoin.get(coin);
    if (byQuote === undefined) this.byCoin.set(coin, (byQuote = new Map<string, number>()));
    let shard = byQuote.get(quote);
    if (shard === undefined) byQuote.set(quote, (shard = shardOf(instrumentKey(coin, quote), this.shards)));
    return shard;
  }

  /** Whether the instrument's shard is subscribed, in any state (what the connections are planned from); `instrument` as for `shardOf`. */
  holds(coin: string, quote: string, instrument?: string): boolean {
    return this.states.has(this.shardOf(coin, quote, instrument));
  }

  /** What becomes of an event of the instrument `coin`-`quote` (or `instrument`) now: its shard's state, none when the gate is fenced. */
  stateOf(coin: string, quote: string, instrument?: string): ShardServing | undefined {
    const state = this.states.get(this.shardOf(coin, quote, instrument));
    return state === undefined || this.isFenced ? undefined : state;
  }

  /** Whether an event of the instrument `coin`-`quote` (or `instrument`) is published now: its shard served or being released, and the gate not fenced. */
  serves(coin: string, quote: string, instrument?: string): boolean {
    const state = this.stateOf(coin, quote, instrument);
    return state === 'serving' || state === 'releasing';
  }
}
