import { hostname } from 'node:os';
import { EMPTY, catchError, mergeMap, scan, share, type Observable } from 'rxjs';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { ClusterSettings } from '../config/cluster-options.js';
import type { ExchangeId, FeedStatus } from '../model/index.js';
import { ensureTopics } from '../sink/ensure-topics.js';
import type { KafkaConnection } from '../sink/kafka-connection.js';
import { ShardGate } from './shard-gate.js';
import { applyShardChange, shardMembership, type ShardChange } from './shard-membership.js';

/** An instance's part in its cluster: which instruments it serves, as Kafka decides, and what it says about it. */
export interface JoinedCluster {
  /** This instance's name in statuses: `--instance-id`, else host-pid. */
  readonly instanceId: string;
  readonly gate: ShardGate;
  /** The shards held after each change (none before the first assignment). Shares one group membership with `statuses$`. */
  readonly held$: Observable<ReadonlySet<number>>;
  /** `shard_assigned` and `shard_revoked`, one per shard; errors with `ClusterFencedError` when another process took this instance id. */
  readonly statuses$: Observable<FeedStatus>;
}

/** The consumer group and control topic of the cluster `name`. */
function clusterNames(name: string): { readonly groupId: string; readonly topic: string } {
  return { groupId: `market-feed.${name}`, topic: `market-feed.${name}.shards` };
}

/**
 * Joins the cluster `settings.name`: creates its control topic (one partition per shard) if it is
 * missing, then, once subscribed, takes part in its consumer group (`shardMembership`). The gate's
 * shards are set by whoever subscribes `held$` (the feed), synchronously with each change, so a
 * shard given up is closed before the group can give it to another instance.
 */
export async function joinCluster(options: {
  readonly settings: ClusterSettings & { readonly name: string };
  readonly kafka: Kafka;
  readonly connection: KafkaConnection;
  readonly replicationFactor: number;
  /** The venue statuses are stamped with (the primary). */
  readonly exchange: ExchangeId;
  readonly logger: Logger;
}): Promise<JoinedCluster> {
  const { settings, logger } = options;
  const { groupId, topic } = clusterNames(settings.name);
  await ensureTopics(options.kafka, [topic], { partitions: settings.shards, replicationFactor: options.replicationFactor }, logger);
  const instanceId = settings.instanceId ?? `${hostname()}-${process.pid}`;
  // Renewed at each poll of the group consumer; past the session timeout without one, it serves nothing until the group decides again.
  const gate = new ShardGate(settings.shards, settings.sessionTimeoutMs);
  const changes$ = shardMembership({
    onPoll: () => gate.renew(),
    connection: options.connection,
    logger,
    groupId,
    topic,
    sessionTimeoutMs: settings.sessionTimeoutMs,
    ...(settings.instanceId === undefined ? {} : { instanceId: settings.instanceId }),
  }).pipe(share());
  const statusOf = (change: ShardChange, shard: number): FeedStatus => ({
    type: 'feed_status',
    exchange: options.exchange,
    state: change.kind === 'assigned' ? 'shard_assigned' : 'shard_revoked',
    reason:
      change.kind === 'assigned'
        ? `${instanceId} serves cluster shard ${shard} of ${settings.shards}`
        : `${instanceId} stopped serving cluster shard ${shard} of ${settings.shards}${change.lost ? ' (lost: the group had already given it to another instance)' : ''}`,
    ts: Date.now(),
    instanceId,
    clusterShard: shard,
  });
  return {
    instanceId,
    gate,
    // Fenced out (`ClusterFencedError`): the last change gave everything up; the shards stay none.
    held$: changes$.pipe(scan(applyShardChange, new Set<number>() as ReadonlySet<number>), catchError(() => EMPTY)),
    statuses$: changes$.pipe(mergeMap((change) => change.shards.map((shard) => statusOf(change, shard)))),
  };
}
