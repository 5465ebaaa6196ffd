import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedRecord } from '../model/index.js';
import type { RecordSink } from '../sink/record-sink.js';
import { archiveFiles, backfillArchive, segmentGroups } from './archive-backfill.js';

let dir: string;
let instance: DuckDBInstance;
let db: DuckDBConnection;

/** One archived trade row: where Kafka had it and the fields that tell it apart (its exchange is its folder's, not a column). */
function tradeRow(partition: number, offset: number, tradeId: string, price = '1.5::DOUBLE'): string {
  return `SELECT 'market.trades.v1' AS kafka_topic, ${partition}::INTEGER AS kafka_partition, ${offset}::BIGINT AS kafka_offset,
    TIMESTAMPTZ '2026-11-25 00:00:00+00' AS kafka_timestamp, 'BTC-USDT' AS kafka_key, 'BTCUSDT' AS symbol,
    'BTC' AS coin, 'USDT' AS quote, TIMESTAMPTZ '2026-11-25 00:00:01+00' AS exchangeTs, TIMESTAMPTZ '2026-11-25 00:00:02+00' AS receivedTs,
    false AS isFallback, 'prod' AS env, 'c' AS connectionId, '${tradeId}' AS tradeId, ${price} AS price, 2.0::DOUBLE AS quantity,
    'SELL' AS side, true AS isBuyerMaker, NULL::BIGINT AS seq, 'live' AS source, NULL::VARCHAR AS instrument`;
}

async function writeFile(folder: string, name: string, rows: readonly string[]): Promise<void> {
  mkdirSync(join(dir, folder), { recursive: true });
  await db.run(`COPY (${rows.join(' UNION ALL ')}) TO '${join(dir, folder, name)}' (FORMAT parquet)`);
}

/** A sink that keeps what it is given. */
function collectingSink(): RecordSink & { readonly records: FeedRecord[] } {
  const records: FeedRecord[] = [];
  return {
    records,
    start: async () => {},
    write: (record) => void records.push(record),
    deadLetter: () => {},
    close: () => Promise.resolve({ undelivered: 0 }),
  };
}

const logger = pino({ level: 'silent' });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'archive-backfill-'));
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
  // Partition 0's offsets 0..2 split over two days and two exchanges; partition 1 on its own.
  await writeFile('type=trades/exchange=bybit/date=2026-11-25', 'market.trades.v1_p0_o000000000000-000000000002.parquet', [
    tradeRow(0, 0, 'a'),
    tradeRow(0, 2, 'c'),
  ]);
  await writeFile('type=trades/exchange=binance/date=2026-11-26', 'market.trades.v1_p0_o000000000000-000000000002.parquet', [tradeRow(0, 1, 'b')]);
  await writeFile('type=trades/exchange=bybit/date=2026-11-27', 'market.trades.v1_p1_o000000000000-000000000001.parquet', [
    tradeRow(1, 1, 'e'),
    tradeRow(1, 0, 'd'),
  ]);
  // The archiver's own files and a table not asked for are never read.
  await writeFile('_archive/tmp', 'x.parquet', [tradeRow(9, 9, 'tmp')]);
  await writeFile('type=trades/exchange=bybit/date=2026-11-27/_tmp', 'y.parquet', [tradeRow(9, 9, 'hidden')]);
  await writeFile('type=ticks/exchange=bybit/date=2026-11-27', 'z.parquet', [tradeRow(9, 9, 'tick')]);
});

