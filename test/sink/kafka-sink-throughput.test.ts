import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createLogger } from '../../src/logging/create-logger.js';
import { createKafkaSink } from '../../src/sink/kafka-sink.js';
import { RecordDecoder } from '../../src/sink/record-decoder.js';
import { readTopic, reconcile, testKafka, trade, uniquePrefix, sinkProducer } from './sink-fixtures.js';

const TRADES = 100_000;

describe('Kafka sink throughput', () => {
  const spoolDir = mkdtempSync(join(tmpdir(), 'sink-100k-'));
  afterAll(() => rmSync(spoolDir, { recursive: true, force: true }));

  it('delivers 100,000 trades exactly once, in order per key', async () => {
    const kafka = testKafka(inject('kafkaBrokers'));
    const prefix = uniquePrefix('100k');
    const sink = createKafkaSink({
      producer: sinkProducer(kafka, { partitions: 3 }),
      topicPrefix: prefix,
      encoding: { kind: 'single-object' },
      batch: { maxRecords: 5_000, maxDelayMs: 20 },
      buffer: { maxRecords: 20_000 },
      spoolDir,
      logger: createLogger({ level: 'silent' }),
    });
    await sink.start();

    const started = performance.now();
    for (let n = 0; n < TRADES; n++) sink.write(trade(n));
    const writeSeconds = (performance.now() - started) / 1000;
    const { undelivered } = await sink.close({ deadlineMs: 120_000 });
    const seconds = (performance.now() - started) / 1000;
    console.info(
      `100k trades: ${Math.round(TRADES / seconds)} records/s (${seconds.toFixed(2)} s to all acked; ` +
        `write() loop ${writeSeconds.toFixed(2)} s; spilled ${sink.counters.spilled}, resent ${sink.counters.resent}, buffer high-water ${sink.counters.bufferedHighWater})`,
    );

    expect(undelivered).toBe(0);
    expect(sink.counters.acked).toBe(TRADES);
    expect(sink.counters.bufferedHighWater).toBeLessThanOrEqual(20_000);
    expect(readdirSync(spoolDir)).toEqual([]);

    const messages = await readTopic(kafka, `${prefix}market.trades.v1`, new RecordDecoder(), { timeoutMs: 90_000 });
    expect(messages.length).toBe(TRADES);
    expect(reconcile(messages, TRADES)).toEqual({ missing: 0, duplicates: 0, outOfOrderKeys: [] });
    expect(new Set(messages.map((m) => m.key))).toEqual(new Set(['BTC-USDT', 'ETH-USDT', 'SOL-USDT', 'XRP-USDT', 'DOGE-USDT']));
  });

  it('keeps every produce request under the broker message size limit when a record-count batch would exceed it', async () => {
    const kafka = testKafka(inject('kafkaBrokers'));
    const prefix = uniquePrefix('bytes');
    const count = 20_000;
    const sink = createKafkaSink({
      producer: sinkProducer(kafka, { partitions: 1 }),
      topicPrefix: prefix,
      encoding: { kind: 'single-object' },
      batch: { maxRecords: 10_000, maxDelayMs: 20 },
      buffer: { maxRecords: count },
      spoolDir,
      logger: createLogger({ level: 'silent' }),
    });
    await sink.start();
    // About 500 bytes a record: 10,000 of them would be a 5 MB request, over the broker's 1 MB limit.
    for (let n = 0; n < count; n++) sink.write({ ...trade(n), connectionId: `connection-${'x'.repeat(380)}` });
    const { undelivered } = await sink.close({ deadlineMs: 120_000 });

    expect(undelivered).toBe(0);
    expect(sink.counters).toMatchObject({ acked: count, sendFailures: 0, rejected: 0, deadLettered: 0 });
    const messages = await readTopic(kafka, `${prefix}market.trades.v1`, new RecordDecoder(), { timeoutMs: 90_000 });
    expect(reconcile(messages, count)).toEqual({ missing: 0, duplicates: 0, outOfOrderKeys: [] });
  });
});
