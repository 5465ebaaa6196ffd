import type { ParsedSetting } from '../settings/config-option.js';

/**
 * This process's part of the coins when several `run` processes share them (`--shard INDEX/COUNT`):
 * slice `index` of `count`. A coin slice, not to be confused with a connection shard (`src/shards/`)
 * or a cluster shard (`src/cluster/`).
 */
export interface CoinSlice {
  readonly index: number;
  readonly count: number;
}

export const WHOLE_COIN_LIST: CoinSlice = { index: 0, count: 1 };

const MAX_SLICES = 1024;

/** `i/N` with 0 <= i < N <= 1024, e.g. `0/2` and `1/2` for two processes. */
export function coinSliceSpec(raw: unknown): ParsedSetting<CoinSlice> {
  const match = typeof raw === 'string' ? /^(\d+)\/(\d+)$/.exec(raw.trim()) : null;
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || !(count >= 1 && count <= MAX_SLICES && index < count)) {
    return { ok: false, allowed: `INDEX/COUNT with 0 <= INDEX < COUNT <= ${MAX_SLICES}, e.g. 0/2` };
  }
  return { ok: true, value: { index, count } };
}

/**
 * The coins of one slice: the configured coins sorted, every `count`-th from `index`. Every process
 * of a sharded deployment must be given the same coin list; each coin then has exactly one.
 */
export function sliceCoins(coins: readonly string[], shard: CoinSlice): readonly string[] {
  return [...new Set(coins)].sort().filter((_, n) => n % shard.count === shard.index);
}
