import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { RECORD_TOPICS, sinkTopics } from '../../src/sink/sink-topics.js';
import { startPipeline } from '../e2e/pipeline-harness.js';
import { CliProcess } from '../support/cli-process.js';
import { startArchiver } from './archiver-process.js';
import { readTopics, type ConsumedRecord } from '../support/topic-reader.js';

const brokers = inject('kafkaBrokers');
const registryUrl = inject('schemaRegistryUrl');
const dir = mkdtempSync(join(tmpdir(), 'archive-backfill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every record type's records in the topics of `prefix`, read with the project's reader. */
async function recordsOf(prefix: string, registry?: string): Promise<Record<string, readonly ConsumedRecord[]>> {
  const topics = sinkTopics(prefix).records;
  const read = await readTopics(brokers.split(','), Object.values(topics), registry === undefined ? {} : { registryUrl: registry });
  return Object.fromEntries(Object.entries(topics).map(([type, topic]) => [type, read.get(topic) ?? []]));
}

/** Rows in the archive's folder of each table, counted by DuckDB. */
async function archivedRows(): Promise<Record<string, number>> {
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  const counts: Record<string, number> = {};
  try {
    for (const [type, topic] of Object.entries(RECORD_TOPICS)) {
      const table = topic.replace(/^market\./, '').replace(/\.v1$/, '');
      const reader = await db
        .runAndReadAll(`SELECT count(*)::INTEGER AS n FROM read_parquet('${dir}/type=${table}/**/*.parquet', hive_partitioning = false)`)
        .catch(() => undefined);
      counts[type] = Number(reader?.getRows()[0]?.[0] ?? 0);
    }
  } finally {
    db.closeSync();
    instance.closeSync();
  }
  return counts;
}

/** Each key's values in the order read (one partition per key, so in offset order), the values as JSON. */
function byKey(records: readonly ConsumedRecord[]): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const record of records) {
    const list = keys.get(record.key) ?? [];
    list.push(JSON.stringify(record.value));
    keys.set(record.key, list);
  }
  return keys;
}

function sortedPairs(records: readonly ConsumedRecord[]): string[] {
  return records.map((record) => `${record.key} ${JSON.stringify(record.value)}`).sort();
}

/** `market-feed replay --archive` into fresh topics; its exit code and stderr. */
async function backfill(prefix: string, more: readonly string[] = []): Promise<{ code: number | null; stderr: string }> {
  const replay = new CliProcess(['replay', '--archive', dir, '--kafka-brokers', brokers, '--kafka-topic-prefix', prefix, '--kafka-partitions', '3', ...more]);
  const code = await Promise.race([replay.exited, sleep(60_000).then(() => replay.stop('SIGKILL'))]);
  return { code, stderr: replay.stderrText };
}

/** The derived data types the live run makes and a backfill makes again from the archive. */
const DATA_TYPES = 'book_change,book_snapshot_5_100ms,quote_1s,trade_bar_1s';
const DERIVED = ['book_change', 'interval_book_snapshot', 'quote', 'trade_bar'];
/** Fewer records than these of a derived type and the comparison of live and backfilled says little. */
const FLOOR: Record<string, number> = { book_change: 20, interval_book_snapshot: 20, quote: 20, trade_bar: 3 };

