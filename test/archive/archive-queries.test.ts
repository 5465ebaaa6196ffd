import { mkdir, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startPipeline, type PipelineRun } from '../e2e/pipeline-harness.js';
import { pythonReaderInterpreter } from '../interop/python-topic-reader.js';
import type { CliProcess } from '../support/cli-process.js';
import { startArchiver } from './archiver-process.js';
import type { ConsumedRecord } from '../support/topic-reader.js';
import {
  readDocQueries,
  runClickHouseQueries,
  runPandasQueries,
  runSqlQueries,
  substitute,
  type QueryEngine,
  type QueryResult,
} from './archive-doc-queries.js';

const brokers = inject('kafkaBrokers');
const SPOT = 'BTC-USDT';
const PERPETUAL = 'BTC-USDT-PERP';

let run: PipelineRun | undefined;
let archiver: CliProcess | undefined;
afterAll(async () => {
  if (archiver !== undefined && (await Promise.race([archiver.exited.then(() => true), Promise.resolve(false)])) === false) await archiver.stop('SIGKILL');
  await run?.close();
});

type Row = Readonly<Record<string, unknown>>;
const num = (record: ConsumedRecord, field: string): number => Number(record.value[field]);
const str = (record: ConsumedRecord, field: string): string => String(record.value[field]);
/** Records in time order, ties in offset order (an instrument's records share a partition). */
const inTimeOrder = (records: readonly ConsumedRecord[]): ConsumedRecord[] =>
  [...records].sort((a, b) => num(a, 'exchangeTs') - num(b, 'exchangeTs') || Number(a.offset) - Number(b.offset));
const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const rowsOf = (result: QueryResult): Row[] => result.rows.map((row) => Object.fromEntries(result.columns.map((column, i) => [column, row[i]])));
const closeTo = (actual: unknown, expected: number, what: string): void => {
  expect(Math.abs(Number(actual) - expected), `${what}: ${String(actual)} vs ${expected}`).toBeLessThanOrEqual(Math.abs(expected) * 1e-9);
};

/**
 * The columns where ClickHouse's answer may differ from DuckDB's, with the largest relative difference
 * allowed: sums of doubles, which the two engines add in another order (each a few hundred terms of
 * one sign here, so both within about 1e-13 of the exact sum). Every other value must be equal.
 */
const SUMMED: Readonly<Record<string, readonly string[]>> = { 'vwap-1m': ['vwap', 'volume'] };
const SUM_TOLERANCE = 1e-12;

/** ClickHouse's answer to a query against DuckDB's to the query of the same name: the same columns, and row for row the same values. */
function expectSameAnswer(name: string, clickhouse: QueryResult, duckdb: QueryResult): void {
  expect(clickhouse.columns, `clickhouse ${name}: columns`).toEqual(duckdb.columns);
  expect(clickhouse.rows.length, `clickhouse ${name}: rows`).toBe(duckdb.rows.length);
  const summed = new Set(SUMMED[name] ?? []);
  duckdb.columns.forEach((column, c) => {
    const theirs = duckdb.rows.map((row) => row[c]);
    const ours = clickhouse.rows.map((row) => row[c]);
    if (!summed.has(column)) {
      expect(ours, `clickhouse ${name}: ${column}`).toEqual(theirs);
      return;
    }
    theirs.forEach((expected, r) => {
      const actual = Number(ours[r]);
      const what = `clickhouse ${name}: ${column} of row ${r}: ${String(ours[r])} vs DuckDB's ${String(expected)}`;
      expect(typeof ours[r], what).toBe('number');
      expect(Math.abs(actual - Number(expected)), what).toBeLessThanOrEqual(Math.abs(Number(expected)) * SUM_TOLERANCE);
    });
  });
}

/** Every Parquet file of the archive but its own working folder's. */
async function archiveFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir, { recursive: true });
  return names.filter((name) => name.endsWith('.parquet') && !name.startsWith(`_archive${sep}`)).map((name) => join(dir, name));
}

