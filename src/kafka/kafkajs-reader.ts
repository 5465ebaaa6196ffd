import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import {
  DEFAULT_PARTITION_READER_CONFIG,
  type PartitionOffsets,
  type PartitionReader,
  type PartitionReaderConfig,
  type ReadRecord,
} from './partition-reader.js';

/** The kafkajs reader: its client (brokers, TLS, SASL, logging and time-outs are set where it is created). */
export interface KafkajsReaderConfig {
  readonly kafka: Kafka;
  readonly logger: Logger;
  readonly reader?: Partial<PartitionReaderConfig>;
}

/** kafkajs errors of a topic or partition that is still being set up: the topic is left out until a later call. */
const NOT_READY = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE', 'NOT_LEADER_FOR_PARTITION']);

/** Records held for `read()` at most, in batches: kafkajs stops fetching while they are this many. */
const HELD_BATCHES = 4;

/**
 * kafkajs as a `PartitionReader`, for where librdkafka's optional package cannot be loaded. kafkajs
 * has no reading without a group: each `assign()` starts a consumer of a group of its own, seeks each
 * partition to its offset and keeps only the partitions assigned; nothing is committed.
 */
export function createKafkajsReader(config: KafkajsReaderConfig): PartitionReader {
  const settings = { ...DEFAULT_PARTITION_READER_CONFIG, ...config.reader };
  const { kafka } = config;
  let admin: Admin | undefined;
  let consumer: Consumer | undefined;
  /** The next offset wanted per `topic/partition` of the current assignment. */
  let positions = new Map<string, number>();
  let held: ReadRecord[] = [];
  let crashed: Error | undefined;
  let arrived: () => void = () => {};
  let drained: () => void = () => {};

  const stopConsumer = async (): Promise<void> => {
    const active = consumer;
    consumer = undefined;
    held = [];
    drained();
    await active?.disconnect();
  };

  return {
    async connect() {
      admin = kafka.admin();
      await admin.connect();
    },

    async offsets(topics) {
      if (admin === undefined) throw new Error('Kafka reader used before connect()');
      const active = admin;
      const existing = new Set(await active.listTopics());
      const result = new Map<string, readonly PartitionOffsets[]>();
      for (const topic of topics.filter((t) => existing.has(t))) {
        try {
          const found = await active.fetchTopicOffsets(topic);
          result.set(
            topic,
            found.map((p) => ({ partition: p.partition, low: Number(p.low), high: Number(p.high) })).sort((a, b) => a.partition - b.partition),
          );
        } catch (error) {
          if (!NOT_READY.has(String((error as { type?: unknown }).type))) throw error;
          config.logger.debug({ topic, err: error }, 'partition offsets not available yet');
        }
      }
      return result;
    },

    async assign(starts) {
      await stopConsumer();
      positions = new Map(starts.map((s) => [`${s.topic}/${s.partition}`, s.offset]));
      crashed = undefined;
      if (starts.length === 0) return;
      const created = kafka.consumer({ groupId: `market-feed-reader-${randomUUID()}`, maxWaitTimeInMs: settings.readWaitMs, allowAutoTopicCreation: false });
      consumer = created;
      created.on(created.events.CRASH, (event) => {
        if (event.payload.restart) return;
        crashed = event.payload.error;
        arrived();
      });
      await created.connect();
      await created.subscribe({ topics: [...new Set(starts.map((s) => s.topic))], fromBeginning: false });
      await created.run({
        autoCommit: false,
        eachBatch: async (payload) => {
          const { batch } = payload;
          const key = `${batch.topic}/${batch.partition}`;
          for (const message of batch.messages) {
            const offset = Number(message.offset);
            const next = positions.get(key);
            if (consumer !== created || next === undefined || offset < next) continue;
            positions.set(key, offset + 1);
            held.push({ topic: batch.topic, partition: batch.partition, offset, timestamp: Number(message.timestamp), key: message.key, value: message.value });
          }
          arrived();
          while (consumer === created && payload.isRunning() && held.length >= settings.batchMaxRecords * HELD_BATCHES) {
            await new Promise<void>((resolve) => (drained = resolve));
          }
        },
      });
      for (const start of starts) created.seek({ topic: start.topic, partition: start.partition, offset: String(start.offset) });
    },

    async read() {
      if (held.length === 0 && crashed === undefined) {
        await Promise.race([new Promise<void>((resolve) => (arrived = resolve)), sleep(settings.readWaitMs)]);
      }
      if (crashed !== undefined) throw crashed;
      const taken = held.slice(0, settings.batchMaxRecords);
      held = held.slice(taken.length);
      if (held.length < settings.batchMaxRecords * HELD_BATCHES) drained();
      return taken;
    },

    async close() {
      await stopConsumer();
      await admin?.disconnect();
      admin = undefined;
    },
  };
}
