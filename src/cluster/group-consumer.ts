import type { Logger } from 'pino';
import type { LibrdkafkaProperties } from '../kafka/librdkafka-consumer-config.js';
import { codeOf, isFatal, messageOf, withCode } from '../kafka/librdkafka-errors.js';
import { routeLibrdkafkaLogs } from '../kafka/librdkafka-log-router.js';
import { loadNativeKafka } from '../kafka/native-kafka.js';
import { whileClosing } from '../kafka/native-handles.js';
import type { KafkaConnection } from '../kafka/kafka-connection.js';

/** librdkafka's `ERR__ASSIGN_PARTITIONS` and `ERR__REVOKE_PARTITIONS`, the codes of a rebalance event. */
const ASSIGN_PARTITIONS = -175;
const REVOKE_PARTITIONS = -174;

interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

interface MemberConsumer {
  on(event: 'event.log', listener: (log: unknown) => void): unknown;
  on(event: 'event.error', listener: (error: unknown) => void): unknown;
  on(event: 'rebalance', listener: (error: unknown, assignment: readonly TopicPartition[]) => void): unknown;
  connect(options: { readonly timeout: number }, callback: (error: unknown) => void): void;
  subscribe(topics: string[]): void;
  unsubscribe(): void;
  consume(count: number, callback: (error: unknown) => void): void;
  setDefaultConsumeTimeout(timeoutMs: number): void;
  assignmentLost(): boolean;
  disconnect(callback: () => void): void;
}

type MemberConsumerClass = new (properties: LibrdkafkaProperties, topicProperties: LibrdkafkaProperties) => MemberConsumer;

/** A change of the shards this member serves, in the order the group decided them (never empty). */
export type ShardChange =
  | { readonly kind: 'assigned'; readonly shards: readonly number[] }
  /** `lost`: the group already gave them to another member (this one missed its session timeout, or was fenced). */
  | { readonly kind: 'revoked'; readonly shards: readonly number[]; readonly lost: boolean };

/** One consumer's part in the group: left on a planned stop, closed at a fence or at the end. */
export interface GroupConsumer {
  /** Leaves the group at once (now, or as soon as it has subscribed); the revokes come on the polls after it. */
  leave(): void;
  close(): void;
}

export interface JoinGroupOptions {
  /** The consumer's librdkafka properties (`membershipProperties`). */
  readonly properties: LibrdkafkaProperties;
  /** The membership's settings this consumer uses (`ShardMembershipConfig`). */
  readonly config: {
    readonly logger: Logger;
    readonly groupId: string;
    readonly topic: string;
    readonly connection: KafkaConnection;
    readonly connectTimeoutMs: number;
    readonly pollIntervalMs: number;
    readonly onPoll?: () => void;
  };
  /** The membership's logger. */
  readonly log: Logger;
  /** The instance's first consumer (said on joining). */
  readonly first: boolean;
  /** The shards the membership holds now (said on leaving). */
  readonly held: () => readonly number[];
  /** Whether the instance is leaving: a consumer that connects then leaves at once. */
  readonly leaving: () => boolean;
  /** The group's decisions for this consumer's shards, as they come. */
  readonly changed: (change: ShardChange) => void;
  /** The group fenced this consumer out (librdkafka's fatal error); it is closed already. */
  readonly fenced: (message: string) => void;
  /** The consumer could not connect (`cannot` says to what); it is closed already. */
  readonly cannotConnect: (cannot: string, error: unknown) => void;
}

/**
 * One librdkafka consumer in the cluster's group, subscribed to the control topic: polled from this
 * event loop every `pollIntervalMs` (rebalances are delivered on a poll), each rebalance of the
 * topic's partitions told as a shard change (a revoke marked lost when the group had already moved
 * them), a fatal error told as a fence. Nothing is told once it is closed.
 */
export function joinGroup(options: JoinGroupOptions): GroupConsumer {
  const { config, log } = options;
  const KafkaConsumer = loadNativeKafka<{ readonly KafkaConsumer: MemberConsumerClass }>(['KafkaConsumer']).KafkaConsumer;
  const consumer = new KafkaConsumer(options.properties, {});
  routeLibrdkafkaLogs(consumer, config.logger);
  let closed = false;
  let poll: NodeJS.Timeout | undefined;
  let polling = false;
  let lastPollError: string | undefined;
  let subscribed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    if (poll !== undefined) clearInterval(poll);
    void whileClosing('the cluster membership consumer', new Promise<void>((resolve) => consumer.disconnect(() => resolve())));
  };
  const fatal = (message: string): void => {
    if (closed) return;
    close();
    options.fenced(message);
  };
  consumer.on('event.error', (error) => {
    if (isFatal(error)) fatal(messageOf(error));
  });
  consumer.on('event.log', (event) => {
    const { fac, message } = typeof event === 'object' && event !== null ? (event as { fac?: unknown; message?: unknown }) : {};
    if (fac === 'FATAL') fatal(String(message));
  });
  consumer.on('rebalance', (error, assignment) => {
    if (closed) return;
    const shards = assignment
      .filter((entry) => entry.topic === config.topic)
      .map((entry) => entry.partition)
      .sort((a, b) => a - b);
    const code = codeOf(error);
    // A cooperative rebalance tells every member, also those whose shards do not change: nothing to say then.
    if ((code === ASSIGN_PARTITIONS || code === REVOKE_PARTITIONS) && shards.length === 0) return;
    if (code === ASSIGN_PARTITIONS) {
      log.info({ shards }, 'shards assigned');
      options.changed({ kind: 'assigned', shards });
    } else if (code === REVOKE_PARTITIONS) {
      const lost = consumer.assignmentLost();
      log.warn({ shards, lost }, lost ? 'shards lost: the group gave them to another member' : 'shards revoked');
      options.changed({ kind: 'revoked', shards, lost });
    } else {
      log.error({ err: withCode(error) }, 'rebalance failed');
    }
  });
  // A planned leave: the group is left at once (before it is polled for the last time), the revokes come on the polls after it.
  const leave = (): void => {
    if (closed || !subscribed) return;
    subscribed = false;
    log.info({ shards: options.held() }, "leaving the cluster: the group moves this instance's shards to the others");
    consumer.unsubscribe();
  };
  consumer.connect({ timeout: config.connectTimeoutMs }, (error) => {
    if (closed) return;
    if (error !== null && error !== undefined) {
      close();
      options.cannotConnect(`cannot join cluster group ${config.groupId} on ${config.connection.brokers.join(',')}: ${messageOf(error)}`, error);
      return;
    }
    consumer.setDefaultConsumeTimeout(0);
    consumer.subscribe([config.topic]);
    subscribed = true;
    log.info({ topic: config.topic }, options.first ? 'joining the cluster' : 'joining the cluster again');
    if (options.leaving()) leave();
    poll = setInterval(() => {
      config.onPoll?.();
      if (polling || closed) return;
      polling = true;
      // What a poll reads is not used (the hand-over channel reads the control topic's records): it serves the heartbeat's rebalances to this loop.
      consumer.consume(1, (error) => {
        polling = false;
        // Errors of the subscription itself (its topic unknown to the brokers, say): librdkafka goes on trying; said once each.
        const message = error === null || error === undefined ? undefined : messageOf(error);
        if (message !== undefined && message !== lastPollError) log.warn({ err: withCode(error) }, `cluster membership: ${message}; still trying`);
        lastPollError = message;
      });
    }, config.pollIntervalMs);
  });
  return { leave, close };
}
