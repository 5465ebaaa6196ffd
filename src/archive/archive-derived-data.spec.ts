import { DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import type { FeedRecordType } from '../model/index.js';
import { DERIVED_RECORDS } from '../sink/__fixtures__/derived-records.js';
import { compileSchema, toAvroValue } from '../sink/avro-codec.js';
import { RecordEncoder } from '../sink/record-encoder.js';
import { readRecordSchema } from '../sink/record-schemas.js';
import { sinkTopics } from '../sink/sink-topics.js';
import type { ArchiveMessage } from './archive-consumer.js';
import { archiveRowReader } from './archive-rows.js';
import { archiveDir, parquetFiles, removeTempDirs, runOnce } from './__fixtures__/scripted-group.js';

afterEach(removeTempDirs);

/** The derived data's records as the sink writes them, one partition per topic, in the order given. */
async function derivedLog(): Promise<Map<string, ArchiveMessage[]>> {
  const encoder = await RecordEncoder.create({ kind: 'single-object' }, sinkTopics());
  const log = new Map<string, ArchiveMessage[]>();
  for (const record of DERIVED_RECORDS) {
    const message = encoder.encodeRecord(record);
    const messages = log.get(`${message.topic}/0`) ?? [];
    messages.push({
      topic: message.topic,
      partition: 0,
      offset: messages.length,
      timestamp: record.receivedTs,
      key: Buffer.from(message.key),
      value: message.value,
    });
    log.set(`${message.topic}/0`, messages);
  }
  return log;
}

/** Every row of a table, made the Avro value of `type`'s schema as the backfill reads it back, in offset order. */
async function tableValues(dir: string, table: string, type: FeedRecordType): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      `SELECT * FROM read_parquet('${dir}/type=${table}/**/*.parquet', hive_partitioning = true, union_by_name = true) ORDER BY kafka_offset`,
    );
    const read = archiveRowReader(compileSchema(readRecordSchema(type)), reader.columnNames());
    return reader.getRows().map((row: DuckDBValue[]) => read(row));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('the derived data in the archive', () => {
  it('is a table per type, by exchange and UTC day of its venue time', async () => {
    const dir = archiveDir();
    await runOnce(dir, await derivedLog(), new Map());
    expect(new Set(parquetFiles(dir).map((file) => file.split('/').slice(0, 3).join('/')))).toEqual(
      new Set(
        ['book-changes', 'interval-book-snapshots', 'quotes', 'trade-bars'].flatMap((table) =>
          ['bybit', 'coinbase'].map((exchange) => `type=${table}/exchange=${exchange}/date=2026-08-09`),
        ),
      ),
    );
  });

  it.each([
    ['book_change', 'book-changes'],
    ['interval_book_snapshot', 'interval-book-snapshots'],
    ['quote', 'quotes'],
    ['trade_bar', 'trade-bars'],
  ] as const)('keeps every %s as written: lists of levels (empty ones too), zero sizes, absent sides and grouping as null', async (type, table) => {
    const dir = archiveDir();
    await runOnce(dir, await derivedLog(), new Map());
    const schema = readRecordSchema(type);
    const written = DERIVED_RECORDS.filter((record) => record.type === type).map((record) => toAvroValue(record, schema));
    expect(await tableValues(dir, table, type)).toEqual(written);
  });
});
