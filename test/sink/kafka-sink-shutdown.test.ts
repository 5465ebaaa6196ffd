import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { RecordDecoder } from '../../src/sink/record-decoder.js';
import { readTopic, reconcile, testKafka, uniquePrefix } from './sink-fixtures.js';
import { startStreamer } from './trade-streamer-process.js';

const DEADLINE_MS = 8_000;

describe('Kafka sink shutdown on SIGTERM', () => {
  const spoolDir = mkdtempSync(join(tmpdir(), 'sink-sigterm-'));
  afterAll(() => rmSync(spoolDir, { recursive: true, force: true }));

  it('exits 0 within the close deadline with every accepted trade in Kafka', async () => {
    const brokers = inject('kafkaBrokers');
    const prefix = uniquePrefix('sigterm');
    const streamer = await startStreamer({ KAFKA_BROKERS: brokers, TOPIC_PREFIX: prefix, SPOOL_DIR: spoolDir, CLOSE_DEADLINE_MS: String(DEADLINE_MS) });
    await sleep(3_000);
    const { code, exitMs, report, stderr } = await streamer.terminate();

    expect(code, stderr).toBe(0);
    expect(exitMs).toBeLessThan(DEADLINE_MS);
    expect(report?.undelivered).toBe(0);
    const accepted = report?.accepted ?? 0;
    expect(accepted).toBeGreaterThan(1_000);
    expect(readdirSync(spoolDir)).toEqual([]);

    const messages = await readTopic(testKafka(brokers), `${prefix}market.trades.v1`, new RecordDecoder());
    expect(messages.length).toBe(accepted);
    expect(reconcile(messages, accepted)).toEqual({ missing: 0, duplicates: 0, outOfOrderKeys: [] });
  });
});