afterAll(() => {
  db.closeSync();
  instance.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

describe('archiveFiles', () => {
  const names = async (filter: Parameters<typeof archiveFiles>[2] = {}): Promise<string[]> =>
    (await archiveFiles(dir, 'trades', filter)).map((file) => relative(dir, file).split('/').slice(1, 3).join('/'));

  it("lists a table's files in its exchange= and date= folders, skipping the archiver's own", async () => {
    expect(await names()).toEqual(['exchange=binance/date=2026-11-26', 'exchange=bybit/date=2026-11-25', 'exchange=bybit/date=2026-11-27']);
    expect(await archiveFiles(dir, 'klines')).toEqual([]);
  });

  it('keeps the days from --from to --to, both included, and the exchanges asked for', async () => {
    expect(await names({ from: '2026-11-26', to: '2026-11-27' })).toEqual(['exchange=binance/date=2026-11-26', 'exchange=bybit/date=2026-11-27']);
    expect(await names({ to: '2026-11-25' })).toEqual(['exchange=bybit/date=2026-11-25']);
    expect(await names({ exchanges: ['binance'] })).toEqual(['exchange=binance/date=2026-11-26']);
  });
});

describe('segmentGroups', () => {
  it("groups a segment's files over its folders, in topic, partition and offset order, files not named as segments last", () => {
    const p0 = (first: number, folder: string): string =>
      `/a/${folder}/market.trades.v1_p0_o${String(first).padStart(12, '0')}-${String(first + 9).padStart(12, '0')}.parquet`;
    const p10 = '/a/x/market.trades.v1_p10_o000000000000-000000000009.parquet';
    const other = '/a/x/staging.market.trades.v1_p0_o000000000000-000000000009.parquet';
    expect(segmentGroups([p10, p0(100, 'y'), 'f.parquet', p0(20, 'x'), other, p0(100, 'x')])).toEqual([
      [p0(20, 'x')],
      [p0(100, 'y'), p0(100, 'x')],
      [p10],
      [other],
      ['f.parquet'],
    ]);
  });
});

describe('backfillArchive', () => {
  it('writes every row of the types asked for as a record, in Kafka order: topic, partition, offset', async () => {
    const sink = collectingSink();
    const result = await backfillArchive({ dir, types: ['trade'], sink, logger });
    expect(sink.records.map((record) => (record.type === 'trade' ? `${record.exchange}:${record.tradeId}` : record.type))).toEqual([
      'bybit:a',
      'binance:b',
      'bybit:c',
      'bybit:d',
      'bybit:e',
    ]);
    expect(sink.records[0]).toEqual({
      type: 'trade',
      exchange: 'bybit',
      symbol: 'BTCUSDT',
      coin: 'BTC',
      quote: 'USDT',
      exchangeTs: Date.UTC(2026, 10, 25, 0, 0, 1),
      receivedTs: Date.UTC(2026, 10, 25, 0, 0, 2),
      isFallback: false,
      env: 'prod',
      connectionId: 'c',
      tradeId: 'a',
      price: 1.5,
      quantity: 2,
      side: 'SELL',
      isBuyerMaker: true,
      source: 'live',
    });
    expect(result).toEqual({ records: { trade: 5 }, files: 3, rowErrors: 0, interrupted: false });
  });

  it('reads only the folders the filters keep', async () => {
    const sink = collectingSink();
    const result = await backfillArchive({ dir, types: ['trade', 'kline'], sink, logger, from: '2026-11-26', exchanges: ['bybit'] });
    expect(sink.records.map((record) => (record.type === 'trade' ? record.tradeId : record.type))).toEqual(['d', 'e']);
    expect(result.records).toEqual({ trade: 2 });
  });

  it('waits while the sink holds too much unsent, and goes on once it is down to the resume mark', async () => {
    const big = mkdtempSync(join(tmpdir(), 'archive-backfill-big-'));
    const folder = join(big, 'type=trades/exchange=bybit/date=2026-11-25');
    mkdirSync(folder, { recursive: true });
    // 5,000 rows: DuckDB hands them over in several chunks of 2,048 at most.
    const rows = tradeRow(0, 0, 'x').replace('0::BIGINT AS kafka_offset', 'range AS kafka_offset').replace("'x' AS tradeId", 'range::VARCHAR AS tradeId');
    await db.run(`COPY (${rows} FROM range(5000)) TO '${join(folder, 'f.parquet')}' (FORMAT parquet)`);
    let unsent = 0;
    const unsentAtWrite: number[] = [];
    const sink = collectingSink();
    const counting: RecordSink = { ...sink, write: (record) => (unsentAtWrite.push(unsent), sink.write(record), unsent++) };
    const draining = setInterval(() => (unsent = Math.max(0, unsent - 100)), 2);
    const result = await backfillArchive({
      dir: big,
      types: ['trade'],
      sink: counting,
      logger,
      pending: () => unsent,
      pacing: { pauseAt: 2048, resumeAt: 500 },
    });
    clearInterval(draining);
    rmSync(big, { recursive: true, force: true });
    expect(result.records).toEqual({ trade: 5000 });
    expect(sink.records.map((record) => (record.type === 'trade' ? Number(record.tradeId) : -1))).toEqual([...Array(5000).keys()]);
    // Each chunk after the first starts only once the sink is down to 500 unsent.
    const chunkStarts = [2048, 4096].map((index) => unsentAtWrite[index] ?? -1);
    for (const atStart of chunkStarts) expect(atStart).toBeLessThanOrEqual(500);
  });

  it('reads the Hive null exchange folder as an empty exchange, and decodes an escaped folder value', async () => {
    const odd = mkdtempSync(join(tmpdir(), 'archive-backfill-odd-'));
    for (const [folder, id] of [
      ['exchange=__HIVE_DEFAULT_PARTITION__', 'none'],
      ['exchange=a%2Fb', 'slash'],
    ] as const) {
      mkdirSync(join(odd, 'type=trades', folder, 'date=2026-11-25'), { recursive: true });
      await db.run(
        `COPY (${tradeRow(0, id === 'none' ? 0 : 1, id)}) TO '${join(odd, 'type=trades', folder, 'date=2026-11-25', `${id}.parquet`)}' (FORMAT parquet)`,
      );
    }
    const sink = collectingSink();
    await backfillArchive({ dir: odd, types: ['trade'], sink, logger });
    rmSync(odd, { recursive: true, force: true });
    expect(sink.records.map((record) => (record.type === 'trade' ? [record.tradeId, record.exchange] : []))).toEqual([
      ['none', ''],
      ['slash', 'a/b'],
    ]);
  });

  it('skips and counts a row the schema cannot take, and writes the others', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'archive-backfill-broken-'));
    const folder = join(broken, 'type=trades/exchange=bybit/date=2026-11-25');
    mkdirSync(folder, { recursive: true });
    await db.run(`COPY (${tradeRow(0, 0, 'ok')} UNION ALL ${tradeRow(0, 1, 'bad', 'NULL::DOUBLE')}) TO '${join(folder, 'f.parquet')}' (FORMAT parquet)`);
    const sink = collectingSink();
    const result = await backfillArchive({ dir: broken, types: ['trade'], sink, logger });
    rmSync(broken, { recursive: true, force: true });
    expect(sink.records.map((record) => (record.type === 'trade' ? record.tradeId : record.type))).toEqual(['ok']);
    expect(result).toMatchObject({ records: { trade: 1 }, rowErrors: 1 });
  });
});
