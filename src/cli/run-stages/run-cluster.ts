import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { batchedRead } from '../../cluster/batched-read.js';
import { gapHandovers } from '../../cluster/gap-handovers.js';
import { handOverTrade } from '../../cluster/hand-over-cuts.js';
import { shardOf } from '../../cluster/shard-of.js';
import { joinCluster, type JoinedCluster } from '../../cluster/join-cluster.js';
import { ConfigError } from '../../config/load-config.js';
import type { MarketFeedConfig } from '../../config/market-feed-config.js';
import { choosePartitionReader } from '../../kafka/choose-partition-reader.js';
import { createProducer } from '../../kafka/create-producer.js';
import { kafkaConnectionOf } from '../../kafka/kafka-client.js';
import { loadNativeKafka, NATIVE_KAFKA_INSTALL, NATIVE_KAFKA_PACKAGE } from '../../kafka/native-kafka.js';
import type { ClusterShardSource } from '../../metrics/cluster-shard-metrics.js';
import { instrumentOf, type FeedRecord } from '../../model/index.js';
import { deliveredBefore, type SinkDelivery } from '../../sink/sink-delivery.js';
import type { FeedCluster } from '../../pipeline/stages/cluster-stage.js';
import { UsageError } from '../command.js';
import type { GapSeeds } from './gap-seeds.js';

/** This process's part in its cluster, when it is an instance of one. */
export interface RunCluster {
  /** What the feed needs of the cluster (its gate, hand-overs and their statuses); absent outside a cluster. */
  readonly feed?: FeedCluster;
  /** Each cluster shard's owner and standby, and this instance's standby holds, for the metrics (none outside a cluster). */
  readonly shards?: ClusterShardSource;
  /** A status stamped with the instance that sent it (in a cluster). */
  stamp(record: FeedRecord): FeedRecord;
  /** Takes part in the group once the feed runs; `fail` is told when the instance cannot go on (fenced out). */
  start(fail: (reason: Error) => void): void;
  /** A planned stop: the others take its shards, each served here until handed over (at most `timeoutMs`). */
  leave(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Checked with the settings, before anything starts: an instance of a cluster joins its group with
 * librdkafka's consumer (`src/cluster/shard-membership.ts`: cooperative-sticky rebalances, static
 * membership by `group.instance.id`, heartbeats on librdkafka's own thread; kafkajs has none of
 * them), so `run --cluster` needs the optional package. Without it the run would start its feed and
 * stop once it tried to join; instead it is told at once, as an invalid setting is (exit 2), in one
 * line naming the package and how to install it. `load` loads the package (a seam for specs).
 */
export function requireClusterClient(config: Pick<MarketFeedConfig, 'cluster'>, load: () => unknown = () => loadNativeKafka(['KafkaConsumer'])): void {
  if (config.cluster.name === undefined) return;
  try {
    load();
  } catch (error) {
    // Node's own reason (`Cannot find module ...`), its first line: the require stack follows it.
    const why: unknown = error instanceof Error && error.cause !== undefined ? error.cause : error;
    const reason = (why instanceof Error ? why.message : String(why)).split('\n')[0] ?? '';
    throw new UsageError(
      'cluster.name',
      `a cluster's instances join its group through librdkafka, and the optional package ${NATIVE_KAFKA_PACKAGE} cannot be loaded here (${reason}); install it with ${NATIVE_KAFKA_INSTALL}, or run without --cluster`,
      { cause: error },
    );
  }
}

const NO_CLUSTER: RunCluster = {
  stamp: (record) => record,
  start: () => undefined,
  leave: () => Promise.resolve(),
  close: () => Promise.resolve(),
};

/**
 * Stage 3 of `run`: joins `cluster.name` on the Kafka sink's brokers, if configured. Shards taken
 * and given up are published by the feed (with the shard's instruments, which the windows read)
 * and told to gap detection, seeded with the last trades read back, so that a hand-over's hole is
 * named like a restart's.
 */
export async function runCluster(options: {
  readonly config: MarketFeedConfig;
  readonly kafka: Kafka | undefined;
  readonly seeds: GapSeeds;
  /** How delivery to Kafka stands (the Kafka sink's): a hand-over's read back waits for this instance's own writes. */
  readonly delivery?: () => SinkDelivery;
  readonly logger: Logger;
}): Promise<RunCluster> {
  const { config, kafka, delivery, logger } = options;
  const { name } = config.cluster;
  if (name === undefined) return NO_CLUSTER;
  if (kafka === undefined) throw new ConfigError('cluster.name', 'configuration', 'the Kafka sink (sink kafka): a cluster is coordinated by Kafka');
  const cluster: JoinedCluster = await joinCluster({
    settings: { ...config.cluster, name },
    kafka,
    connection: kafkaConnectionOf(config, `${config.kafka.clientId}-cluster`),
    reader: choosePartitionReader({ connection: kafkaConnectionOf(config, `${config.kafka.clientId}-hand-overs`), logger }),
    producer: () => createProducer(config, kafka, logger.child({ component: 'cluster-hand-overs' })),
    replicationFactor: config.kafka.replicationFactor,
    exchange: config.venues[0],
    logger,
    // A standby taking a killed owner's shard cuts what it held at the owner's last trades published.
    ...(config.cluster.standbys > 0 && options.seeds.active
      ? {
          // One read of the trades topic for the shards taken over together, not one a shard.
          readLast: batchedRead(
            async (shards) =>
              (await options.seeds.readLast({ accept: (trade) => shards.has(shardOf(instrumentOf(trade), config.cluster.shards)), requireComplete: true })).map(
                handOverTrade,
              ),
            (trade) => shardOf(trade.instrument, config.cluster.shards),
          ),
        }
      : {}),
  });
  const { handOvers } = cluster;
  const handovers$ = gapHandovers({
    moves$: handOvers.moves$,
    shards: config.cluster.shards,
    // Read in full or read again: a partition not read would make its busy symbols look never published.
    ...(options.seeds.active ? { readLastTrades: (accept) => options.seeds.readLast({ accept, requireComplete: true }) } : {}),
    ...(delivery === undefined ? {} : { deliveredBefore: (at: number) => deliveredBefore(delivery(), at) }),
    logger: logger.child({ component: 'cluster-hand-overs' }),
  });
  return {
    feed: { gate: cluster.gate, handOvers, held$: handOvers.planned$, statuses$: handOvers.statuses$, handovers$ },
    shards: { views: () => cluster.shards() },
    stamp: (record) => (record.type !== 'feed_status' || record.instanceId !== undefined ? record : { ...record, instanceId: cluster.instanceId }),
    start: (fail) => cluster.start(fail),
    leave: (timeoutMs) => cluster.leave(timeoutMs),
    close: () => cluster.close(),
  };
}