describe('replay --archive', () => {
  let original: Record<string, readonly ConsumedRecord[]> = {};

  it('backfills an archive into fresh topics: per record type the same (key, value) pairs as live, each key in the same order', async () => {
    const run = await startPipeline({ brokers, args: ['--books', 'true', '--data-types', DATA_TYPES] });
    const archiver = startArchiver({ dir, prefix: run.prefix, brokers, rollSeconds: 2 });
    try {
      // Until the archive holds enough of each derived type for the backfill's comparison to mean something
      // (at least 10 s; a loaded machine makes fewer quotes and bars in that time).
      await sleep(10_000);
      const enough = (rows: Record<string, number>): boolean => DERIVED.every((type) => (rows[type] ?? 0) > FLOOR[type]!);
      const until = Date.now() + 60_000;
      let rows = await archivedRows();
      while (!enough(rows) && Date.now() < until) rows = await sleep(1_000).then(archivedRows);
      expect(enough(rows), JSON.stringify(rows)).toBe(true);
      expect(await run.cli.stop('SIGTERM', 30_000)).toBe(0);
      original = await recordsOf(run.prefix);
      const expected = Object.fromEntries(Object.entries(original).map(([type, list]) => [type, list.length]));
      // Every record live wrote is in the archive's files before the archiver stops.
      const deadline = Date.now() + 40_000;
      let archived = await archivedRows();
      while (JSON.stringify(archived) !== JSON.stringify(expected) && Date.now() < deadline) archived = await sleep(500).then(archivedRows);
      expect(archived).toEqual(expected);
      expect(await archiver.stop('SIGTERM', 30_000)).toBe(0);
    } finally {
      if (archiver.ended === undefined) await archiver.stop('SIGKILL');
      await run.close();
    }
    for (const type of ['trade', 'price_tick', 'book_ticker', 'window_stats', 'book_snapshot', 'book_stats', 'feed_status', ...DERIVED])
      expect(original[type]?.length, type).toBeGreaterThan(0);

    const prefix = `backfill-${randomUUID().slice(0, 8)}.`;
    const { code, stderr } = await backfill(prefix);
    expect(code, stderr.slice(-2000)).toBe(0);
    const total = Object.values(original).reduce((sum, list) => sum + list.length, 0);
    expect(stderr).toContain(`backfilled ${total} records`);
    expect(stderr).toContain('0 undelivered');
    const copied = await recordsOf(prefix);
    for (const [type, live] of Object.entries(original)) {
      const again = copied[type] ?? [];
      expect(sortedPairs(again), type).toEqual(sortedPairs(live));
      expect(byKey(again), type).toEqual(byKey(live));
      expect(new Set(again.map((record) => record.encoding)), type).toEqual(new Set(live.length === 0 ? [] : ['single-object']));
    }
  }, 150_000);

  it('backfills with Confluent framing through the schema registry: the same pairs, framed by registry ids', async () => {
    expect(Object.keys(original).length).toBeGreaterThan(0);
    const prefix = `backfill-cf-${randomUUID().slice(0, 8)}.`;
    const { code, stderr } = await backfill(prefix, ['--schema-registry-url', registryUrl, '--types', 'trade,book_snapshot,feed_status']);
    expect(code, stderr.slice(-2000)).toBe(0);
    const copied = await recordsOf(prefix, registryUrl);
    for (const type of ['trade', 'book_snapshot', 'feed_status']) {
      const again = copied[type] ?? [];
      expect(sortedPairs(again), type).toEqual(sortedPairs(original[type] ?? []));
      expect(byKey(again), type).toEqual(byKey(original[type] ?? []));
      expect(new Set(again.map((record) => record.encoding)), type).toEqual(new Set(['confluent']));
    }
    expect(copied['price_tick']).toEqual([]);
  }, 90_000);

  it("makes the data types from the archive's book changes, trades and statuses: the live run's records, each key in the same order", async () => {
    expect(Object.keys(original).length).toBeGreaterThan(0);
    const prefix = `backfill-derived-${randomUUID().slice(0, 8)}.`;
    const { code, stderr } = await backfill(prefix, ['--books', 'true', '--data-types', DATA_TYPES, '--types', 'trade']);
    expect(code, stderr.slice(-2000)).toBe(0);
    const made = await recordsOf(prefix);
    for (const type of DERIVED) {
      const again = made[type] ?? [];
      expect(again.length, `${type}: ${stderr.slice(-1500)}`).toBeGreaterThan(FLOOR[type]!);
      expect(sortedPairs(again), type).toEqual(sortedPairs(original[type] ?? []));
      expect(byKey(again), type).toEqual(byKey(original[type] ?? []));
    }
    expect(made['trade']?.length).toBe(original['trade']?.length);
    expect(made['book_snapshot']).toEqual([]);
  }, 90_000);

  it('exits 2 naming the flag when --input is given beside --archive', async () => {
    const replay = new CliProcess(['replay', '--archive', dir, '--input', 'capture.ndjson']);
    expect(await replay.exited).toBe(2);
    expect(replay.stderrText).toContain('--input');
  });
});
