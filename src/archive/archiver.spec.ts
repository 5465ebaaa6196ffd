import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordDecoder } from '../sink/record-decoder.js';
import { findSchemasDir, readSchemaFile } from '../sink/record-schemas.js';
import { HIVE_NULL } from './archive-layout.js';
import type { ArchiveMessage } from './archive-consumer.js';
import {
  DAY,
  TOPIC,
  archiveDir,
  current,
  everyOffset,
  framed,
  offsetsArchived,
  parquetFiles,
  query,
  removeTempDirs,
  runOnce,
  tempDir,
  trade,
  tradeLog,
} from './__fixtures__/scripted-group.js';

afterEach(removeTempDirs);

describe('Archiver', () => {
  it('writes every record once, a file per exchange and UTC day of each segment, named by its partition and offsets', async () => {
    const dir = archiveDir();
    const log = tradeLog(60);
    const archiver = await runOnce(dir, log, new Map());
    expect(await offsetsArchived(dir)).toEqual(everyOffset(60));
    expect(archiver.counters.records).toBe(120);
    const files = parquetFiles(dir);
    // Trades of 10 s before midnight to 14 s after: both days, both exchanges on partition 0.
    expect(new Set(files.map((file) => file.split('/').slice(0, 3).join('/')))).toEqual(
      new Set([
        'type=trades/exchange=bybit/date=2026-11-24',
        'type=trades/exchange=bybit/date=2026-11-25',
        'type=trades/exchange=binance/date=2026-11-24',
        'type=trades/exchange=binance/date=2026-11-25',
      ]),
    );
    for (const file of files) expect(file).toMatch(/\/market\.trades\.v1_p[01]_o\d{12}-\d{12}\.parquet$/);
    // A file holds only rows of its partition and of offsets its name gives.
    for (const file of files) {
      const [, partition, first, last] = /_p(\d)_o(\d+)-(\d+)\.parquet$/.exec(file) ?? [];
      const rows = await query(
        `SELECT min(kafka_offset) AS lo, max(kafka_offset) AS hi, count(DISTINCT kafka_partition) AS n, any_value(kafka_partition) AS p FROM '${dir}/${file}'`,
      );
      expect([Number(rows[0]?.['n']), rows[0]?.['p']]).toEqual([1, Number(partition)]);
      expect(Number(rows[0]?.['lo'])).toBeGreaterThanOrEqual(Number(first));
      expect(Number(rows[0]?.['hi'])).toBeLessThanOrEqual(Number(last));
    }
  });

  it('keeps the values: times as UTC instants, enums as strings, an absent optional as null, the Kafka columns', async () => {
    const dir = archiveDir();
    await runOnce(dir, tradeLog(6), new Map());
    const rows = await query(
      `SELECT kafka_topic, kafka_partition, kafka_offset, epoch_ms(kafka_timestamp) AS kts, kafka_key, exchange, epoch_ms(exchangeTs) AS ets,
              price, quantity, side, seq, tradeId, typeof(exchangeTs) AS t
       FROM read_parquet('${dir}/type=trades/**/*.parquet') WHERE kafka_partition = 0 AND kafka_offset IN (0, 1) ORDER BY kafka_offset`,
    );
    // Offset 0: `trade(0, 'bybit', DAY - 10000)`; offset 1: binance's, 400 ms later (written by hand above).
    expect(rows).toEqual([
      {
        kafka_topic: TOPIC,
        kafka_partition: 0,
        kafka_offset: 0n,
        kts: BigInt(DAY - 9995),
        kafka_key: 'BTC-USDT',
        exchange: 'bybit',
        ets: BigInt(DAY - 10_000),
        price: 65000,
        quantity: 0.001,
        side: 'BUY',
        seq: null,
        tradeId: '1000',
        t: 'TIMESTAMP WITH TIME ZONE',
      },
      {
        kafka_topic: TOPIC,
        kafka_partition: 0,
        kafka_offset: 1n,
        kts: BigInt(DAY - 9595),
        kafka_key: 'BTC-USDT',
        exchange: 'binance',
        ets: BigInt(DAY - 9600),
        price: 65000.25,
        quantity: 0.002,
        side: 'SELL',
        seq: 1n,
        tradeId: '1001',
        t: 'TIMESTAMP WITH TIME ZONE',
      },
    ]);
  });

  it('writes a record that does not decode to the dead letters with its offset and bytes, and goes on', async () => {
    const dir = archiveDir();
    const log = tradeLog(10);
    const messages = log.get(`${TOPIC}/1`) as ArchiveMessage[];
    const garbage = Buffer.from('not avro at all');
    messages[4] = { ...(messages[4] as ArchiveMessage), value: garbage };
    messages[7] = { ...(messages[7] as ArchiveMessage), value: null };
    const archiver = await runOnce(dir, log, new Map());
    expect(archiver.counters.deadLetters).toBe(2);
    const dead = await query(`SELECT kafka_partition, kafka_offset, error, value FROM read_parquet('${dir}/dead-letters/**/*.parquet') ORDER BY kafka_offset`);
    expect(dead.map((row) => [row['kafka_partition'], row['kafka_offset'], Buffer.from((row['value'] as Uint8Array) ?? []).toString()])).toEqual([
      [1, 4n, 'not avro at all'],
      [1, 7n, ''],
    ]);
    expect(String(dead[0]?.['error'])).toMatch(/neither Confluent-framed nor single-object/);
    expect(String(dead[1]?.['error'])).toMatch(/no value/);
    const archived = await offsetsArchived(dir);
    expect(archived).toEqual(everyOffset(10).filter((offset) => offset !== '1/4' && offset !== '1/7'));
  });

  it("writes the pipeline's dead letters (a nullable exchange) in their exchange's folder, a null one in Hive's null folder, as a Hive reader reads them", async () => {
    const dir = archiveDir();
    const topic = 'market.dlq.v1';
    const schema = readSchemaFile('dead-letter.avsc');
    const letter = (n: number, exchange: string | null): Record<string, unknown> => ({
      stage: 'invalid_frame',
      error: 'not JSON',
      raw: `frame ${n}`,
      exchange,
      connectionId: null,
      recordType: null,
      sourceTopic: null,
      receivedTs: null,
      deadLetteredTs: DAY + 1000 * n,
    });
    const exchanges = ['bybit', null, 'binance', 'bybit'];
    const messages = exchanges.map((exchange, offset): ArchiveMessage => ({
      topic,
      partition: 0,
      offset,
      timestamp: DAY + 1000 * offset + 5,
      key: null,
      value: framed(schema, letter(offset, exchange)),
    }));
    await runOnce(dir, new Map([[`${topic}/0`, messages]]), new Map());
    expect(new Set(parquetFiles(dir).map((file) => file.split('/').slice(0, 3).join('/')))).toEqual(
      new Set(['type=dlq/exchange=bybit/date=2026-11-25', `type=dlq/exchange=${HIVE_NULL}/date=2026-11-25`, 'type=dlq/exchange=binance/date=2026-11-25']),
    );
    const table = `read_parquet('${dir}/type=dlq/**/*.parquet', hive_partitioning = true, union_by_name = true)`;
    expect(await query(`SELECT kafka_offset AS o, exchange, raw FROM ${table} ORDER BY o`)).toEqual([
      { o: 0n, exchange: 'bybit', raw: 'frame 0' },
      { o: 1n, exchange: null, raw: 'frame 1' },
      { o: 2n, exchange: 'binance', raw: 'frame 2' },
      { o: 3n, exchange: 'bybit', raw: 'frame 3' },
    ]);
    expect(await query(`SELECT kafka_offset AS o FROM ${table} WHERE exchange = 'bybit' ORDER BY o`)).toEqual([{ o: 0n }, { o: 3n }]);
  });

  it('puts records of a newer schema (a field added with a default) in the same table: older files read the column as null', async () => {
    const dir = archiveDir();
    const committed = new Map<string, number>();
    const log = tradeLog(10);
    await runOnce(dir, log, committed);
    // The schema gains `makerFee`; the archiver knows it (its schemas folder has it), and later trades carry it.
    const schemas = tempDir('mf-schemas-');
    cpSync(findSchemasDir(), schemas, { recursive: true });
    const newer = { ...current, fields: [...current.fields, { name: 'makerFee', type: ['null', 'double'], default: null, doc: 'Fee rate of the maker.' }] };
    writeFileSync(join(schemas, 'trade-event.avsc'), JSON.stringify(newer));
    for (const partition of [0, 1]) {
      const messages = log.get(`${TOPIC}/${partition}`) as ArchiveMessage[];
      for (let offset = 10; offset < 14; offset++) {
        const time = DAY + 60_000 + offset;
        messages.push({
          topic: TOPIC,
          partition,
          offset,
          timestamp: time,
          key: Buffer.from('BTC-USDT'),
          value: framed(newer, { ...trade(offset, 'bybit', time), makerFee: 0.0002 }),
        });
      }
    }
    await runOnce(dir, log, committed, { decoder: new RecordDecoder(undefined, schemas) });
    const rows = await query(
      `SELECT kafka_partition AS p, kafka_offset AS o, makerFee FROM read_parquet('${dir}/type=trades/**/*.parquet', union_by_name=true) WHERE kafka_offset IN (9, 10) ORDER BY 1, 2`,
    );
    expect(rows).toEqual([
      { p: 0, o: 9n, makerFee: null },
      { p: 0, o: 10n, makerFee: 0.0002 },
      { p: 1, o: 9n, makerFee: null },
      { p: 1, o: 10n, makerFee: 0.0002 },
    ]);
  });
});
