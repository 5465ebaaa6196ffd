import type { Logger } from 'pino';
import type { KafkaConnection } from '../kafka/kafka-connection.js';
import { consumerProperties, type LibrdkafkaProperties } from '../kafka/librdkafka-consumer-config.js';
import { codeOf, isFatal, messageOf, withCode } from '../kafka/librdkafka-errors.js';
import { routeLibrdkafkaLogs } from '../kafka/librdkafka-log-router.js';
import { recordOf, type RawMessage } from '../kafka/librdkafka-reader.js';
import { leaveOpen, whileClosing } from '../kafka/native-handles.js';
import { loadNativeKafka } from '../kafka/native-kafka.js';
import type { ReadRecord } from '../kafka/partition-reader.js';
import { settleWithin } from '../kafka/settle-within.js';

/** A record as the archive reads it: a partition reader's record. */
export type ArchiveMessage = ReadRecord;

export interface TopicPartitionOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/** What the group tells the archive, delivered during `consume`. */
export interface ArchiveConsumerEvents {
  assigned(partitions: readonly { readonly topic: string; readonly partition: number }[]): void;
  /** Resolves once they can be given up (no segment of theirs is being written); `lost` when the group already gave them away. */
  revoked(partitions: readonly { readonly topic: string; readonly partition: number }[], lost: boolean): Promise<void> | void;
  committed(results: readonly (TopicPartitionOffset & { readonly error?: string })[]): void;
  /** The member cannot go on (fenced by another with its instance id): nothing more may be written. */
  fatal(reason: string): void;
}

/** The archive's consumer-group membership and reads. */
export interface ArchiveConsumer {
  /** Up to `max` records, waiting a short while for them; rebalances and commit outcomes are delivered meanwhile. */
  consume(max: number): Promise<readonly ArchiveMessage[]>;
  /** Asks to commit; the outcome comes to `committed`. */
  commit(offsets: readonly TopicPartitionOffset[]): void;
  /** A partition's committed offset (undefined when none), and its first record kept. */
  resumeOffset(topic: string, partition: number): Promise<{ readonly committed: number | undefined; readonly low: number }>;
  /** Reads a partition from `offset` on. */
  seek(topic: string, partition: number, offset: number): Promise<void>;
  /** Leaves the group and closes the client (a member fenced out, before another joins in its place). */
  close(): Promise<void>;
  /**
   * The member's last act before its process ends: a dynamic member closes (librdkafka's close leaves
   * the group, so its partitions move at once). A static member does not leave its group on close
   * (KIP-345: its partitions wait for its session timeout, or for its restart under the same id), so
   * its close would only risk a wait on the group coordinator: its client is left to end with the process.
   */
  end(): Promise<void>;
}

export interface ArchiveConsumerConfig {
  readonly connection: KafkaConnection;
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly logger: Logger;
  /** A member silent this long loses its partitions, ms. */
  readonly sessionTimeoutMs: number;
  /** A member that does not poll for this long (a segment written for longer) leaves the group, ms. */
  readonly maxPollIntervalMs: number;
  /** `group.instance.id` (a static member), or none. */
  readonly instanceId?: string;
  /** What the member does, in its logs and errors (`archive`, `questdb`); default `archive`. */
  readonly role?: string;
}

interface NativeConsumer {
  on(event: 'event.log', listener: (log: unknown) => void): unknown;
  on(event: 'event.error', listener: (error: unknown) => void): unknown;
  on(event: 'offset.commit', listener: (error: unknown, partitions: readonly (TopicPartitionOffset & { readonly error?: unknown })[]) => void): unknown;
  connect(options: { readonly timeout: number }, callback: (error: unknown) => void): void;
  subscribe(topics: string[]): void;
  consume(count: number, callback: (error: unknown, messages: readonly RawMessage[]) => void): void;
  setDefaultConsumeTimeout(timeoutMs: number): void;
  commit(partitions: TopicPartitionOffset[]): void;
  setDefaultIsTimeoutOnlyForFirstMessage(only: boolean): void;
  committed(
    partitions: { topic: string; partition: number }[],
    timeoutMs: number,
    callback: (error: unknown, partitions: readonly TopicPartitionOffset[]) => void,
  ): void;
  queryWatermarkOffsets(
    topic: string,
    partition: number,
    timeoutMs: number,
    callback: (error: unknown, offsets: { readonly lowOffset: number; readonly highOffset: number }) => void,
  ): void;
  seek(partition: TopicPartitionOffset, timeoutMs: number, callback: (error: unknown) => void): void;
  incrementalAssign(partitions: TopicPartitionOffset[]): void;
  incrementalUnassign(partitions: TopicPartitionOffset[]): void;
  assignmentLost(): boolean;
  disconnect(callback: () => void): void;
}

