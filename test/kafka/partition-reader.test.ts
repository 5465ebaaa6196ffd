import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { choosePartitionReader } from '../../src/kafka/choose-partition-reader.js';
import { createKafkajsReader } from '../../src/kafka/kafkajs-reader.js';
import { createLibrdkafkaReader } from '../../src/kafka/librdkafka-reader.js';
import { LibrdkafkaUnavailableError } from '../../src/kafka/native-kafka.js';
import type { PartitionReader, ReadRecord } from '../../src/kafka/partition-reader.js';
import { testKafka, uniquePrefix } from '../sink/sink-fixtures.js';
import { createTopicsWithLeaders } from '../../src/kafka/ensure-topics.js';

const brokers = inject('kafkaBrokers');
const kafka = testKafka(brokers);
const topic = `${uniquePrefix('partition-reader')}values`;
/** Values written per partition: `p<partition>-<n>`. */
const WRITTEN = { 0: 10, 1: 5 } as const;

const logs: Record<string, unknown>[] = [];
const logger: Logger = pino(
  { level: 'debug' },
  new Writable({ write: (chunk: Buffer, _encoding, done) => (logs.push(JSON.parse(chunk.toString()) as Record<string, unknown>), done()) }),
);

const admin = kafka.admin();
beforeAll(async () => {
  await admin.connect();
  await createTopicsWithLeaders(admin, [{ topic, numPartitions: 2 }]);
  const producer = kafka.producer();
  await producer.connect();
  for (const [partition, count] of Object.entries(WRITTEN)) {
    await producer.send({
      topic,
      messages: Array.from({ length: count }, (_, n) => ({ partition: Number(partition), key: `k${n}`, value: `p${partition}-${n}` })),
    });
  }
  await producer.disconnect();
}, 60_000);
afterAll(async () => {
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
});

/** Reads until `count` records came, then `extraReads` more times (to see that nothing else comes). */
async function readRecords(reader: PartitionReader, count: number, extraReads = 3): Promise<readonly ReadRecord[]> {
  const records: ReadRecord[] = [];
  const deadline = Date.now() + 30_000;
  while (records.length < count && Date.now() < deadline) records.push(...(await reader.read()));
  for (let i = 0; i < extraReads; i++) records.push(...(await reader.read()));
  return records;
}

const valuesOf = (records: readonly ReadRecord[]): string[] => records.map((r) => `${r.partition}@${r.offset}:${r.value?.toString() ?? 'null'}`);

const readers: Record<'librdkafka' | 'kafkajs', () => PartitionReader> = {
  librdkafka: () => createLibrdkafkaReader({ connection: { brokers: brokers.split(','), clientId: 'partition-reader-test' }, logger }),
  kafkajs: () => createKafkajsReader({ kafka, logger }),
};

describe.each(['librdkafka', 'kafkajs'] as const)('%s partition reader', (client) => {
  it('lists each partition of a topic with its low and high offsets, and leaves out a topic not created yet', async () => {
    const reader = readers[client]();
    try {
      await reader.connect();
      const offsets = await reader.offsets([topic, `${topic}-never-created`]);
      expect([...offsets.keys()]).toEqual([topic]);
      expect(offsets.get(topic)).toEqual([
        { partition: 0, low: 0, high: WRITTEN[0] },
        { partition: 1, low: 0, high: WRITTEN[1] },
      ]);
    } finally {
      await reader.close();
    }
  });

  it('reads only the partitions assigned, each from its offset and in offset order, and another assignment replaces it', async () => {
    const reader = readers[client]();
    try {
      await reader.connect();
      await reader.assign([{ topic, partition: 0, offset: 3 }]);
      const first = await readRecords(reader, 7);
      expect(valuesOf(first)).toEqual(Array.from({ length: 7 }, (_, i) => `0@${i + 3}:p0-${i + 3}`));
      expect(first[0]?.key?.toString()).toBe('k3');
      expect(first[0]?.timestamp).toBeGreaterThan(Date.now() - 10 * 60_000);

      await reader.assign([{ topic, partition: 1, offset: 2 }]);
      expect(valuesOf(await readRecords(reader, 3))).toEqual(['1@2:p1-2', '1@3:p1-3', '1@4:p1-4']);
    } finally {
      await reader.close();
    }
  });
});

describe('choosePartitionReader', () => {
  it('reads with kafkajs, after one warning naming why, when the optional package cannot be loaded', async () => {
    logs.length = 0;
    const createReader = choosePartitionReader({
      connection: { brokers: brokers.split(','), clientId: 'partition-reader-fallback-test' },
      logger,
      load: () => {
        throw new LibrdkafkaUnavailableError(new Error("Cannot find module '@confluentinc/kafka-javascript'"));
      },
    });
    // A reader that reconnects makes a reader per connection: still one warning.
    for (let i = 0; i < 2; i++) {
      const reader = createReader();
      try {
        await reader.connect();
        await reader.assign([{ topic, partition: 1, offset: 0 }]);
        expect(valuesOf(await readRecords(reader, WRITTEN[1], 1))).toEqual(Array.from({ length: WRITTEN[1] }, (_, n) => `1@${n}:p1-${n}`));
      } finally {
        await reader.close();
      }
    }
    const warnings = logs.filter((line) => line['level'] === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.['using']).toBe('kafkajs');
    expect(String(warnings[0]?.['msg'])).toContain("cannot be loaded: Cannot find module '@confluentinc/kafka-javascript'");
  });
});
