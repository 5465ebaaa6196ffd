import type { Logger } from 'pino';
import type { KafkaConnection } from './kafka-connection.js';
import { consumerProperties, type LibrdkafkaProperties } from './librdkafka-consumer-config.js';
import { codeOf, messageOf, withCode } from './librdkafka-errors.js';
import { loadNativeKafka } from './native-kafka.js';
import { librdkafkaLogLevel, routeLibrdkafkaLogs, startingUp, type LibrdkafkaEvents } from './librdkafka-log-router.js';
import { whileClosing } from './native-handles.js';
import {
  DEFAULT_PARTITION_READER_CONFIG,
  type PartitionOffsets,
  type PartitionReader,
  type PartitionReaderConfig,
  type ReadRecord,
} from './partition-reader.js';

/**
 * How long the broker holds a fetch with nothing new, ms (librdkafka's default): a record arriving
 * answers it at once, so it sets only how often an idle reader asks, and a shorter wait costs each
 * broker and reader CPU for nothing (measured: 100 ms took 7 % more CPU in two cluster e2e files, brokers and instances together).
 */
const FETCH_WAIT_MS = 500;
/** librdkafka's `ERR__NOENT`: `listOffsets` for a topic its metadata cache does not hold yet. */
const NO_SUCH_ENTRY = -156;

/** A partition whose offsets are not there yet (a topic just made, a broker starting): asked again on the next call. */
const notReadyYet = (error: unknown): boolean => startingUp(messageOf(error)) || codeOf(error) === NO_SUCH_ENTRY;

/** The librdkafka reader: where the brokers are, how it reads, where its logs go. */
export interface LibrdkafkaReaderConfig {
  readonly connection: KafkaConnection;
  readonly logger: Logger;
  readonly reader?: Partial<PartitionReaderConfig>;
}

/** The parts of the package this reader uses. */
interface ReaderBinding {
  readonly KafkaConsumer: new (properties: LibrdkafkaProperties, topicProperties: LibrdkafkaProperties) => RawConsumer;
  readonly AdminClient: { createFrom(client: RawConsumer): RawAdmin };
  readonly OffsetSpec: { readonly EARLIEST: unknown; readonly LATEST: unknown };
}

interface RawConsumer extends LibrdkafkaEvents {
  connect(options: { readonly timeout: number }, callback: (error: unknown) => void): void;
  disconnect(callback: () => void): void;
  getMetadata(options: { readonly allTopics: boolean; readonly timeout: number }, callback: (error: unknown, metadata?: RawMetadata) => void): void;
  assign(assignments: { topic: string; partition: number; offset: number }[]): void;
  consume(count: number, callback: (error: unknown, messages?: RawMessage[]) => void): void;
  setDefaultConsumeTimeout(timeoutMs: number): void;
  setDefaultIsTimeoutOnlyForFirstMessage(only: boolean): void;
}

interface RawMetadata {
  readonly topics: readonly { readonly name: string; readonly partitions: readonly { readonly id: number; readonly leader: number }[] }[];
}

/** A message as the librdkafka package gives it. */
export interface RawMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp?: number;
  readonly key?: Buffer | string | null;
  readonly value: Buffer | null;
}

interface RawOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly error?: unknown;
}

interface RawAdmin {
  listOffsets(
    partitions: { topic: string; partition: number; offset: unknown }[],
    options: { readonly timeout: number },
    callback: (error: unknown, offsets?: readonly RawOffset[]) => void,
  ): void;
}

/** Loads the optional package (once; later calls find it in the module cache). */
export function loadLibrdkafkaReader(): ReaderBinding {
  return loadNativeKafka<ReaderBinding>(['KafkaConsumer', 'AdminClient', 'OffsetSpec']);
}

/**
 * librdkafka (`@confluentinc/kafka-javascript`, raw `KafkaConsumer`) as a `PartitionReader`:
 * partitions are read with `assign()` from the offsets given, with no group membership and no
 * commits, so nothing waits for a group coordinator. Offsets come from one metadata request and
 * `listOffsets` (earliest, latest) per topic. librdkafka's logs go to pino (`librdkafka-log-router.ts`).
 * The optional package is loaded on `connect()`.
 */
