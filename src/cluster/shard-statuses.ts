import { map, type Observable } from 'rxjs';
import type { FeedStatus } from '../model/index.js';
import type { ShardGate } from './shard-gate.js';

/**
 * The cluster's `shard_assigned` / `shard_revoked` statuses, each naming its shard's instruments of
 * the market as it is then (`market()`), so that the operators scoping statuses by instrument (the
 * windows, the books) see which instruments moved.
 */
export function namingShardInstruments(
  statuses$: Observable<FeedStatus>,
  gate: ShardGate,
  market: () => readonly { readonly key: string; readonly coin: string; readonly quote: string }[],
): Observable<FeedStatus> {
  return statuses$.pipe(
    map((status): FeedStatus => {
      const shard = status.clusterShard;
      if (shard === undefined) return status;
      const instruments = market().filter((instrument) => gate.shardOf(instrument.coin, instrument.quote, instrument.key) === shard);
      return { ...status, instruments: instruments.map((instrument) => instrument.key) };
    }),
  );
}
