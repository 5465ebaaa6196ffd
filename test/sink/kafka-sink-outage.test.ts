import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLogger } from '../../src/logging/create-logger.js';
import { DEFAULT_SEND_BATCH, createKafkaSink } from '../../src/sink/kafka-sink.js';
import { createLibrdkafkaProducer } from '../../src/kafka/librdkafka-producer.js';
import { RecordDecoder } from '../../src/sink/record-decoder.js';
import { removeLocalBroker, startLocalBroker, stopLocalBroker, type LocalBroker } from '../support/kafka-broker.js';
import { readTopic, reconcile, reconcileAtLeastOnce, sinkProducer, trade, uniquePrefix } from './sink-fixtures.js';
import { startStreamer } from './trade-streamer-process.js';

/** A broker of this test's own: the shared one must keep running for the other tests. Port 29192 unless MARKET_FEED_TEST_OUTAGE_KAFKA_PORT says otherwise (two checkouts testing at once). */
const OUTAGE_BROKER: LocalBroker = {
  port: Number(process.env['MARKET_FEED_TEST_OUTAGE_KAFKA_PORT'] ?? 29192),
  runDir: join(process.cwd(), '.cache', 'kafka', 'outage-run'),
};
const BUFFER_BOUND = 2_000;
const OUTAGE_MS = 20_000;

const local = inject('kafkaSource') === 'local';

describe.skipIf(!local)('Kafka sink across a broker outage (needs the local jar broker; skipped with an external or containerised broker)', () => {
  const spoolDir = mkdtempSync(join(tmpdir(), 'sink-outage-'));

  beforeAll(async () => {
    await startLocalBroker(OUTAGE_BROKER);
  });

  afterAll(async () => {
    rmSync(spoolDir, { recursive: true, force: true });
    await removeLocalBroker(OUTAGE_BROKER);
  });

  it.each(['kafkajs', 'librdkafka'] as const)(
    'spills trades to disk while the broker is down for 20 s and delivers each exactly once after it returns (%s producer)',
    async (client) => {
      const kafka = outageKafka();
      const prefix = uniquePrefix(`outage-${client}`);
      const producer =
        client === 'kafkajs'
          ? sinkProducer(kafka, { partitions: 3 })
          : createLibrdkafkaProducer({
              brokers: [`127.0.0.1:${OUTAGE_BROKER.port}`],
              clientId: 'sink-outage',
              admin: kafka,
              topics: { partitions: 3 },
              logger: createLogger({ level: 'silent' }),
            });
      const sink = createKafkaSink({
        producer,
        topicPrefix: prefix,
        encoding: { kind: 'single-object' },
        batch: { maxRecords: 500, maxDelayMs: 20 },
        buffer: { maxRecords: BUFFER_BOUND },
        spoolSegmentRecords: 5_000,
        retry: { initialDelayMs: 100, maxDelayMs: 1_000 },
        spoolDir,
        logger: createLogger({ level: 'silent' }),
      });
      await sink.start();

      let next = 0;
      let largestBuffer = 0;
      const ticker = setInterval(() => {
        for (let i = 0; i < 20; i++) sink.write(trade(next++));
        largestBuffer = Math.max(largestBuffer, sink.counters.buffered);
      }, 10);

      await sleep(2_000);
      await stopLocalBroker(OUTAGE_BROKER);
      const downAt = Date.now();
      const acceptedAtStop = next;
      await sleep(OUTAGE_MS);
      const spilledDuringOutage = sink.counters.spilled;
      await startLocalBroker(OUTAGE_BROKER);
      const downMs = Date.now() - downAt;
      await sleep(3_000);
      clearInterval(ticker);

      const { undelivered } = await sink.close({ deadlineMs: 60_000 });
      const accepted = next;
      console.info(
        `outage (${client}): broker down ${downMs} ms; accepted ${accepted} trades (${accepted - acceptedAtStop} after the stop); counters ${JSON.stringify(sink.counters)}`,
      );

      expect(downMs).toBeGreaterThanOrEqual(OUTAGE_MS);
      expect(spilledDuringOutage).toBeGreaterThan(0);
      expect(undelivered).toBe(0);
      expect(readdirSync(spoolDir)).toEqual([]);
      expect(sink.counters.resent).toBe(sink.counters.spilled);
      expect(largestBuffer).toBeLessThanOrEqual(BUFFER_BOUND);
      expect(sink.counters.bufferedHighWater).toBeLessThanOrEqual(BUFFER_BOUND);

      const messages = await readTopic(kafka, `${prefix}market.trades.v1`, new RecordDecoder(), { timeoutMs: 60_000 });
      expect(messages.length).toBe(accepted);
      expect(reconcile(messages, accepted)).toEqual({ missing: 0, duplicates: 0, outOfOrderKeys: [] });
    },
  );

  it('keeps what a SIGTERM-ed process could not deliver while the broker was down in the spool, and delivers it on the next start', async () => {
    await startLocalBroker(OUTAGE_BROKER);
    const prefix = uniquePrefix('sigterm-down');
    const dir = join(spoolDir, 'sigterm');
    const streamer = await startStreamer({
      KAFKA_BROKERS: `127.0.0.1:${OUTAGE_BROKER.port}`,
      TOPIC_PREFIX: prefix,
      SPOOL_DIR: dir,
      CLOSE_DEADLINE_MS: '3000',
    });
    await sleep(1_500);
    await stopLocalBroker(OUTAGE_BROKER);
    await sleep(1_500);
    const { code, exitMs, report, stderr } = await streamer.terminate();
    expect(code, stderr).toBe(0);
    // The close keeps its 3 s deadline (its timers late by a busy machine at most half a second); the exit follows it.
    expect(report?.closeMs).toBeLessThanOrEqual(3_000 + 500);
    expect(exitMs).toBeLessThan(3_000 + 2_000);
    const accepted = report?.accepted ?? 0;
    expect(report?.undelivered).toBeGreaterThan(0);
    expect(readdirSync(dir).length).toBeGreaterThan(0);

    await startLocalBroker(OUTAGE_BROKER);
    const kafka = outageKafka();
    const next = createKafkaSink({
      producer: sinkProducer(kafka),
      topicPrefix: prefix,
      encoding: { kind: 'single-object' },
      spoolDir: dir,
      logger: createLogger({ level: 'silent' }),
    });
    await next.start();
    const { undelivered } = await next.close({ deadlineMs: 30_000 });
    expect(undelivered).toBe(0);
    expect(next.counters.resent).toBe(report?.undelivered);
    expect(readdirSync(dir)).toEqual([]);

    // The request in flight when the broker went away may have been appended without an answer, in
    // some of its partitions or all: the next process sends it again from the spool (at-least-once,
    // README "Delivery guarantees"). Its repeats lie within one request's records.
    const messages = await readTopic(kafka, `${prefix}market.trades.v1`, new RecordDecoder(), { timeoutMs: 60_000 });
    const result = reconcileAtLeastOnce(messages, accepted);
    expect(result).toMatchObject({ missing: 0, outOfOrderKeys: [] });
    expect(result.duplicateSpan).toBeLessThanOrEqual(DEFAULT_SEND_BATCH.maxRecords);
    expect(result.duplicates).toBeLessThanOrEqual(DEFAULT_SEND_BATCH.maxRecords);
  });
});

function outageKafka(): Kafka {
  return new Kafka({
    clientId: 'outage-test',
    brokers: [`127.0.0.1:${OUTAGE_BROKER.port}`],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    retry: { initialRetryTime: 100, maxRetryTime: 1_000 },
  });
}
