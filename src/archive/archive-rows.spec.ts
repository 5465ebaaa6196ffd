import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedRecordType } from '../model/index.js';
import { compileSchema } from '../sink/avro-codec.js';
import { readRecordSchema } from '../sink/record-schemas.js';
import { ArchiveRowError, archiveRowReader } from './archive-rows.js';

const KAFKA = `'market.trades.v1' AS kafka_topic, 2::INTEGER AS kafka_partition, 41::BIGINT AS kafka_offset,
  TIMESTAMPTZ '2026-11-26 10:00:00.125+00' AS kafka_timestamp, 'BTC-USDT' AS kafka_key`;
const TRADE_BASE = `'bybit' AS exchange, 'BTCUSDT' AS symbol, 'BTC' AS coin, 'USDT' AS quote,
  TIMESTAMPTZ '2026-11-26 10:00:00.123+00' AS exchangeTs, TIMESTAMPTZ '2026-11-26 10:00:00.124+00' AS receivedTs,
  false AS isFallback, 'prod' AS env, 'c1' AS connectionId, 't-9' AS tradeId, 65000.5::DOUBLE AS price,
  0.25::DOUBLE AS quantity, 'BUY' AS side, false AS isBuyerMaker`;

/** The trade's fields every version of the schema has, as written by hand. */
const TRADE_VALUE = {
  exchange: 'bybit',
  symbol: 'BTCUSDT',
  coin: 'BTC',
  quote: 'USDT',
  exchangeTs: Date.UTC(2026, 10, 26, 10, 0, 0, 123),
  receivedTs: Date.UTC(2026, 10, 26, 10, 0, 0, 124),
  isFallback: false,
  env: 'prod',
  connectionId: 'c1',
  tradeId: 't-9',
  price: 65000.5,
  quantity: 0.25,
  side: 'BUY',
  isBuyerMaker: false,
};

let dir: string;
let instance: DuckDBInstance;
let db: DuckDBConnection;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'archive-rows-'));
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
});

afterAll(() => {
  db.closeSync();
  instance.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

/** Writes one Parquet file from a SELECT, as DuckDB itself writes it. */
async function parquet(name: string, select: string): Promise<string> {
  const path = join(dir, `${name}.parquet`);
  await db.run(`COPY (${select}) TO '${path}' (FORMAT parquet, COMPRESSION zstd)`);
  return path;
}

/** Every row of the files, read as the backfill reads them, made Avro values of `type`'s current schema. */
async function avroValues(type: FeedRecordType, files: readonly string[]): Promise<Record<string, unknown>[]> {
  const list = files.map((file) => `'${file}'`).join(', ');
  const reader = await db.runAndReadAll(`SELECT * FROM read_parquet([${list}], union_by_name = true) ORDER BY kafka_partition, kafka_offset`);
  const read = archiveRowReader(compileSchema(readRecordSchema(type)), reader.columnNames());
  return reader.getRows().map((row: DuckDBValue[]) => read(row));
}

describe('archiveRowReader', () => {
  it('reads a row of the current schema: timestamps as epoch ms, BIGINT as numbers, enums as symbols; a column the schema lacks is left out', async () => {
    const file = await parquet(
      'current',
      `SELECT ${KAFKA}, ${TRADE_BASE}, 1234567890123::BIGINT AS seq, 'repair' AS source, 'BTC-USDT-PERP' AS instrument, 7::BIGINT AS newerField`,
    );
    const [value] = await avroValues('trade', [file]);
    expect(value).toEqual({ ...TRADE_VALUE, seq: 1234567890123, source: 'repair', instrument: 'BTC-USDT-PERP' });
    expect(Object.keys(value ?? {})).not.toContain('newerField');
    expect(Object.keys(value ?? {})).not.toContain('kafka_offset');
    const invalid: string[] = [];
    compileSchema(readRecordSchema('trade')).isValid(value, { errorHook: (path: string[]) => invalid.push(path.join('.')) });
    expect(invalid).toEqual([]);
  });

  it('gives a field an older file lacks its default (source live, instrument and seq null), alone or beside a newer file', async () => {
    const older = await parquet('older', `SELECT ${KAFKA}, ${TRADE_BASE}`);
    const newer = await parquet(
      'newer',
      `SELECT ${KAFKA.replace('41::BIGINT', '42::BIGINT')}, ${TRADE_BASE}, 5::BIGINT AS seq, 'repair' AS source, 'X' AS instrument`,
    );
    const expected = { ...TRADE_VALUE, seq: null, source: 'live', instrument: null };
    expect(await avroValues('trade', [older])).toEqual([expected]);
    expect(await avroValues('trade', [older, newer])).toEqual([expected, { ...TRADE_VALUE, seq: 5, source: 'repair', instrument: 'X' }]);
  });

  it('reads lists of structs as arrays of objects, leaving out struct fields the schema lacks', async () => {
    const file = await parquet(
      'book',
      `SELECT ${KAFKA}, 'binance' AS exchange, 'ETHUSDT' AS symbol, 'ETH' AS coin, 'USDT' AS quote,
        TIMESTAMPTZ '1970-01-01 00:00:01+00' AS exchangeTs, TIMESTAMPTZ '1970-01-01 00:00:02.5+00' AS receivedTs,
        true AS isFallback, 'testnet' AS env, 'c2' AS connectionId, 2::INTEGER AS depth,
        [{'price': 3000.5::DOUBLE, 'size': 1.5::DOUBLE, 'orders': 3}, {'price': 3000.25::DOUBLE, 'size': 2.0::DOUBLE, 'orders': 1}] AS bids,
        []::STRUCT(price DOUBLE, size DOUBLE)[] AS asks, 123456789012::BIGINT AS updateId, NULL::VARCHAR AS instrument`,
    );
    expect(await avroValues('book_snapshot', [file])).toEqual([
      {
        exchange: 'binance',
        symbol: 'ETHUSDT',
        coin: 'ETH',
        quote: 'USDT',
        exchangeTs: 1000,
        receivedTs: 2500,
        isFallback: true,
        env: 'testnet',
        connectionId: 'c2',
        depth: 2,
        bids: [
          { price: 3000.5, size: 1.5 },
          { price: 3000.25, size: 2 },
        ],
        asks: [],
        updateId: 123456789012,
        instrument: null,
      },
    ]);
  });

  it("reads an enum symbol the schema does not know as the enum's default, and refuses one of an enum without a default", async () => {
    const newSource = await parquet('new-source', `SELECT ${KAFKA}, ${TRADE_BASE.replace("'BUY' AS side", "'BUY' AS side")}, 'backfill' AS source`);
    expect((await avroValues('trade', [newSource]))[0]?.['source']).toBe('live');
    const badSide = await parquet('bad-side', `SELECT ${KAFKA}, ${TRADE_BASE.replace("'BUY' AS side", "'HOLD' AS side")}`);
    await expect(avroValues('trade', [badSide])).rejects.toThrow(
      new ArchiveRowError('side', "'HOLD' is not a symbol of marketfeed.v1.Side, which has no default"),
    );
  });

  it('refuses a null where the schema allows none and gives no default, naming the field', async () => {
    const file = await parquet('null-price', `SELECT ${KAFKA}, ${TRADE_BASE.replace('65000.5::DOUBLE AS price', 'NULL::DOUBLE AS price')}`);
    const error: unknown = await avroValues('trade', [file]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ArchiveRowError);
    expect((error as ArchiveRowError).path).toBe('price');
  });
});