/** The rows of every file of the archive (read from the files' footers by DuckDB). */
async function archivedRows(dir: string): Promise<number> {
  const files = await archiveFiles(dir);
  if (files.length === 0) return 0;
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const list = files.map((file) => `'${file.replace(/'/g, "''")}'`).join(', ');
    const reader = await connection.runAndReadAll(`SELECT sum(num_rows)::BIGINT FROM parquet_file_metadata([${list}])`);
    return Number(reader.getRowsJS()[0]?.[0] ?? 0);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** What each documented query must answer, computed by hand from the records read from Kafka. */
function expectedAnswers(records: Readonly<Record<string, readonly ConsumedRecord[]>>, day: string, at: number): Record<string, (result: QueryResult) => void> {
  const trades = inTimeOrder((records['trade'] ?? []).filter((t) => t.key === SPOT && utcDay(num(t, 'exchangeTs')) === day)).sort(
    (a, b) => num(a, 'exchangeTs') - num(b, 'exchangeTs') || str(a, 'exchange').localeCompare(str(b, 'exchange')) || Number(a.offset) - Number(b.offset),
  );
  const bars = new Map<string, { exchange: string; minute: number; notional: number; volume: number; trades: number }>();
  for (const t of trades) {
    const minute = Math.floor(num(t, 'exchangeTs') / 60_000) * 60_000;
    const key = `${str(t, 'exchange')} ${minute}`;
    const bar = bars.get(key) ?? { exchange: str(t, 'exchange'), minute, notional: 0, volume: 0, trades: 0 };
    bar.notional += num(t, 'price') * num(t, 'quantity');
    bar.volume += num(t, 'quantity');
    bar.trades += 1;
    bars.set(key, bar);
  }
  const barList = [...bars.values()].sort((a, b) => a.exchange.localeCompare(b.exchange) || a.minute - b.minute);

  const tickers = inTimeOrder((records['derivative_ticker'] ?? []).filter((t) => t.key === PERPETUAL && t.value['fundingRate'] !== null));
  const lastOf = new Map<string, ConsumedRecord>();
  const funding: Row[] = [];
  for (const t of tickers) {
    const previous = lastOf.get(str(t, 'exchange'));
    lastOf.set(str(t, 'exchange'), t);
    if (previous !== undefined && previous.value['fundingRate'] === t.value['fundingRate'] && previous.value['nextFundingTs'] === t.value['nextFundingTs'])
      continue;
    funding.push({ exchange: str(t, 'exchange'), time: num(t, 'exchangeTs'), fundingRate: t.value['fundingRate'], nextFundingTs: t.value['nextFundingTs'] });
  }
  funding.sort((a, b) => String(a['exchange']).localeCompare(String(b['exchange'])));

  const books = new Map<string, ConsumedRecord>();
  for (const s of inTimeOrder((records['book_snapshot'] ?? []).filter((s) => s.key === SPOT && num(s, 'exchangeTs') <= at))) books.set(str(s, 'exchange'), s);
  const level = (l: unknown): Row => ({ price: (l as Row)['price'], size: (l as Row)['size'] });
  const bookRows = [...books.values()]
    .sort((a, b) => str(a, 'exchange').localeCompare(str(b, 'exchange')))
    .map((s) => [
      str(s, 'exchange'),
      num(s, 'exchangeTs'),
      num(s, 'updateId'),
      (s.value['bids'] as unknown[]).map(level),
      (s.value['asks'] as unknown[]).map(level),
    ]);

  return {
    'day-of-trades': (result) => {
      expect(result.columns).toEqual(['exchange', 'time', 'price', 'quantity', 'side']);
      expect(result.rows).toEqual(trades.map((t) => [str(t, 'exchange'), num(t, 'exchangeTs'), num(t, 'price'), num(t, 'quantity'), str(t, 'side')]));
    },
    'vwap-1m': (result) => {
      expect(result.columns).toEqual(['exchange', 'minute', 'vwap', 'volume', 'trades']);
      const rows = rowsOf(result);
      expect(rows.map((r) => [r['exchange'], r['minute'], r['trades']])).toEqual(barList.map((b) => [b.exchange, b.minute, b.trades]));
      barList.forEach((bar, i) => {
        closeTo(rows[i]?.['vwap'], bar.notional / bar.volume, `vwap ${bar.exchange} ${bar.minute}`);
        closeTo(rows[i]?.['volume'], bar.volume, `volume ${bar.exchange} ${bar.minute}`);
      });
    },
    'funding-history': (result) => {
      expect(result.columns).toEqual(['exchange', 'time', 'fundingRate', 'nextFundingTs']);
      expect(rowsOf(result)).toEqual(funding);
    },
    'book-at-time': (result) => {
      expect(result.columns).toEqual(['exchange', 'time', 'updateId', 'bids', 'asks']);
      expect(result.rows).toEqual(bookRows);
    },
  };
}

describe('docs/archive.md: the documented queries on an archive of a pipeline run', () => {
  it('answers each query, in DuckDB SQL, ClickHouse SQL and pandas, as the records read from Kafka do, and ClickHouse as DuckDB row for row', async () => {
    const python = await pythonReaderInterpreter();
    const queries = await readDocQueries();
    const dir = join(await mkdtemp(join(tmpdir(), 'mf-archive-queries-')), 'archive');
    run = await startPipeline({
      brokers,
      simulator: { venues: ['bybit', 'bybit_linear'], coins: ['BTC', 'ETH'], tradesPerSecond: 10 },
      args: ['--books', 'true', '--markets', 'spot,linear', '--venues', 'bybit,bybit_linear'],
    });
    archiver = startArchiver({ dir, prefix: run.prefix, brokers, rollSeconds: 2 });
    await sleep(15_000);
    expect(await run.cli.stop('SIGTERM')).toBe(0);
    const records = await run.read();
    const total = Object.values(records).reduce((sum, list) => sum + list.length, 0);

    // Caught up: every record read from Kafka is a row of a file.
    const deadline = Date.now() + 20_000;
    while ((await archivedRows(dir)) < total && Date.now() < deadline) await sleep(500);
    expect(await archivedRows(dir)).toBe(total);
    expect(await archiver.stop('SIGTERM')).toBe(0);
    expect(await archivedRows(dir)).toBe(total);

    const spotTrades = (records['trade'] ?? []).filter((t) => t.key === SPOT);
    const days = new Map<string, number>();
    for (const t of spotTrades) days.set(utcDay(num(t, 'exchangeTs')), (days.get(utcDay(num(t, 'exchangeTs'))) ?? 0) + 1);
    const day = [...days].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
    // T: the time of a snapshot in the middle of the run, to the millisecond (the query's "at or before" edge).
    const snapshots = inTimeOrder((records['book_snapshot'] ?? []).filter((s) => s.key === SPOT));
    const at = num(snapshots[Math.floor(snapshots.length / 2)] as ConsumedRecord, 'exchangeTs');
    const atText = new Date(at).toISOString().replace('T', ' ').replace('Z', '');
    expect(spotTrades.length).toBeGreaterThan(50);
    expect(snapshots.length).toBeGreaterThan(10);
    expect((records['derivative_ticker'] ?? []).filter((t) => t.key === PERPETUAL).length).toBeGreaterThan(20);

    const checks = expectedAnswers(records, day, at);
    // The doc shows each query for each engine, and every block it shows has a check.
    const engines: readonly QueryEngine[] = ['clickhouse', 'duckdb', 'pandas'];
    expect(queries.map((q) => `${q.engine} ${q.name}`).sort()).toEqual(
      Object.keys(checks)
        .flatMap((name) => engines.map((engine) => `${engine} ${name}`))
        .sort(),
    );
    const blocksOf = (engine: QueryEngine): Map<string, string> =>
      new Map(queries.filter((q) => q.engine === engine).map((q) => [q.name, substitute(q, { dir, day, at: atText })]));
    const sql = await runSqlQueries(blocksOf('duckdb'));
    const pandas = await runPandasQueries(python, blocksOf('pandas'));
    const clickhouse = await runClickHouseQueries(python, blocksOf('clickhouse'));
    for (const [name, check] of Object.entries(checks)) {
      for (const [language, results] of [
        ['sql', sql],
        ['pandas', pandas],
        ['clickhouse', clickhouse],
      ] as const) {
        const result = results.get(name);
        expect(result, `${language} ${name}`).toBeDefined();
        expect(result?.rows.length, `${language} ${name}: rows`).toBeGreaterThan(0);
        try {
          check(result as QueryResult);
        } catch (error) {
          throw new Error(`${language} ${name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }
      }
      expectSameAnswer(name, clickhouse.get(name) as QueryResult, sql.get(name) as QueryResult);
    }
  }, 120_000);
  it('gives the funding history as each change of the rate or of its funding time, per exchange (a hand-made table)', async () => {
    const python = await pythonReaderInterpreter();
    const dir = join(await mkdtemp(join(tmpdir(), 'mf-archive-funding-')), 'archive');
    // offset, exchange, exchangeTs (ms), fundingRate, nextFundingTs (ms): a rate seen before its funding
    // time, repeats, a null rate, a change and a change back, a new funding time at the same rate.
    const rows = [
      [1, 'bybit_linear', 1000, 0.0001, null],
      [2, 'bybit_linear', 2000, 0.0001, null],
      [3, 'bybit_linear', 3000, 0.0001, 8000],
      [4, 'okx_swap', 3500, 0.0003, 8000],
      [5, 'bybit_linear', 4000, 0.0001, 8000],
      [6, 'bybit_linear', 5000, null, 8000],
      [7, 'okx_swap', 5500, 0.0003, 8000],
      [8, 'bybit_linear', 6000, 0.0002, 8000],
      [9, 'bybit_linear', 7000, 0.0001, 8000],
      [10, 'bybit_linear', 9000, 0.0001, 16000],
    ] as const;
    const values = rows.map(([offset, exchange, ts, rate, next]) => `(${offset}, '${exchange}', ${ts}, ${rate ?? 'NULL'}, ${next ?? 'NULL'})`).join(', ');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    for (const exchange of ['bybit_linear', 'okx_swap']) {
      // Each exchange's rows in its own folder, as the archive writes them.
      const folder = join(dir, 'type=derivative-tickers', `exchange=${exchange}`, 'date=2026-11-25');
      await mkdir(folder, { recursive: true });
      await connection.run(
        `COPY (SELECT '${PERPETUAL}' AS kafka_key, o::BIGINT AS kafka_offset, e AS exchange, to_timestamp(ts / 1000) AS exchangeTs, r::DOUBLE AS fundingRate, ` +
          `to_timestamp(n / 1000) AS nextFundingTs FROM (VALUES ${values}) v(o, e, ts, r, n) WHERE e = '${exchange}') TO '${join(folder, 'f.parquet')}' (FORMAT parquet)`,
      );
    }
    connection.closeSync();
    instance.closeSync();
    const expected = [
      ['bybit_linear', 1000, 0.0001, null],
      ['bybit_linear', 3000, 0.0001, 8000],
      ['bybit_linear', 6000, 0.0002, 8000],
      ['bybit_linear', 7000, 0.0001, 8000],
      ['bybit_linear', 9000, 0.0001, 16000],
      ['okx_swap', 3500, 0.0003, 8000],
    ];
    const queries = await readDocQueries();
    const blocks = (engine: QueryEngine): Map<string, string> =>
      new Map(
        queries
          .filter((q) => q.engine === engine && q.name === 'funding-history')
          .map((q) => [q.name, substitute(q, { dir, day: '2026-11-25', at: '2026-11-25 12:00:00' })]),
      );
    expect((await runSqlQueries(blocks('duckdb'))).get('funding-history')?.rows).toEqual(expected);
    expect((await runPandasQueries(python, blocks('pandas'))).get('funding-history')?.rows).toEqual(expected);
    expect((await runClickHouseQueries(python, blocks('clickhouse'))).get('funding-history')?.rows).toEqual(expected);
  });
});
