import { instrumentKey } from '../model/index.js';
import { shardOf } from './shard-of.js';

/**
 * Which instruments this instance serves: those of the cluster shards it holds now. The shard of
 * each instrument is worked out once (by coin and quote: the same strings every event), so asking
 * per event costs two map lookups.
 */
export class ShardGate {
  private held: ReadonlySet<number> = new Set();
  private readonly byCoin = new Map<string, Map<string, number>>();

  constructor(readonly shards: number) {
    shardOf('', shards);
  }

  /** The shards held from now on. */
  hold(shards: ReadonlySet<number>): void {
    this.held = shards;
  }

  get heldShards(): ReadonlySet<number> {
    return this.held;
  }

  /** The shard of the instrument `coin`-`quote`. */
  shardOf(coin: string, quote: string): number {
    let byQuote = this.byCoin.get(coin);
    if (byQuote === undefined) this.byCoin.set(coin, (byQuote = new Map<string, number>()));
    let shard = byQuote.get(quote);
    if (shard === undefined) byQuote.set(quote, (shard = shardOf(instrumentKey(coin, quote), this.shards)));
    return shard;
  }

  /** Whether the instrument `coin`-`quote` is served here now. */
  serves(coin: string, quote: string): boolean {
    return this.held.has(this.shardOf(coin, quote));
  }
}