/** librdkafka properties, and a rebalance callback the package calls instead of answering rebalances itself. */
type NativeConsumerProperties = Record<string, string | number | boolean | ((error: unknown, assignment: readonly TopicPartitionOffset[]) => void)>;

type NativeConsumerClass = new (properties: NativeConsumerProperties, topicProperties: LibrdkafkaProperties) => NativeConsumer;

const ASSIGN_PARTITIONS = -175;
const REVOKE_PARTITIONS = -174;
/** librdkafka's offset for a partition with no committed offset (`RD_KAFKA_OFFSET_INVALID`). */
const NO_OFFSET = -1001;
/** A request for offsets or a seek gives up after this long, ms (and is tried again). */
const REQUEST_TIMEOUT_MS = 10_000;
/**
 * How long a stop waits for librdkafka's close, ms. A close can hang on a group coordinator out of
 * reach; nothing is lost by not waiting (written segments are committed or in the journal, the rest
 * is read again by the partitions' next owner), so the stop does not.
 */
const CLOSE_WAIT_MS = 10_000;

/**
 * Closes with `disconnect` (registered while it runs: see native-handles.ts), resolving when it calls
 * back or after `waitMs` (having called `late`), whichever comes first.
 */
export async function closeWithin(what: string, disconnect: (done: () => void) => void, waitMs: number, late: () => void): Promise<void> {
  const closed = await settleWithin(whileClosing(what, new Promise<void>((done) => disconnect(done))), waitMs);
  if (closed.kind === 'late') late();
}

/** The same client error is logged at most this often, ms. */
const REPEAT_MS = 60_000;
/** How long one poll waits for records, ms. */
const POLL_WAIT_MS = 200;

/** The part of the binding a rebalance is answered with. */
export type RebalancedConsumer = Pick<NativeConsumer, 'incrementalAssign' | 'incrementalUnassign' | 'assignmentLost'>;

/**
 * The group's changes, answered: an assignment at once, a revoke once no segment of it is being
 * written. The answer to a revoke comes later, so the binding may refuse it then (the consumer
 * closed or fenced meanwhile): that is said, and the member goes on stopping, never a crash.
 */
export function answerRebalances(
  consumer: RebalancedConsumer,
  events: Pick<ArchiveConsumerEvents, 'assigned' | 'revoked'>,
  log: { warn(fields: object, message: string): void; error(fields: object, message: string): void },
): (error: unknown, assignment: readonly TopicPartitionOffset[]) => void {
  const unassign = (assignment: readonly TopicPartitionOffset[]): void => {
    try {
      consumer.incrementalUnassign([...assignment]);
    } catch (cause) {
      log.warn({ err: withCode(cause), partitions: assignment.length }, 'revoked partitions not given back: the consumer is closing or left the group');
    }
  };
  return (error, assignment) => {
    const partitions = assignment.map(({ topic, partition }) => ({ topic, partition }));
    const code = codeOf(error);
    try {
      if (code === ASSIGN_PARTITIONS) {
        consumer.incrementalAssign([...assignment]);
        if (partitions.length > 0) events.assigned(partitions);
      } else if (code === REVOKE_PARTITIONS) {
        const lost = consumer.assignmentLost();
        void Promise.resolve(partitions.length > 0 ? events.revoked(partitions, lost) : undefined)
          .catch((cause: unknown) => log.error({ err: cause }, 'revoke failed'))
          .finally(() => unassign(assignment));
      } else log.error({ err: withCode(error) }, 'rebalance failed');
    } catch (cause) {
      log.error({ err: cause }, 'rebalance failed');
    }
  };
}

/**
 * A librdkafka consumer-group member (cooperative-sticky: a member joining or leaving moves only
 * the partitions that must move) over the archived topics, committing only what it is told to.
 * Rebalances and commit outcomes reach `events` on this event loop whenever the binding passes them
 * on (during a segment's writing too). A revoke is answered (the partitions given up) only once
 * `events.revoked` resolves, so the group waits for a segment being written to be committed before
 * another member is given its partition.
 */