export function createLibrdkafkaReader(config: LibrdkafkaReaderConfig): PartitionReader {
  const settings = { ...DEFAULT_PARTITION_READER_CONFIG, ...config.reader };
  const log = config.logger.child({ component: 'kafka-reader' });
  let binding: ReaderBinding | undefined;
  let consumer: RawConsumer | undefined;
  let admin: RawAdmin | undefined;
  let closed = false;

  const connected = (): { readonly consumer: RawConsumer; readonly admin: RawAdmin; readonly binding: ReaderBinding } => {
    if (consumer === undefined || admin === undefined || binding === undefined || closed)
      throw new Error('Kafka reader used before connect() or after close()');
    return { consumer, admin, binding };
  };

  /**
   * Every call into the native client is one of these: each runs on one of Node's four libuv pool
   * threads and holds it until the broker answers or the call's own time-out, and none may outlive
   * the handle (a call left queued when the consumer is disconnected would run on a freed handle).
   */
  const inFlight = new Set<Promise<unknown>>();
  const native = <T>(call: (settle: (error: unknown, value?: T) => void) => void): Promise<T> => {
    const pending = new Promise<T>((resolve, reject) =>
      call((error, value) => (error === null || error === undefined ? resolve(value as T) : reject(withCode(error)))),
    );
    const tracked = pending.then(
      () => undefined,
      () => undefined,
    );
    inFlight.add(tracked);
    void tracked.then(() => inFlight.delete(tracked));
    return pending;
  };

  const partitionsOf = async (topics: readonly string[]): Promise<Map<string, number[]>> => {
    const metadata = await native<RawMetadata | undefined>((settle) =>
      connected().consumer.getMetadata({ allTopics: true, timeout: settings.requestTimeoutMs }, (error, found) =>
        settle(found === undefined ? (error ?? new Error('no metadata')) : null, found),
      ),
    );
    const wanted = new Set(topics);
    const led = new Map<string, number[]>();
    for (const topic of metadata?.topics ?? []) {
      if (!wanted.has(topic.name)) continue;
      if (topic.partitions.length === 0 || topic.partitions.some((p) => p.leader < 0))
        log.debug({ topic: topic.name }, 'topic has partitions without a leader yet');
      else
        led.set(
          topic.name,
          topic.partitions.map((p) => p.id).sort((a, b) => a - b),
        );
    }
    return led;
  };

  /**
   * The offsets at `spec` (earliest or latest) of every partition named, in one request, by
   * `topic/partition`; a topic with a partition not ready yet is left out.
   */
  const listOffsets = async (partitions: ReadonlyMap<string, readonly number[]>, spec: unknown): Promise<Map<string, number>> => {
    const wanted = [...partitions].flatMap(([topic, ids]) => ids.map((partition) => ({ topic, partition, offset: spec })));
    if (wanted.length === 0) return new Map();
    let found: readonly RawOffset[] = [];
    try {
      found = await native<readonly RawOffset[] | undefined>((settle) =>
        connected().admin.listOffsets(wanted, { timeout: settings.requestTimeoutMs }, (error, offsets) => settle(error, offsets)),
      ).then((offsets) => offsets ?? []);
    } catch (error) {
      if (!notReadyYet(error)) throw error;
      log.debug({ err: error }, 'partition offsets not available yet');
      return new Map();
    }
    const unready = new Set<string>();
    for (const entry of found) {
      if (entry.error === undefined || entry.error === null) continue;
      if (!notReadyYet(entry.error)) throw withCode(entry.error);
      log.debug({ topic: entry.topic, err: withCode(entry.error) }, 'partition offsets not available yet');
      unready.add(entry.topic);
    }
    return new Map(found.filter((entry) => !unready.has(entry.topic)).map((entry) => [`${entry.topic}/${entry.partition}`, entry.offset]));
  };

  return {
    async connect() {
      binding = loadLibrdkafkaReader();
      const created = new binding.KafkaConsumer(
        consumerProperties(config.connection, {
          groupId: `${config.connection.clientId}-reader`,
          fetchWaitMs: FETCH_WAIT_MS,
          requestTimeoutMs: settings.requestTimeoutMs,
        }),
        {},
      );
      routeLibrdkafkaLogs(created, config.logger);
      consumer = created;
      await native<void>((settle) => created.connect({ timeout: settings.requestTimeoutMs }, settle));
      created.setDefaultConsumeTimeout(settings.readWaitMs);
      created.setDefaultIsTimeoutOnlyForFirstMessage(true);
      admin = binding.AdminClient.createFrom(created);
    },

    async offsets(topics) {
      const {
        binding: { OffsetSpec },
      } = connected();
      // One call at a time: a probe holds at most one pool thread, however many topics it reads. (The
      // package runs a client's admin calls one at a time anyway, under a lock: calls made together
      // each take a pool thread only to wait there for the one before, up to its time-out.)
      const partitions = await partitionsOf(topics);
      const low = await listOffsets(partitions, OffsetSpec.EARLIEST);
      const high = await listOffsets(partitions, OffsetSpec.LATEST);
      const result = new Map<string, readonly PartitionOffsets[]>();
      for (const [topic, ids] of partitions) {
        if (ids.some((partition) => !low.has(`${topic}/${partition}`) || !high.has(`${topic}/${partition}`))) continue;
        result.set(
          topic,
          ids.map((partition) => ({ partition, low: low.get(`${topic}/${partition}`) ?? 0, high: high.get(`${topic}/${partition}`) ?? 0 })),
        );
      }
      return result;
    },

    assign(starts) {
      connected().consumer.assign(starts.map(({ topic, partition, offset }) => ({ topic, partition, offset })));
      return Promise.resolve();
    },

    async read() {
      const active = connected().consumer;
      try {
        return (await native<RawMessage[] | undefined>((settle) => active.consume(settings.batchMaxRecords, settle)))?.map(recordOf) ?? [];
      } catch (error) {
        // A broker away or a partition not led yet: librdkafka keeps trying (and its error events
        // say so, see routeLibrdkafkaLogs); the next read may have records.
        if (librdkafkaLogLevel(messageOf(error)) === 'error') throw error;
        log.debug({ err: error }, 'reading Kafka: nothing this time');
        return [];
      }
    },

    async close() {
      const active = consumer;
      closed = true;
      consumer = undefined;
      admin = undefined;
      // Every call made still holds the handle: each ends by its own time-out at the latest.
      while (inFlight.size > 0) await Promise.all([...inFlight]);
      if (active !== undefined) await whileClosing('a librdkafka reader', new Promise<void>((resolve) => active.disconnect(() => resolve())));
    },
  };
}

/** A librdkafka message as a `ReadRecord` (a key given as text made bytes). */
export function recordOf(message: RawMessage): ReadRecord {
  const key = message.key === undefined || message.key === null ? null : typeof message.key === 'string' ? Buffer.from(message.key, 'utf8') : message.key;
  return { topic: message.topic, partition: message.partition, offset: message.offset, timestamp: message.timestamp ?? 0, key, value: message.value };
}
