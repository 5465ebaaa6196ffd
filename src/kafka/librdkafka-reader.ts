import type { Logger } from 'pino';
import type { KafkaConnection } from './kafka-connection.js';
import { consumerProperties, type LibrdkafkaProperties } from './librdkafka-consumer-config.js';
import { codeOf, messageOf, withCode } from './librdkafka-errors.js';
import { loadNativeKafka } from './native-kafka.js';
import { librdkafkaLogLevel, routeLibrdkafkaLogs, startingUp, type LibrdkafkaEvents } from './librdkafka-log-router.js';
import {
  DEFAULT_PARTITION_READER_CONFIG,
  type PartitionOffsets,
  type PartitionReader,
  type PartitionReaderConfig,
  type ReadRecord,
} from './partition-reader.js';

/** How long the broker holds a fetch with nothing new, ms: short, so a record arriving is read within it. */
const FETCH_WAIT_MS = 100;
/** librdkafka's `ERR__NOENT`: `listOffsets` for a topic its metadata cache does not hold yet. */
const NO_SUCH_ENTRY = -156;

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

interface RawMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp?: number;
  readonly key?: Buffer | string | null;
  readonly value: Buffer | null;
}

interface RawAdmin {
  listOffsets(
    partitions: { topic: string; partition: number; offset: unknown }[],
    options: { readonly timeout: number },
    callback: (error: unknown, offsets?: readonly { readonly partition: number; readonly offset: number; readonly error?: unknown }[]) => void,
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

  const partitionsOf = async (topics: readonly string[]): Promise<Map<string, number[]>> => {
    const metadata = await new Promise<RawMetadata>((resolve, reject) => {
      connected().consumer.getMetadata({ allTopics: true, timeout: settings.requestTimeoutMs }, (error, found) =>
        found === undefined ? reject(withCode(error)) : resolve(found),
      );
    });
    const wanted = new Set(topics);
    const led = new Map<string, number[]>();
    for (const topic of metadata.topics) {
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

  /** The offsets of the partitions at `spec` (earliest or latest); undefined while a partition is not ready. */
  const listOffsets = (topic: string, partitions: readonly number[], spec: unknown): Promise<Map<number, number> | undefined> =>
    new Promise((resolve, reject) => {
      connected().admin.listOffsets(
        partitions.map((partition) => ({ topic, partition, offset: spec })),
        { timeout: settings.requestTimeoutMs },
        (error, found) => {
          const failure = error ?? found?.find((entry) => entry.error !== undefined && entry.error !== null)?.error;
          if (failure !== undefined && failure !== null) {
            if (!startingUp(messageOf(failure)) && codeOf(failure) !== NO_SUCH_ENTRY) return reject(withCode(failure));
            log.debug({ topic, err: withCode(failure) }, 'partition offsets not available yet');
            return resolve(undefined);
          }
          resolve(new Map((found ?? []).map((entry) => [entry.partition, entry.offset])));
        },
      );
    });

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
      await new Promise<void>((resolve, reject) =>
        created.connect({ timeout: settings.requestTimeoutMs }, (error) => (error === null || error === undefined ? resolve() : reject(withCode(error)))),
      );
      created.setDefaultConsumeTimeout(settings.readWaitMs);
      created.setDefaultIsTimeoutOnlyForFirstMessage(true);
      admin = binding.AdminClient.createFrom(created);
    },

    async offsets(topics) {
      const {
        binding: { OffsetSpec },
      } = connected();
      const result = new Map<string, readonly PartitionOffsets[]>();
      await Promise.all(
        [...(await partitionsOf(topics))].map(async ([topic, partitions]) => {
          const [low, high] = await Promise.all([listOffsets(topic, partitions, OffsetSpec.EARLIEST), listOffsets(topic, partitions, OffsetSpec.LATEST)]);
          if (low === undefined || high === undefined) return;
          result.set(
            topic,
            partitions.map((partition) => ({ partition, low: low.get(partition) ?? 0, high: high.get(partition) ?? 0 })),
          );
        }),
      );
      return result;
    },

    assign(starts) {
      connected().consumer.assign(starts.map(({ topic, partition, offset }) => ({ topic, partition, offset })));
      return Promise.resolve();
    },

    read() {
      const active = connected().consumer;
      return new Promise<readonly ReadRecord[]>((resolve, reject) => {
        active.consume(settings.batchMaxRecords, (error, messages) => {
          if (error !== null && error !== undefined) {
            const message = messageOf(error);
            // A broker away or a partition not led yet: librdkafka keeps trying (and its error events
            // say so, see routeLibrdkafkaLogs); the next read may have records.
            if (librdkafkaLogLevel(message) === 'error') return reject(withCode(error));
            log.debug({ err: withCode(error) }, 'reading Kafka: nothing this time');
            return resolve([]);
          }
          resolve((messages ?? []).map(recordOf));
        });
      });
    },

    async close() {
      const active = consumer;
      closed = true;
      consumer = undefined;
      admin = undefined;
      if (active !== undefined) await new Promise<void>((resolve) => active.disconnect(() => resolve()));
    },
  };
}

function recordOf(message: RawMessage): ReadRecord {
  const key = message.key === undefined || message.key === null ? null : typeof message.key === 'string' ? Buffer.from(message.key, 'utf8') : message.key;
  return { topic: message.topic, partition: message.partition, offset: message.offset, timestamp: message.timestamp ?? 0, key, value: message.value };
}