export async function connectArchiveConsumer(config: ArchiveConsumerConfig, events: ArchiveConsumerEvents): Promise<ArchiveConsumer> {
  const KafkaConsumer = loadNativeKafka<{ readonly KafkaConsumer: NativeConsumerClass }>(['KafkaConsumer']).KafkaConsumer;
  const role = config.role ?? 'archive';
  const log = config.logger.child({ component: `${role}-consumer`, group: config.groupId });
  const consumer = new KafkaConsumer(
    {
      ...consumerProperties(config.connection, { groupId: config.groupId, fetchWaitMs: 100, requestTimeoutMs: 10_000 }),
      'partition.assignment.strategy': 'cooperative-sticky',
      'session.timeout.ms': config.sessionTimeoutMs,
      'max.poll.interval.ms': config.maxPollIntervalMs,
      ...(config.instanceId === undefined ? {} : { 'group.instance.id': config.instanceId }),
      rebalance_cb: (error: unknown, assignment: readonly TopicPartitionOffset[]) => rebalance(error, assignment),
      offset_commit_cb: true,
      'topic.metadata.refresh.interval.ms': 5_000,
    },
    // A partition with no committed offset is read from its first record kept (a topic property for the group's reads).
    { 'auto.offset.reset': 'earliest' },
  );
  const rebalance = answerRebalances(consumer, events, log);
  routeLibrdkafkaLogs(consumer, config.logger);
  // librdkafka repeats a transport error at each retry: each is said once a minute.
  const said = new Map<string, number>();
  consumer.on('event.error', (error) => {
    const message = messageOf(error);
    if (isFatal(error)) events.fatal(message);
    else if (Date.now() - (said.get(message) ?? -Infinity) >= REPEAT_MS) {
      said.set(message, Date.now());
      log.warn({ err: withCode(error) }, `${role} consumer: ${message}`);
    }
  });
  consumer.on('event.log', (event) => {
    const { fac, message } = typeof event === 'object' && event !== null ? (event as { fac?: unknown; message?: unknown }) : {};
    if (fac === 'FATAL') events.fatal(String(message));
  });
  consumer.on('offset.commit', (error, partitions) => {
    const failed = error === null || error === undefined ? undefined : messageOf(error);
    events.committed(
      partitions.map(({ topic, partition, offset, error: own }) => {
        const reason = own === null || own === undefined ? failed : messageOf(own);
        return reason === undefined ? { topic, partition, offset } : { topic, partition, offset, error: reason };
      }),
    );
  });
  await new Promise<void>((resolve, reject) =>
    consumer.connect({ timeout: 10_000 }, (error) =>
      error === null || error === undefined
        ? resolve()
        : reject(new Error(`cannot join ${role} group ${config.groupId} on ${config.connection.brokers.join(',')}: ${messageOf(error)}`)),
    ),
  );
  // A poll waits for its first record only: records trickling in do not hold a batch (and a segment's roll) back.
  consumer.setDefaultConsumeTimeout(POLL_WAIT_MS);
  consumer.setDefaultIsTimeoutOnlyForFirstMessage(true);
  consumer.subscribe([...config.topics]);
  const close = (): Promise<void> =>
    closeWithin(
      `the ${role} consumer of ${config.groupId}`,
      (done) => consumer.disconnect(done),
      CLOSE_WAIT_MS,
      () =>
        log.warn(
          { waitedMs: CLOSE_WAIT_MS },
          'the consumer did not close in time: stopping without it (the group gives its partitions to others after the session timeout)',
        ),
    );
  let lastError: string | undefined;
  return {
    consume: (max) =>
      new Promise((resolve) =>
        consumer.consume(Math.max(1, max), (error, messages) => {
          const message = error === null || error === undefined ? undefined : messageOf(error);
          if (message !== undefined && message !== lastError) log.warn({ err: withCode(error) }, `${role} consumer: ${message}; still trying`);
          lastError = message;
          resolve((messages ?? []).map(recordOf));
        }),
      ),
    commit: (offsets) => {
      try {
        consumer.commit(offsets.map(({ topic, partition, offset }) => ({ topic, partition, offset })));
      } catch (error) {
        events.committed(offsets.map((offset) => ({ ...offset, error: messageOf(error) })));
      }
    },
    resumeOffset: async (topic, partition) => {
      const committed = await new Promise<number>((resolve, reject) =>
        consumer.committed([{ topic, partition }], REQUEST_TIMEOUT_MS, (error, partitions) =>
          error === null || error === undefined ? resolve(partitions[0]?.offset ?? NO_OFFSET) : reject(withCode(error)),
        ),
      );
      const low = await new Promise<number>((resolve, reject) =>
        consumer.queryWatermarkOffsets(topic, partition, REQUEST_TIMEOUT_MS, (error, offsets) =>
          error === null || error === undefined ? resolve(offsets.lowOffset) : reject(withCode(error)),
        ),
      );
      return { committed: committed >= 0 ? committed : undefined, low };
    },
    seek: (topic, partition, offset) =>
      new Promise<void>((resolve, reject) =>
        consumer.seek({ topic, partition, offset }, REQUEST_TIMEOUT_MS, (error) =>
          error === null || error === undefined ? resolve() : reject(withCode(error)),
        ),
      ),
    close,
    end: () => {
      if (config.instanceId === undefined) return close();
      leaveOpen(`the ${role} consumer of ${config.groupId} (static member ${config.instanceId})`);
      return Promise.resolve();
    },
  };
}
