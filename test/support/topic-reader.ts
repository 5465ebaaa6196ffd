import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import kafkajs, { type Admin, type Kafka as KafkaClient } from 'kafkajs';
import { RecordDecoder } from '../../src/sink/record-decoder.js';
import { SchemaRegistryClient } from '../../src/sink/schema-registry-client.js';

const { Kafka, logLevel } = kafkajs;

/** One consumed record, decoded. */
export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string;
  readonly value: Readonly<Record<string, unknown>>;
  /** The Kafka headers (market-feed writes none: the value's framing names the schema). */
  readonly headers: Readonly<Record<string, string>>;
  /** How the value names its schema. */
  readonly encoding: 'confluent' | 'single-object';
  /** Confluent framing: the schema id in bytes 1-4 (big-endian) after the magic byte 0. */
  readonly schemaId?: number;
  /** The full name of the schema the value was written with. */
  readonly schemaName: string;
}

export interface ReadTopicsOptions {
  /**
   * How long reading may go without a record while records remain, in ms; default 60 000. A bound on a stall,
   * not on the whole read: a large run read on a busy machine takes as long as it takes.
   */
  readonly timeoutMs?: number;
  /** The schema registry of Confluent-framed values; default none (single-object encoding only). */
  readonly registryUrl?: string;
  /** The decoder of the values; default one with `registryUrl`'s registry, if given. */
  readonly decoder?: RecordDecoder;
  /** Where values that do not decode are told (their topic, partition, offset); without it, such a value fails the read. */
  readonly undecodable?: (record: { readonly topic: string; readonly partition: number; readonly offset: string }) => void;
}

/**
 * A topic's offsets, asked again while the broker answers with an error it calls retriable (a busy
 * single broker said "This server is not the leader for that topic-partition" of a topic it led), for 30 s at most.
 */
async function offsetsOf(admin: Admin, topic: string): Promise<Awaited<ReturnType<Admin['fetchTopicOffsets']>>> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (error) {
      const retriable = typeof error === 'object' && error !== null && (error as { retriable?: unknown }).retriable === true;
      if (!retriable || Date.now() > deadline) throw error;
      await sleep(250);
    }
  }
}

/**
 * Reads every record now in the topics (up to their high watermarks), decoded with the project's schemas,
 * each once: a consumer group hands a partition's records again from its last committed offset after a
 * rebalance (a join that timed out on a busy broker and was retried leaves a member behind), and a record
 * read twice that way is one record of the topic, not two.
 */
export async function readTopics(
  brokers: readonly string[],
  topics: readonly string[],
  options: ReadTopicsOptions = {},
): Promise<Map<string, ConsumedRecord[]>> {
  return readTopicsWith(new Kafka({ clientId: 'topic-reader', brokers: [...brokers], logLevel: logLevel.NOTHING }), topics, options);
}

/** {@link readTopics} through a client of the caller's. */
export async function readTopicsWith(kafka: KafkaClient, topics: readonly string[], options: ReadTopicsOptions = {}): Promise<Map<string, ConsumedRecord[]>> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, bigint>();
  const withRecords = new Set<string>();
  // A topic nothing was written to may not exist; asking for its offsets would make the broker create it.
  const existing = new Set(await admin.listTopics());
  for (const topic of topics.filter((t) => existing.has(t))) {
    for (const { partition, high, low } of await offsetsOf(admin, topic)) {
      if (BigInt(high) <= BigInt(low)) continue;
      remaining.set(`${topic}/${partition}`, BigInt(high));
      withRecords.add(topic);
    }
  }
  await admin.disconnect();
  const result = new Map<string, ConsumedRecord[]>(topics.map((t) => [t, []]));
  if (remaining.size === 0) return result;

  const decoder = options.decoder ?? new RecordDecoder(options.registryUrl === undefined ? undefined : new SchemaRegistryClient(options.registryUrl));
  /** Per partition, the offset after the last record taken: a record below it was handed again. */
  const nextOffset = new Map<string, bigint>();
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [...withRecords], fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const stalled = (): Error => new Error(`no record for ${timeoutMs} ms before the topics' ends: ${[...remaining.keys()].join(', ')}`);
    const timer = setTimeout(() => reject(stalled()), timeoutMs);
    void consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        timer.refresh();
        const slot = `${topic}/${partition}`;
        const offset = BigInt(message.offset);
        if (offset < (nextOffset.get(slot) ?? 0n)) return;
        nextOffset.set(slot, offset + 1n);
        const high = remaining.get(slot);
        const reached = (): void => {
          if (high !== undefined && offset + 1n >= high) remaining.delete(slot);
          if (remaining.size === 0) {
            clearTimeout(timer);
            resolve();
          }
        };
        if (message.value === null) return;
        let decoded: Awaited<ReturnType<RecordDecoder['decode']>>;
        try {
          decoded = await decoder.decode(message.value);
        } catch (error) {
          if (options.undecodable === undefined) throw error;
          options.undecodable({ topic, partition, offset: message.offset });
          reached();
          return;
        }
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
        const framing =
          decoded.encoding === 'confluent' ? { encoding: decoded.encoding, schemaId: message.value.readInt32BE(1) } : { encoding: decoded.encoding };
        result.get(topic)?.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? '',
          value: decoded.value,
          headers,
          schemaName: decoded.schemaName,
          ...framing,
        });
        reached();
      },
    });
  });
  await consumer.disconnect();
  return result;
}
