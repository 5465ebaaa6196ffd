import type { ParsedSetting } from './config-option.js';

/** This process's part of the coins when several `run` processes share them: shard `index` of `count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

export const NO_SHARDS: Shard = { index: 0, count: 1 };

const MAX_SHARDS = 1024;

/** `i/N` with 0 <= i < N <= 1024, e.g. `0/2` and `1/2` for two processes. */
export function shardSpec(raw: unknown): ParsedSetting<Shard> {
  const match = typeof raw === 'string' ? /^(\d+)\/(\d+)$/.exec(raw.trim()) : null;
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || !(count >= 1 && count <= MAX_SHARDS && index < count)) {
    return { ok: false, allowed: `INDEX/COUNT with 0 <= INDEX < COUNT <= ${MAX_SHARDS}, e.g. 0/2` };
  }
  return { ok: true, value: { index, count } };
}

/**
 * The coins of one shard: the configured coins sorted, every `count`-th from `index`. Every process
 * of a sharded deployment must be given the same coin list; each coin then has exactly one.
 */
export function shardCoins(coins: readonly string[], shard: Shard): readonly string[] {
  return [...new Set(coins)].sort().filter((_, n) => n % shard.count === shard.index);
}
