import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Subject, asyncScheduler, type Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { Admin, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { standbyHoldMsOf, type ClusterSettings } from './cluster-options.js';
import type { ExchangeId } from '../model/index.js';
import type { ClusterShardView } from '../metrics/cluster-shard-metrics.js';
import { ensureTopics } from '../kafka/ensure-topics.js';
import type { KafkaConnection } from '../kafka/kafka-connection.js';
import type { PartitionReader } from '../kafka/partition-reader.js';
import type { ProducerPort } from '../kafka/producer-port.js';
import { settleWithin } from '../kafka/settle-within.js';
import { StaticMemberFences } from '../kafka/static-member-fences.js';
import { openHandOverChannel, type HandOverChannel } from './hand-over-channel.js';
import type { HandOverTrade } from './hand-over-records.js';
import { ShardGate } from './shard-gate.js';
import { DEFAULT_MAX_HELD_TRADES } from './shard-hand-over-states.js';
import { ShardHandOvers } from './shard-hand-overs.js';
import { shardMembership, type ShardChange } from './shard-membership.js';
import { standbyOf, standbyShards, type ClusterMember } from './standby-of.js';

/** An instance's part in its cluster: which instruments it serves, as Kafka decides, and how shards change hands. */
export interface JoinedCluster {
  /** This instance's name in statuses and hand-over records: `--instance-id`, else host-pid. */
  readonly instanceId: string;
  readonly gate: ShardGate;
  /** The shards' states and hand-overs; the feed routes its events through `handOvers.gate()`. */
  readonly handOvers: ShardHandOvers;
  /** Each shard's owner (the control topic) and standby (with standbys), and this instance's standby holds, now. */
  shards(): readonly ClusterShardView[];
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
/** How often an instance with standbys reads the group's members (to choose the standbys, and to find an owner gone), ms. */
const MEMBERS_POLL_MS = 1_000;

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
  /**
   * With standbys: the last trade per (venue, symbol) of a shard's instruments on the trades topic
   * (what a killed owner published), never rejecting. Default: none read.
   */
  readonly readLast?: (shard: number) => Promise<readonly HandOverTrade[]>;
}): Promise<JoinedCluster> {
  const { settings, logger } = options;
  const { groupId, topic } = clusterNames(settings.name);
  await ensureTopics(options.kafka, [topic], { partitions: settings.shards, replicationFactor: options.replicationFactor }, logger);
  const instanceId = settings.instanceId ?? `${hostname()}-${process.pid}`;
  // Renewed at each poll of the group consumer; past the session timeout without one, it serves nothing until the group decides again.
  const gate = new ShardGate(settings.shards, settings.sessionTimeoutMs, Date.now, 1 + settings.standbys);
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
  // The group's members as last read (with standbys), and the host of each instance seen, kept once it left.
  let members: readonly ClusterMember[] = [];
  const hosts = new Map<string, string>();
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
    ...(settings.standbys === 0
      ? {}
      : {
          standbyHoldMs: standbyHoldMsOf(settings),
          standbyOf: (owner: string) => standbyOf(owner, members, hosts),
          ...(options.readLast === undefined ? {} : { readLast: options.readLast }),
        }),
  });
  const instanceOf = (clientId: string): string | undefined =>
    clientId.startsWith(`${options.connection.clientId}.`) ? clientId.slice(options.connection.clientId.length + 1) : undefined;
  /** Reads the group's members, chooses the shards this instance stands by, and tells a standby whose owner is gone. */
  const followMembers = async (): Promise<void> => {
    const client = await adminClient();
    const { groups } = await client.describeGroups([groupId]);
    const seen: ClusterMember[] = [];
    for (const member of groups[0]?.members ?? []) {
      const instance = instanceOf(member.clientId);
      if (instance === undefined) continue;
      // The broker's view of the member's address ("/10.0.0.7"): instances on one host share it.
      const host = member.clientHost.replace(/^\//, '');
      if (host !== '') hosts.set(instance, host);
      seen.push({ instance, ...(host === '' ? {} : { host }) });
    }
    members = seen;
    // Before this instance is a member itself, the group is not its own yet: nothing stood by.
    if (!seen.some((member) => member.instance === instanceId)) return;
    handOvers.standBy(standbyShards(instanceId, handOvers.owners(), seen, hosts));
    handOvers.members(new Set(seen.map((member) => member.instance)));
  };
  let following: ReturnType<typeof setInterval> | undefined;
  let reading = false;
  const followEachSecond = (): void => {
    if (settings.standbys === 0 || following !== undefined) return;
    following = setInterval(() => {
      if (reading) return;
      reading = true;
      followMembers()
        .catch((error: unknown) => logger.debug({ err: error }, 'could not read the cluster group members; standbys unchanged'))
        .finally(() => (reading = false));
    }, MEMBERS_POLL_MS);
    following.unref();
  };
  const stopFollowing = (): void => {
    clearInterval(following);
    following = undefined;
  };
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
    ...(settings.instanceId === undefined
      ? {}
      : {
          instanceId: settings.instanceId,
          // Fenced by its own join (the coordinator moved while answering it), a member joins again; twice soon, another process has its id.
          fences: new StaticMemberFences(StaticMemberFences.windowFor(settings.sessionTimeoutMs)),
        }),
  });
  let membership: Subscription | undefined;
  return {
    instanceId,
    gate,
    handOvers,
    shards() {
      const holds = handOvers.standbys();
      return [...handOvers.owners()].map(([shard, owner]) => {
        const standby = settings.standbys === 0 ? undefined : standbyOf(owner, members, hosts);
        const reach = holds.get(shard)?.reachMs;
        return { shard, owner, ...(standby === undefined ? {} : { standby }), ...(reach === undefined ? {} : { holdReachMs: reach }) };
      });
    },
    start(fail) {
      membership ??= changes$.subscribe({
        next: (change) => handOvers.change(change),
        error: (error: unknown) => fail(error instanceof Error ? error : new Error(String(error))),
      });
      followEachSecond();
    },
    async leave(timeoutMs) {
      stopFollowing();
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
      await settleWithin(done, timeoutMs);
      left = true;
      await lonely;
      // This instance must go: what is still being handed over stops now, and says so.
      handOvers.stopping(`it stopped ${timeoutMs} ms after its stop began (cluster.leaveTimeoutMs) before a new owner said it is subscribed`);
      await channel.flush(5_000);
    },
    async close() {
      stopFollowing();
      membership?.unsubscribe();
      records.unsubscribe();
      handOvers.close();
      await channel.close();
      await admin?.then((connected) => connected.disconnect()).catch(() => undefined);
    },
  };
}
