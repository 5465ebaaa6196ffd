import { FeedError } from '../model/feed-error.js';
import { Observable } from 'rxjs';
import type { Logger } from 'pino';
import type { KafkaConnection } from '../kafka/kafka-connection.js';
import { consumerProperties, type LibrdkafkaProperties } from '../kafka/librdkafka-consumer-config.js';
import { withCode } from '../kafka/librdkafka-errors.js';
import type { StaticMemberFences } from '../kafka/static-member-fences.js';
import { joinGroup, type GroupConsumer, type ShardChange } from './group-consumer.js';

/** How an instance takes part in its cluster's consumer group. */
export interface ShardMembershipConfig {
  readonly connection: KafkaConnection;
  readonly logger: Logger;
  /** The consumer group (`market-feed.<cluster>`). */
  readonly groupId: string;
  /** The control topic: one partition per shard. */
  readonly topic: string;
  /** `group.instance.id`: a restart within the session timeout moves no shard. Default none (a dynamic member). */
  readonly instanceId?: string;
  /** Without a heartbeat for this long the group gives the member's shards to others, ms. Default 12,000. */
  readonly sessionTimeoutMs: number;
  /** Heartbeats every this long, ms (librdkafka's own thread). Default a quarter of the session timeout. */
  readonly heartbeatIntervalMs?: number;
  /** A member whose event loop does not poll for this long leaves the group, ms. Default 15,000. */
  readonly maxPollIntervalMs: number;
  /** How often the event loop polls the consumer (rebalances are delivered on a poll), ms. Default 200. */
  readonly pollIntervalMs: number;
  /** Connecting gives up after this long, ms. Default 10,000. */
  readonly connectTimeoutMs: number;
  /** Called at each poll of the consumer from the event loop (the membership is alive). Default none. */
  readonly onPoll?: () => void;
  /**
   * Emits once this instance is to leave the group while still serving (a planned stop): the
   * consumer unsubscribes, so the group moves every shard to the others at once (a static member
   * too), each shard revoked here (not lost) first. Default: never.
   */
  readonly leave$?: Observable<void>;
  /**
   * Judges each time the group fences this static member out (librdkafka's fatal error): `rejoin`, a
   * new consumer joins with the same instance id (the fence came of this member's own join, whose
   * answer was lost while the coordinator moved), or `stop`, the membership ends with
   * `ClusterFencedError` (another process holds the id). Default: none, every fence stops.
   */
  readonly fences?: StaticMemberFences;
}

export const DEFAULT_SHARD_MEMBERSHIP_CONFIG = {
  sessionTimeoutMs: 12_000,
  maxPollIntervalMs: 15_000,
  pollIntervalMs: 200,
  connectTimeoutMs: 10_000,
} as const satisfies Partial<ShardMembershipConfig>;

export type { ShardChange } from './group-consumer.js';

/** This instance was fenced out of its group: another process joined with its instance id (the newer one serves). */
export class ClusterFencedError extends FeedError<{ readonly groupId: string; readonly instanceId: string | undefined; readonly detail: string }> {
  constructor(
    readonly groupId: string,
    readonly instanceId: string | undefined,
    readonly detail: string,
  ) {
    super(
      `another instance joined cluster group ${groupId} with instance id ${instanceId ?? '(none)'} and serves its shards now; this one stopped serving them (${detail})`,
      false,
      { groupId, instanceId, detail },
    );
  }
}

/** How long a member joining again after a fence waits before it tries again when it cannot connect, ms. */
const REJOIN_RETRY_MS = 1_000;

/** How often a member refreshes the metadata of the control topic it subscribed, ms (librdkafka's default: 5 minutes). */
const SUBSCRIBED_TOPIC_REFRESH_MS = 5_000;

/** The group membership properties of a member (on top of `consumerProperties`). */
export function membershipProperties(config: ShardMembershipConfig): LibrdkafkaProperties {
  return {
    // Its fetches read nothing it uses (the hand-over records are read elsewhere): librdkafka's default wait, not a shorter one.
    ...consumerProperties(config.connection, { groupId: config.groupId, fetchWaitMs: 500, requestTimeoutMs: config.connectTimeoutMs }),
    // Moves only the shards that must move when a member joins or leaves; the others keep serving.
    'partition.assignment.strategy': 'cooperative-sticky',
    'session.timeout.ms': config.sessionTimeoutMs,
    'heartbeat.interval.ms': config.heartbeatIntervalMs ?? Math.max(100, Math.floor(config.sessionTimeoutMs / 4)),
    'max.poll.interval.ms': config.maxPollIntervalMs,
    ...(config.instanceId === undefined ? {} : { 'group.instance.id': config.instanceId }),
    // The package assigns incrementally and emits `rebalance` before it does (see shardMembership).
    rebalance_cb: true,
    // A control topic created just before the join may not be known yet to the broker asked for its
    // metadata: the group then assigns no shard at all, until librdkafka refreshes the metadata of
    // the topic it subscribed (default every 5 minutes) and rejoins with its partitions.
    'topic.metadata.refresh.interval.ms': SUBSCRIBED_TOPIC_REFRESH_MS,
  };
}

