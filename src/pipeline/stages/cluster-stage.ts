import { combineLatest, EMPTY, filter, identity, map, share, tap, type MonoTypeOperatorFunction, type Observable } from 'rxjs';
import type { ShardGate } from '../../cluster/shard-gate.js';
import type { ShardHandOvers } from '../../cluster/shard-hand-overs.js';
import { namingShardInstruments } from '../../cluster/shard-statuses.js';
import type { FeedEvent, FeedStatus } from '../../model/index.js';
import type { GapHandover } from '../../operators/index.js';
import type { ShardCandidate } from '../../shards/plan-shards.js';

/**
 * What the feed needs of a cluster (`src/cluster/`): the gate's shards are set from `held$`, and each
 * change re-plans the connections. An instrument of a shard given up is neither subscribed nor
 * published from that moment (its events still on the way are dropped). `handovers$` tells gap
 * detection of the shards taken and given up, so that a handover's hole is named (`detectGaps`'
 * `handovers$`). `statuses$` (`shard_assigned`, `shard_revoked`) are published with the feed's
 * statuses, each naming the shard's instruments, so that the windows of a shard's instruments are
 * incomplete in the period it moves, and forgotten by the instance that gave it up.
 */
export interface FeedCluster {
  readonly gate: ShardGate;
  /**
   * The shards' hand-overs (`src/cluster/shard-hand-overs.ts`): when given, they set the gate's
   * states (`held$` is then their `planned$`), and events go through their gate, which holds a
   * shard's trades back while it is being taken and tells them what a shard being released
   * published. Default: the gate serves exactly the shards of `held$`.
   */
  readonly handOvers?: ShardHandOvers;
  readonly held$: Observable<ReadonlySet<number>>;
  readonly handovers$?: Observable<GapHandover>;
  readonly statuses$?: Observable<FeedStatus>;
}

/** The cluster's part of the feed; without a cluster, every instrument and nothing else. */
export interface ClusterStage {
  /** The instruments of the shards held, as either list changes. */
  held(candidates$: Observable<readonly ShardCandidate[]>): Observable<readonly ShardCandidate[]>;
  /** The shards' statuses, naming their instruments. */
  readonly statuses$: Observable<FeedStatus>;
  /** Lets through the statuses and the events of the instruments served. */
  readonly gate: MonoTypeOperatorFunction<FeedEvent>;
  /** Changes of owner, shared by both gap detectors (one reading of the trades topic per move). */
  readonly handovers$?: Observable<GapHandover>;
}

/** Stage 3, the cluster: which instruments this instance serves. `market` is the latest instrument list. */
export function clusterStage(cluster: FeedCluster | undefined, followed: () => readonly ShardCandidate[]): ClusterStage {
  if (cluster === undefined) return { held: identity, statuses$: EMPTY, gate: identity };
  // The cluster shards instruments by the keys their records carry: an option followed at two venues is one instrument to it.
  const market = (): readonly ShardCandidate[] => byRecordKey(followed());
  cluster.handOvers?.follow(market);
  const handovers$ = cluster.handovers$?.pipe(share());
  return {
    held: (candidates$) =>
      combineLatest([candidates$, cluster.held$.pipe(tap((held) => (cluster.handOvers === undefined ? cluster.gate.hold(held) : undefined)))]).pipe(
        map(([candidates]) => candidates.filter((candidate) => cluster.gate.holds(candidate.coin, candidate.quote, candidate.recordKey ?? candidate.key))),
      ),
    statuses$: cluster.statuses$ === undefined ? EMPTY : namingShardInstruments(cluster.statuses$, cluster.gate, market),
    gate: cluster.handOvers?.gate() ?? filter((event) => event.type === 'feed_status' || cluster.gate.serves(event.coin, event.quote, event.instrument)),
    ...(handovers$ === undefined ? {} : { handovers$ }),
  };
}

/** The instruments as their records name them: each option once, under its own key, whatever venues follow it. */
function byRecordKey(candidates: readonly ShardCandidate[]): readonly ShardCandidate[] {
  if (candidates.every((candidate) => candidate.recordKey === undefined)) return candidates;
  const byKey = new Map<string, ShardCandidate>();
  for (const candidate of candidates) {
    const key = candidate.recordKey ?? candidate.key;
    if (!byKey.has(key)) byKey.set(key, { ...candidate, key });
  }
  return [...byKey.values()];
}
