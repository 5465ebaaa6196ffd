import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createLogger } from '../../src/logging/create-logger.js';
import { registerAllCompressionCodecs } from '../../src/kafka/compression-codecs.js';
import { createKafkaSink } from '../../src/sink/kafka-sink.js';
import { RecordDecoder } from '../../src/sink/record-decoder.js';
import { readTopic, reconcile, testKafka, trade, uniquePrefix, sinkProducer } from './sink-fixtures.js';

describe('Kafka sink compression', () => {
  const spoolDir = mkdtempSync(join(tmpdir(), 'sink-compression-'));
  afterAll(() => rmSync(spoolDir, { recursive: true, force: true }));

  it.each(['gzip', 'snappy', 'lz4'] as const)('produces %s-compressed batches that read back intact', async (compression) => {
    registerAllCompressionCodecs();
    const kafka = testKafka(inject('kafkaBrokers'));
    const prefix = uniquePrefix(compression);
    const sink = createKafkaSink({
      producer: sinkProducer(kafka, { partitions: 1, compression }),
      topicPrefix: prefix,
      encoding: { kind: 'single-object' },
      spoolDir,
      logger: createLogger({ level: 'silent' }),
    });
    await sink.start();
    for (let n = 0; n < 2_000; n++) sink.write(trade(n));
    expect((await sink.close({ deadlineMs: 20_000 })).undelivered).toBe(0);

    const messages = await readTopic(kafka, `${prefix}market.trades.v1`, new RecordDecoder());
    expect(reconcile(messages, 2_000)).toEqual({ missing: 0, duplicates: 0, outOfOrderKeys: [] });
    expect(messages).toHaveLength(2_000);
  });
});
