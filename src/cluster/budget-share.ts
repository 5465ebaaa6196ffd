/**
 * The part of a venue's per-IP budgets (connection opens, REST weight) that this instance of a
 * cluster may use now: the cluster shards it subscribes (served and stood by) over all shards times
 * the instances that subscribe each (`copies`: 2 with a standby per shard), and one shard's part while
 * it holds none (it still reads the venue's instrument list, so it needs a small budget). The group
 * gives each shard to one instance and each shard has at most `copies - 1` standbys, so the shares of
 * the instances on one host sum to at most 1, plus `1 / shards` for each instance that holds no shard:
 * together they stay within the venue's per-IP limits. A standby per shard thus halves what each
 * subscription may use. The share is read at each decision of a budget, so it follows the group's
 * reassignments.
 */
export function budgetShare(gate: { readonly heldCount: number; readonly shards: number; readonly copies?: number }): () => number {
  return () => Math.max(1, gate.heldCount) / (gate.shards * (gate.copies ?? 1));
}
