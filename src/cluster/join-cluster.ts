import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Subject, asyncScheduler, type Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { Admin, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { ClusterSettings } from './cluster-options.js';
import type { ExchangeId } from '../model/index.js';
import { ensureTopics } from '../kafka/ensure-topics.js';
import type { KafkaConnection } from '../kafka/kafka-connection.js';
import type { PartitionReader } from '../kafka/partition-reader.js';
import type { ProducerPort } from '../kafka/producer-port.js';
import { openHandOverChannel, type HandOverChannel } from './hand-over-channel.js';
import { ShardGate } from './shard-gate.js';
import { DEFAULT_MAX_HELD_TRADES, ShardHandOvers } from './shard-hand-overs.js';
import { shardMembership, type ShardChange } from './shard-membership.js';

/** An instance's part in its cluster: which instruments it serves, as Kafka decides, and how shards change hands. */
export interface JoinedCluster {
  /** This instance's name in statuses and hand-over records: `--instance-id`, else host-pid. */
  readonly instanceId: string;
  readonly gate: ShardGate;
  /** The shards' states and hand-overs; the feed routes its events through `handOvers.gate()`. */
  readonly handOvers: ShardHandOvers;
  /** Takes part in the group from now on; `fail` hears why it cannot go on (`ClusterFencedError`: another process took this instance id). */
  start(fail: (error: Error) => void): void;
  /**
   * A planned stop: leaves the group, so the others take every shard, and goes on serving each until
   * its new owner says it is subscribed. Resolves once nothing is served here; after `timeoutMs`, the
   * shards not handed over yet stop, each saying so (`shard_revoked`, and a release naming no taker,
   * so that their next owners look for the hole).
   */
  leave(timeoutMs: number): Promise<void>;
  /** Ends the membership (a static member that did not `leave` keeps its shards for the session timeout) and the channel. */
  close(): Promise<void>;
}

/** How long a taker asking whether its previous owner is gone waits to have read the shard's latest records, ms. */
const CATCH_UP_TIMEOUT_MS = 2_000;
/** How long one ask whether a previous owner is gone may take, ms. */
const GONE_ASK_TIMEOUT_MS = 8_000;

/** The consumer group and control topic of the cluster `name`. */
function clusterNames(name: string): { readonly groupId: string; readonly topic: string } {
  return { groupId: `market-feed.${name}`, topic: `market-feed.${name}.shards` };
}

/**
 * Joins the cluster `settings.name`: creates its control topic (one partition per shard) if it is
 * missing, reads each shard's latest hand-over record, and, once started, takes part in its
 * consumer group (`shardMembership`), each change driving the shards' hand-overs
 * (`ShardHandOvers`, which sets the gate synchronously, so a shard lost is closed before the group
 * can give it to another instance).
 */
export async function joinCluster(options: {
  readonly settings: ClusterSettings & { readonly name: string };
  readonly kafka: Kafka;
  readonly connection: KafkaConnection;
  /** Makes the reader of the control topic's hand-over records. */
  readonly reader: () => PartitionReader;
  /** Makes the writer of hand-over records (the sink's kind of producer; not connected yet). */
  readonly producer: () => ProducerPort;
  readonly replicationFactor: number;
  /** The venue statuses are stamped with (the primary). */
  readonly exchange: ExchangeId;
  readonly logger: Logger;
  readonly scheduler?: SchedulerLike;
}): Promise<JoinedCluster> {
  const { settings, logger } = options;
  const { groupId, topic } = clusterNames(settings.name);
  await ensureTopics(options.kafka, [topic], { partitions: settings.shards, replicationFactor: options.replicationFactor }, logger);
  const instanceId = settings.instanceId ?? `${hostname()}-${process.pid}`;
  // Renewed at each poll of the group consumer; past the session timeout without one, it serves nothing until the group decides again.
  const gate = new ShardGate(settings.shards, settings.sessionTimeoutMs);
  const channel: HandOverChannel = await openHandOverChannel({
    reader: options.reader(),
    producer: options.producer(),
    topic,
    partitions: settings.shards,
    logger,
  });
  // A member's client id names its instance, so that a taker can ask whether the previous owner of a shard is still in the group.
  const memberClientId = (instance: string): string => `${options.connection.clientId}.${instance}`;
  let admin: Promise<Admin> | undefined;
  // A connection that failed is not kept: the next ask connects again.
  const adminClient = (): Promise<Admin> =>
    (admin ??= (async () => {
      const connected = options.kafka.admin();
      await connected.connect();
      return connected;
    })().catch((error: unknown) => {
      admin = undefined;
      throw error;
    }));
  // Connected now, not at the first takeover: a taker's first ask then costs its requests only.
  void adminClient().catch(() => undefined);
  /**
   * Gone: no member of the group, and every record of the shard written so far read, so that a
   * `releasing` it wrote before it left (a planned stop) has been heard.
   */
  const isGone = async (instance: string, shard: number): Promise<boolean> => {
    const client = await adminClient();
    const { groups } = await client.describeGroups([groupId]);
    if ((groups[0]?.members ?? []).some((member) => member.clientId === memberClientId(instance))) return false;
    const high = Number((await client.fetchTopicOffsets(topic)).find((entry) => entry.partition === shard)?.high ?? 0);
    for (const deadline = Date.now() + CATCH_UP_TIMEOUT_MS; channel.readUpTo(shard) < high - 1; await sleep(50)) {
      if (Date.now() > deadline) return false;
    }
    return true;
  };
  const handOvers = new ShardHandOvers({
    instanceId,
    gate,
    exchange: options.exchange,
    write: (record) => channel.write(record),
    timeoutMs: settings.handOverTimeoutMs,
    overlapMs: settings.handOverOverlapMs,
    maxHeldTrades: DEFAULT_MAX_HELD_TRADES,
    scheduler: options.scheduler ?? asyncScheduler,
    logger: logger.child({ component: 'cluster-hand-overs', instanceId }),
    // A failed question answers "not gone": the taker then waits out its time-out, as without one.
    // Each ask bounded (a broker slow to answer under load): a taker asks again a moment later.
    isGone: (instance, shard) =>
      Promise.race([
        isGone(instance, shard),
        sleep(GONE_ASK_TIMEOUT_MS, undefined, { ref: false }).then(() => Promise.reject(new Error(`no answer within ${GONE_ASK_TIMEOUT_MS} ms`))),
      ]).catch((error: unknown) => {
        logger.debug({ err: error, instance, shard }, 'could not tell whether the previous owner is gone; asking again');
        return false;
      }),
  });
  for (const record of channel.latest.values()) handOvers.record(record);
  const records = channel.records$.subscribe((record) => handOvers.record(record));
  const leave$ = new Subject<void>();
  const changes$: Observable<ShardChange> = shardMembership({
    onPoll: () => gate.renew(),
    connection: { ...options.connection, clientId: memberClientId(instanceId) },
    logger,
    groupId,
    topic,
    sessionTimeoutMs: settings.sessionTimeoutMs,
    leave$,
    ...(settings.instanceId === undefined ? {} : { instanceId: settings.instanceId }),
  });
  let membership: Subscription | undefined;
  return {
    instanceId,
    gate,
    handOvers,
    start(fail) {
      membership ??= changes$.subscribe({
        next: (change) => handOvers.change(change),
        error: (error: unknown) => fail(error instanceof Error ? error : new Error(String(error))),
      });
    },
    async leave(timeoutMs) {
      // Said before the group moves the shards: whoever is given one waits for this instance's release.
      handOvers.leaving(timeoutMs);
      await channel.flush(Math.min(timeoutMs, 5_000));
      leave$.next();
      const done = handOvers.empty();
      let left = false;
      void done.then(() => (left = true));
      // The last instance of its cluster hands over to nobody: once the group has no member, it stops at once.
      const lonely = (async () => {
        const admin = options.kafka.admin();
        try {
          await admin.connect();
          while (!left) {
            await sleep(500);
            const described = await admin.describeGroups([groupId]).catch(() => undefined);
            const members = described?.groups[0]?.members.length;
            if (members === 0) handOvers.releaseAll('no other instance is in the cluster');
          }
        } finally {
          await admin.disconnect().catch(() => undefined);
        }
      })().catch(() => undefined);
      await Promise.race([done, sleep(timeoutMs)]);
      left = true;
      await lonely;
      // This instance must go: what is still being handed over stops now, and says so.
      handOvers.stopping(`it stopped ${timeoutMs} ms after its stop began (cluster.leaveTimeoutMs) before a new owner said it is subscribed`);
      await channel.flush(5_000);
    },
    async close() {
      membership?.unsubscribe();
      records.unsubscribe();
      await channel.close();
      await admin?.then((connected) => connected.disconnect()).catch(() => undefined);
    },
  };
}