/**
 * This instance's membership of its cluster's consumer group, as the changes of the shards it
 * serves: one librdkafka consumer subscribed to the control topic (whose partitions are the shards),
 * cooperative-sticky, heartbeating on librdkafka's own thread and polled from this event loop (so a
 * wedged loop loses its shards after `maxPollIntervalMs`). A revoke is emitted before the consumer
 * gives the shards up, so a subscriber that stops serving them synchronously has stopped before
 * another member is assigned them; when librdkafka enforced the session timeout itself (the
 * coordinator out of reach), or the member was fenced, the revoke says `lost`. A fenced member then
 * joins again with a new consumer, unless `fences` says another process holds its instance id.
 * Unsubscribing leaves the group (a static member only closes: its shards wait out the session
 * timeout for its return). Errors: the package cannot be loaded, the brokers cannot be reached within
 * `connectTimeoutMs` at the first join, or another process took the instance id (`ClusterFencedError`).
 */
export function shardMembership(
  options: Partial<ShardMembershipConfig> & Pick<ShardMembershipConfig, 'connection' | 'logger' | 'groupId' | 'topic'>,
): Observable<ShardChange> {
  const config: ShardMembershipConfig = { ...DEFAULT_SHARD_MEMBERSHIP_CONFIG, ...options };
  const log = config.logger.child({
    component: 'cluster',
    group: config.groupId,
    ...(config.instanceId === undefined ? {} : { instanceId: config.instanceId }),
  });
  return new Observable<ShardChange>((subscriber) => {
    const held = new Set<number>();
    let leaving = false;
    let member: GroupConsumer | undefined;
    let retry: NodeJS.Timeout | undefined;
    const tell = (change: ShardChange): void => {
      for (const shard of change.shards) {
        if (change.kind === 'assigned') held.add(shard);
        else held.delete(shard);
      }
      subscriber.next(change);
    };
    // Cleared when the membership ends (its teardown runs on an error too).
    const later = (step: () => void): void => {
      retry = setTimeout(step, REJOIN_RETRY_MS);
    };
    /**
     * A fence: every shard held is given up at once (lost), then the fence is judged: this member's
     * own join (it joins again as a new member) or another process with its instance id (it stops).
     */
    const fenced = (message: string): void => {
      const shards = [...held].sort((a, b) => a - b);
      if (shards.length > 0) tell({ kind: 'revoked', shards, lost: true });
      const verdict = config.fences?.judge() ?? 'stop';
      const fences = config.fences === undefined ? {} : { rejoins: config.fences.rejoins, windowMs: config.fences.windowMs };
      if (verdict === 'stop') {
        log.error({ shards, ...fences }, `shards lost: fenced out of the cluster by another instance with this instance id: ${message}`);
        subscriber.error(new ClusterFencedError(config.groupId, config.instanceId, message));
      } else if (leaving) {
        log.warn({ shards }, `shards lost: fenced out of the cluster while leaving it; not joining again (${message})`);
      } else {
        log.warn(
          { shards, ...fences },
          `shards lost: fenced out of the cluster; joining again as a new member, as after its own join whose answer was lost (a second fence within the window stops it: another process has this instance id) (${message})`,
        );
        member = join(false);
      }
    };
    /** A consumer in the group, from its connect to its fence or close. */
    const join = (first: boolean): GroupConsumer =>
      joinGroup({
        properties: membershipProperties(config),
        config,
        log,
        first,
        held: () => [...held],
        leaving: () => leaving,
        changed: tell,
        fenced,
        cannotConnect: (cannot, error) => {
          if (first) {
            subscriber.error(new Error(cannot, { cause: withCode(error) }));
            return;
          }
          // Joining again after a fence: the brokers are there (they just answered), so it goes on trying.
          log.warn({ err: withCode(error) }, `${cannot}; trying again`);
          later(() => (member = join(false)));
        },
      });
    member = join(true);
    const leaves = config.leave$?.subscribe(() => {
      leaving = true;
      member?.leave();
    });
    return () => {
      leaves?.unsubscribe();
      if (retry !== undefined) clearTimeout(retry);
      member?.close();
    };
  });
}

/** The shards held after each change, from an initial set. */
export function applyShardChange(held: ReadonlySet<number>, change: ShardChange): ReadonlySet<number> {
  const next = new Set(held);
  if (change.kind === 'assigned') for (const shard of change.shards) next.add(shard);
  else for (const shard of change.shards) next.delete(shard);
  return next;
}
