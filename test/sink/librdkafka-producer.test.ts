import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createLogger } from '../../src/logging/create-logger.js';
import { createKafkaSink } from '../../src/sink/kafka-sink.js';
import { createLibrdkafkaProducer } from '../../src/sink/librdkafka-producer.js';
import type { ProducerPort, ProducerRecord } from '../../src/sink/producer-port.js';
import { RecordDecoder } from '../../src/sink/record-decoder.js';
import { sinkTopics } from '../../src/sink/sink-topics.js';
import { readTopic, sinkProducer, testKafka, trade, uniquePrefix } from './sink-fixtures.js';

const silent = createLogger({ level: 'silent' });

function librdkafka(brokers: string, options: { readonly partitions?: number; readonly deliveryTimeoutMs?: number } = {}): ProducerPort {
  return createLibrdkafkaProducer({
    brokers: brokers.split(','),
    clientId: 'sink-test-librdkafka',
    admin: testKafka(brokers),
    topics: { partitions: options.partitions ?? 6 },
    ...(options.deliveryTimeoutMs === undefined ? {} : { deliveryTimeoutMs: options.deliveryTimeoutMs }),
    logger: silent,
  });
}

describe('librdkafka producer (real broker)', () => {
  const brokers = inject('kafkaBrokers');
  const spoolDir = mkdtempSync(join(tmpdir(), 'sink-librdkafka-'));

  afterAll(() => {
    rmSync(spoolDir, { recursive: true, force: true });
  });

  it('through the sink: every trade acknowledged once, in order per key, decodable by the standard decoder', async () => {
    const prefix = uniquePrefix('librdkafka');
    const sink = createKafkaSink({ producer: librdkafka(brokers), topicPrefix: prefix, encoding: { kind: 'single-object' }, spoolDir, logger: silent });
    await sink.start();
    const count = 5_000;
    for (let n = 0; n < count; n++) sink.write(trade(n));
    const result = await sink.close({ deadlineMs: 60_000 });
    expect(result.undelivered).toBe(0);
    expect(sink.counters.acked).toBe(count);

    const messages = await readTopic(testKafka(brokers), sinkTopics(prefix).records.trade, new RecordDecoder(), { expected: count, settleMs: 500 });
    expect(messages).toHaveLength(count);
    const ids = messages.map((m) => Number(m.value['tradeId']));
    expect(new Set(ids).size).toBe(count);
    const byKey = new Map<string, { partition: number; ids: number[] }>();
    for (const message of messages) {
      const entry = byKey.get(message.key) ?? { partition: message.partition, ids: [] };
      expect(message.partition, `key ${message.key} stays on one partition`).toBe(entry.partition);
      entry.ids.push(Number(message.value['tradeId']));
      byKey.set(message.key, entry);
    }
    for (const [key, entry] of byKey) expect(entry.ids, `order of ${key}`).toEqual([...entry.ids].sort((a, b) => a - b));
  });

  it('puts each key on the partition kafkajs puts it on (murmur2, as Java), so switching clients keeps order per key', async () => {
    const kafka = testKafka(brokers);
    const keys = Array.from({ length: 300 }, (_, i) => `COIN${i}-USDT`);
    const partitionsOf = async (port: ProducerPort, label: string): Promise<Map<string, number>> => {
      const topic = `${uniquePrefix(label)}keys`;
      await port.createTopics([topic]);
      await port.connect();
      const records: ProducerRecord[] = keys.map((key) => ({ topic, key, value: Buffer.from(key) }));
      await port.send(records);
      await port.close();
      const consumer = kafka.consumer({ groupId: `keys-${label}-${Date.now()}` });
      const seen = new Map<string, number>();
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve) => {
        void consumer.run({
          eachMessage: async ({ partition, message }) => {
            seen.set(message.key?.toString() ?? '', partition);
            if (seen.size === keys.length) resolve();
            return Promise.resolve();
          },
        });
      });
      await consumer.disconnect();
      return seen;
    };
    const ours = await partitionsOf(librdkafka(brokers), 'rdk');
    const theirs = await partitionsOf(sinkProducer(kafka, { partitions: 6 }), 'kjs');
    expect(new Set(ours.values()).size).toBe(6);
    expect(Object.fromEntries(ours)).toEqual(Object.fromEntries(theirs));
  });

  it('refuses a record larger than the broker accepts for good (record_refused), so the sink dead-letters it instead of retrying', async () => {
    const port = librdkafka(brokers);
    const topic = `${uniquePrefix('big')}big`;
    await port.createTopics([topic]);
    await port.connect();
    try {
      const error = await port.send([{ topic, key: 'k', value: Buffer.alloc(2 * 1024 * 1024) }]).then(() => undefined, (e: unknown) => e);
      expect(error).toBeDefined();
      expect(port.classify(error)).toBe('record_refused');
      await port.send([{ topic, key: 'k', value: Buffer.from('small') }]);
    } finally {
      await port.close();
    }
  });

  it('fails to connect to a broker that never answers within the connect timeout, instead of hanging start-up', async () => {
    // A port that accepts connections and says nothing: no metadata ever arrives.
    const sockets = new Set<Socket>();
    const server: Server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port: silentPort } = server.address() as AddressInfo;
    const port = createLibrdkafkaProducer({
      brokers: [`127.0.0.1:${silentPort}`], clientId: 'sink-test-silent', admin: testKafka(brokers), connectTimeoutMs: 1_500, logger: silent,
    });
    try {
      const started = Date.now();
      const error = await port.connect().then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(Date.now() - started).toBeLessThan(8_000);
      expect(sockets.size).toBeGreaterThan(0);
    } finally {
      await port.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
