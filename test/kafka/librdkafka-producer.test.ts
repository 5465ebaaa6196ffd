import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka } from 'kafkajs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createLogger } from '../../src/logging/create-logger.js';
import { createKafkaSink } from '../../src/sink/kafka-sink.js';
import { createLibrdkafkaProducer } from '../../src/kafka/librdkafka-producer.js';
import type { ProduceFailure, ProducerPort, ProducerRecord } from '../../src/kafka/producer-port.js';
import { RecordDecoder } from '../../src/sink/record-decoder.js';
import { sinkTopics } from '../../src/sink/sink-topics.js';
import { removeLocalBroker, startLocalBroker, stopLocalBroker, type LocalBroker } from '../support/kafka-broker.js';
import { startKafkaClientProxy } from '../support/kafka-client-proxy.js';
import { readTopic, reconcile, sinkProducer, testKafka, trade, uniquePrefix } from '../sink/sink-fixtures.js';
import { createTopicsWithLeaders } from '../../src/kafka/ensure-topics.js';

const silent = createLogger({ level: 'silent' });
/** The broker the restart test stops and starts. Port 29592 unless MARKET_FEED_TEST_RESTART_KAFKA_PORT says otherwise. */
const RESTART_BROKER: LocalBroker = {
  port: Number(process.env['MARKET_FEED_TEST_RESTART_KAFKA_PORT'] ?? 29592),
  runDir: join(process.cwd(), '.cache', 'kafka', 'restart-run'),
};

