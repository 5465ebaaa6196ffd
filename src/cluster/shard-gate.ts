import { instrumentKey } from '../model/index.js';
import { shardOf } from './shard-of.js';

/**
 * Which instruments this instance serves: those of the cluster shards it holds now, while its
 * membership is known to be alive. The event loop renews the gate at each poll of the group
 * consumer; a renewal that comes more than `leaseMs` after the one before (the process was stopped
 * or its loop wedged past the session timeout, so the group may have given its shards to another
 * instance) fences the gate: it serves nothing until the group's next decision (`hold`). The shard
 * of each instrument is worked out once (by coin and quote, the same strings every event), so
 * asking per event costs two map lookups and a clock read.
 */
export class ShardGate {
  private held: ReadonlySet<number> = new Set();
  private readonly byCoin = new Map<string, Map<string, number>>();
  private renewedAt: number | undefined;
  private fenced = false;

  constructor(
    readonly shards: number,
    /** How long a renewal keeps the gate open, ms (the group's session timeout). Default: for ever (no membership). */
    private readonly leaseMs = Number.POSITIVE_INFINITY,
    private readonly clock: () => number = Date.now,
  ) {
    shardOf('', shards);
  }

  /** How many shards are held now (this instance's part of the cluster; see `budgetShare`). */
  get heldCount(): number {
    return this.held.size;
  }

  /** The shards held from now on, as the group decided: lifts a fence. */
  hold(shards: ReadonlySet<number>): void {
    this.held = shards;
    this.fenced = false;
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

  /** The shard of the instrument `coin`-`quote`. */
  shardOf(coin: string, quote: string): number {
    let byQuote = this.byCoin.get(coin);
    if (byQuote === undefined) this.byCoin.set(coin, (byQuote = new Map<string, number>()));
    let shard = byQuote.get(quote);
    if (shard === undefined) byQuote.set(quote, (shard = shardOf(instrumentKey(coin, quote), this.shards)));
    return shard;
  }

  /** Whether the instrument's shard is held (what the connections are planned from). */
  holds(coin: string, quote: string): boolean {
    return this.held.has(this.shardOf(coin, quote));
  }

  /** Whether an event of the instrument `coin`-`quote` is published now: its shard held and the gate not fenced. */
  serves(coin: string, quote: string): boolean {
    return this.held.has(this.shardOf(coin, quote)) && !this.isFenced;
  }
}