/** Every value on `topic` from the beginning, read with a kafkajs consumer once the high watermarks say `expected` are there. */
async function readValues(kafka: Kafka, topic: string, expected: number): Promise<string[]> {
  const consumer = kafka.consumer({ groupId: `values-${randomBytes(6).toString('hex')}` });
  const values: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${values.length} of ${expected} records of ${topic}`)), 30_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          values.push(message.value?.toString() ?? '');
          if (values.length >= expected) {
            clearTimeout(timer);
            resolve();
          }
          return Promise.resolve();
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return values;
}

/** Records the broker holds on `topic`: the sum of its partitions' high watermarks. */
async function recordsOn(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, partition) => sum + Number(partition.high), 0);
  } finally {
    await admin.disconnect();
  }
}

/** A port that passes everything to `inner` and keeps what each `send` rejected with, classified. */
function observed(inner: ProducerPort, failures: ProduceFailure[]): ProducerPort {
  return {
    createTopics: (topics) => inner.createTopics(topics),
    connect: () => inner.connect(),
    send: (records) =>
      inner.send(records).catch((error: unknown) => {
        failures.push(inner.classify(error));
        throw error;
      }),
    classify: (error) => inner.classify(error),
    onTrouble: (listener) => inner.onTrouble(listener),
    close: () => inner.close(),
  };
}

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

/**
 * Writes one record per name through `port` on a new topic of 6 partitions, and reads back the
 * partition each landed on, by name (the value). By default the name is the key; `named` gives
 * every record one key and the partition to write it to.
 */
async function partitionsOf(
  kafka: Kafka,
  port: ProducerPort,
  label: string,
  names: readonly string[],
  named?: { readonly key: string; readonly partition: (name: string) => number },
): Promise<Map<string, number>> {
  const topic = `${uniquePrefix(label)}keys`;
  await port.createTopics([topic]);
  await port.connect();
  const records: ProducerRecord[] = names.map((name) =>
    named === undefined
      ? { topic, key: name, value: Buffer.from(name) }
      : { topic, key: named.key, partition: named.partition(name), value: Buffer.from(name) },
  );
  await port.send(records);
  await port.close();
  const consumer = kafka.consumer({ groupId: `keys-${label}-${Date.now()}` });
  const seen = new Map<string, number>();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ partition, message }) => {
        seen.set(message.value?.toString() ?? '', partition);
        if (seen.size === names.length) resolve();
        return Promise.resolve();
      },
    });
  });
  await consumer.disconnect();
  return seen;
}

describe('librdkafka producer (real broker)', () => {
  const brokers = inject('kafkaBrokers');
  const spoolDir = mkdtempSync(join(tmpdir(), 'sink-librdkafka-'));

  afterAll(async () => {
    rmSync(spoolDir, { recursive: true, force: true });
    await removeLocalBroker(RESTART_BROKER);
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

    const messages = await readTopic(testKafka(brokers), sinkTopics(prefix).records.trade, new RecordDecoder());
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
    const ours = await partitionsOf(kafka, librdkafka(brokers), 'rdk', keys);
    const theirs = await partitionsOf(kafka, sinkProducer(kafka, { partitions: 6 }), 'kjs', keys);
    expect(new Set(ours.values()).size).toBe(6);
    expect(Object.fromEntries(ours)).toEqual(Object.fromEntries(theirs));
  });

  it('writes a record on the partition it names, whatever its key (the cluster writes each shard on its own), with either client', async () => {
    const kafka = testKafka(brokers);
    // One key for all: by key they would share a partition; named, they go where they are told.
    const keys = Array.from({ length: 12 }, (_, i) => `shard-${i}`);
    const chosen = (key: string): number => Number(key.split('-')[1]) % 6;
    for (const [port, label] of [
      [librdkafka(brokers), 'rdk-named'],
      [sinkProducer(kafka, { partitions: 6 }), 'kjs-named'],
    ] as const) {
      const seen = await partitionsOf(kafka, port, label, keys, { key: 'same', partition: chosen });
      expect(Object.fromEntries(seen)).toEqual(Object.fromEntries(keys.map((key) => [key, chosen(key)])));
    }
  });

  it('refuses a record larger than the broker accepts for good (record_refused), so the sink dead-letters it instead of retrying', async () => {
    const port = librdkafka(brokers);
    const topic = `${uniquePrefix('big')}big`;
    await port.createTopics([topic]);
    await port.connect();
    try {
      const error = await port.send([{ topic, key: 'k', value: Buffer.alloc(2 * 1024 * 1024) }]).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeDefined();
      expect(port.classify(error)).toBe('record_refused');
      await port.send([{ topic, key: 'k', value: Buffer.from('small') }]);
    } finally {
      await port.close();
    }
  });

  it('completes a request only once the broker holds every record of it (high watermarks and a consumer read them right after)', async () => {
    const kafka = testKafka(brokers);
    const port = librdkafka(brokers);
    const topic = `${uniquePrefix('acked')}acked`;
    await port.createTopics([topic]);
    await port.connect();
    const count = 3_000;
    const records: ProducerRecord[] = Array.from({ length: count }, (_, n) => ({ topic, key: `COIN${n % 40}-USDT`, value: Buffer.from(`record-${n}`) }));
    try {
      await port.send(records);
      expect(await recordsOn(kafka, topic)).toBe(count);
    } finally {
      await port.close();
    }
    const values = await readValues(kafka, topic, count);
    expect([...values].sort()).toEqual(records.map((r) => r.value.toString()).sort());
  });

  it('rejects a request holding a record larger than the topic takes with record_refused; after the send loop goes one by one the others are on the topic exactly once and the big one is dead-lettered', async () => {
    const kafka = testKafka(brokers);
    const prefix = uniquePrefix('refused');
    const tradeTopic = sinkTopics(prefix).records.trade;
    const admin = kafka.admin();
    await admin.connect();
    await createTopicsWithLeaders(admin, [{ topic: tradeTopic, numPartitions: 6, configEntries: [{ name: 'max.message.bytes', value: '4096' }] }]);
    await admin.disconnect();
    const failures: ProduceFailure[] = [];
    const sink = createKafkaSink({
      producer: observed(librdkafka(brokers), failures),
      topicPrefix: prefix,
      encoding: { kind: 'single-object' },
      spoolDir,
      logger: silent,
    });
    await sink.start();
    const count = 600;
    const big = 250;
    for (let n = 0; n < count; n++) sink.write(n === big ? { ...trade(n), connectionId: 'c'.repeat(20_000) } : trade(n));
    // The dead letter is written while the sink runs (one refused during close() is logged only).
    await expect.poll(() => sink.counters.acked, { timeout: 30_000 }).toBe(count);
    const result = await sink.close({ deadlineMs: 60_000 });
    expect(result.undelivered).toBe(0);
    expect(failures[0]).toBe('record_refused');
    expect(sink.counters).toMatchObject({ acked: count, rejected: 1, deadLettered: 1 });

    const messages = await readTopic(kafka, tradeTopic, new RecordDecoder());
    const ids = messages.map((m) => Number(m.value['tradeId'])).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: count }, (_, n) => n).filter((n) => n !== big));
    const letters = await readTopic(kafka, sinkTopics(prefix).deadLetters, new RecordDecoder());
    expect(letters).toHaveLength(1);
    expect(letters[0]?.value).toMatchObject({ stage: 'produce', sourceTopic: tradeTopic });
  });

  it('completes requests sent while its broker is stopped once it is started again, with no trade lost or written twice', async () => {
    // A broker of this test's own: the shared one keeps serving the tests running beside this one.
    await startLocalBroker(RESTART_BROKER);
    const own = `127.0.0.1:${RESTART_BROKER.port}`;
    const kafka = testKafka(own);
    const prefix = uniquePrefix('restart');
    const sink = createKafkaSink({
      producer: librdkafka(own, { partitions: 3 }),
      topicPrefix: prefix,
      encoding: { kind: 'single-object' },
      batch: { maxRecords: 200, maxDelayMs: 10 },
      retry: { initialDelayMs: 100, maxDelayMs: 1_000 },
      spoolDir,
      logger: silent,
    });
    await sink.start();
    const before = 1_000;
    const during = 1_000;
    try {
      for (let n = 0; n < before; n++) sink.write(trade(n));
      await expect.poll(() => sink.counters.acked, { timeout: 30_000 }).toBe(before);
      await stopLocalBroker(RESTART_BROKER);
      for (let n = before; n < before + during; n++) sink.write(trade(n));
      await sleep(3_000);
      expect(sink.counters.acked).toBe(before);
    } finally {
      await startLocalBroker(RESTART_BROKER);
    }
    await expect.poll(() => sink.counters.acked, { timeout: 60_000, interval: 200 }).toBe(before + during);
    const result = await sink.close({ deadlineMs: 30_000 });
    expect(result.undelivered).toBe(0);

    const messages = await readTopic(kafka, sinkTopics(prefix).records.trade, new RecordDecoder());
    expect(reconcile(messages, before + during)).toEqual({ missing: 0, duplicates: 0, outOfOrderKeys: [] });
  });

  it('tells its trouble listeners when the broker stops answering (librdkafka reports it by message, with code -1)', async () => {
    const [host = '127.0.0.1', brokerPort = '0'] = (brokers.split(',')[0] ?? '').split(':');
    const proxy = await startKafkaClientProxy({ port: 29_792, brokerHost: host, brokerPort: Number(brokerPort) });
    const port = librdkafka(proxy.address);
    const troubles: string[] = [];
    port.onTrouble((reason) => troubles.push(reason));
    try {
      await port.connect();
      expect(troubles).toEqual([]);
      await proxy.cut();
      const deadline = Date.now() + 15_000;
      while (troubles.length === 0 && Date.now() < deadline) await sleep(100);
      expect(troubles[0]).toMatch(/^librdkafka: .*(transport failure|broker connections are down|refused)/);
    } finally {
      await port.close();
      await proxy.close();
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
      brokers: [`127.0.0.1:${silentPort}`],
      clientId: 'sink-test-silent',
      admin: testKafka(brokers),
      connectTimeoutMs: 1_500,
      logger: silent,
    });
    try {
      const started = Date.now();
      const error = await port.connect().then(
        () => undefined,
        (e: unknown) => e,
      );
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
