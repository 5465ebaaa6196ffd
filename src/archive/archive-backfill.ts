import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Logger } from 'pino';
import type { FeedRecordType } from '../model/index.js';
import { compileSchema, fromAvroValue } from '../sink/avro-codec.js';
import { findSchemasDir, readRecordSchema } from '../sink/record-schemas.js';
import type { RecordSink } from '../sink/record-sink.js';
import { RECORD_TOPICS } from '../sink/sink-topics.js';
import { HIVE_NULL, parseSegmentFileName, tableOf } from './archive-layout.js';
import { ArchiveRowError, archiveRowReader } from './archive-rows.js';

/** What to read back from an archive and where it goes. */
export interface BackfillConfig {
  /** The archive's folder (`market-feed archive --dir`). */
  readonly dir: string;
  /** The record types to read, one table each, in this order. */
  readonly types: readonly FeedRecordType[];
  /** First and last `date=` folder read (`YYYY-MM-DD`, inclusive); default every one. */
  readonly from?: string;
  readonly to?: string;
  /** The `exchange=` folders read (exchange ids); default every one. */
  readonly exchanges?: readonly string[];
  /** Where the records go (the Kafka sink, started). */
  readonly sink: RecordSink;
  /**
   * Records the sink holds unsent now (in memory and spooled). Reading waits while it reaches
   * `pacing.pauseAt`, until it is down to `pacing.resumeAt`, so a large archive never fills memory.
   */
  readonly pending?: () => number;
  readonly pacing?: { readonly pauseAt: number; readonly resumeAt: number };
  readonly logger: Logger;
  /** Ends reading early (what was written is still delivered by the caller's `close`). */
  readonly signal?: AbortSignal;
  /** How often a progress line is logged, ms; default 10 000. */
  readonly progressMs?: number;
  /** DuckDB's memory for sorting a table (it spills to a temporary folder beyond it); default `512MB`. */
  readonly memoryLimit?: string;
  /** The `schemas/` folder; default found above this module. */
  readonly schemasDir?: string;
}

/** What a backfill read and wrote. */
export interface BackfillResult {
  /** Records written to the sink, by record type. */
  readonly records: Readonly<Record<string, number>>;
  /** Parquet files read. */
  readonly files: number;
  /** Rows the current schema could not take (logged, not written). */
  readonly rowErrors: number;
  /** True when the signal ended reading before the end. */
  readonly interrupted: boolean;
}

/** How many row errors are logged one by one (the rest are counted). */
const LOGGED_ROW_ERRORS = 10;

/**
 * Reads an archive's tables back into a sink, record by record: each table's rows ordered by
 * topic, partition and offset (so every key's records keep their order), streamed from DuckDB a
 * chunk at a time, each row made the Avro value of the current schema and then its record. A
 * table is read one segment at a time (a file name says its topic, partition and offsets; a
 * segment's rows are spread over its exchange= and date= folders), so what DuckDB sorts at once is
 * one segment (at most the archiver's --roll-mb), never the whole table.
 */
export async function backfillArchive(config: BackfillConfig): Promise<BackfillResult> {
  const { logger, signal } = config;
  const schemasDir = config.schemasDir ?? findSchemasDir();
  const tempDir = await mkdtemp(join(tmpdir(), 'market-feed-backfill-'));
  const instance = await DuckDBInstance.create(':memory:', { memory_limit: config.memoryLimit ?? '512MB', temp_directory: tempDir });
  const connection = await instance.connect();
  const records: Record<string, number> = {};
  const state = { files: 0, rowErrors: 0, current: '' };
  const startedAt = Date.now();
  const progress = setInterval(
    () =>
      logger.info(
        { table: state.current, records, rowErrors: state.rowErrors, pending: config.pending?.(), seconds: (Date.now() - startedAt) / 1000 },
        'backfill progress',
      ),
    config.progressMs ?? 10_000,
  );
  try {
    for (const type of config.types) {
      if (signal?.aborted === true) break;
      const table = tableOf(RECORD_TOPICS[type]);
      const files = await archiveFiles(config.dir, table, config);
      if (files.length === 0) continue;
      state.files += files.length;
      state.current = table;
      logger.info({ table, files: files.length }, 'backfilling');
      records[type] = 0;
      await backfillTable(
        connection,
        type,
        files,
        schemasDir,
        config,
        (count) => (records[type] = (records[type] ?? 0) + count),
        (error) => {
          if (state.rowErrors++ < LOGGED_ROW_ERRORS) logger.warn({ table, err: error }, 'archived row does not fit the schema; skipped');
        },
      );
    }
  } finally {
    clearInterval(progress);
    connection.closeSync();
    instance.closeSync();
    await rm(tempDir, { recursive: true, force: true });
  }
  return { records, files: state.files, rowErrors: state.rowErrors, interrupted: signal?.aborted === true };
}

async function backfillTable(
  connection: DuckDBConnection,
  type: FeedRecordType,
  files: readonly string[],
  schemasDir: string,
  config: BackfillConfig,
  onWritten: (count: number) => void,
  onRowError: (error: ArchiveRowError) => void,
): Promise<void> {
  const avroType = compileSchema(readRecordSchema(type, schemasDir));
  for (const group of segmentGroups(files)) {
    const list = group.map((file) => `'${file.replaceAll("'", "''")}'`).join(', ');
    // The exchange is the exchange= folder (as text; the Hive null partition is an empty exchange); type= and date= are no fields.
    const result = await connection.stream(
      `SELECT * REPLACE (coalesce("exchange", '') AS "exchange")
         FROM read_parquet([${list}], hive_partitioning = true, hive_types_autocast = false, union_by_name = true)
         ORDER BY kafka_topic, kafka_partition, kafka_offset`,
    );
    const read = archiveRowReader(avroType, result.columnNames());
    for await (const rows of result.yieldRows()) {
      let written = 0;
      for (const row of rows) {
        let value: Record<string, unknown>;
        try {
          value = read(row);
        } catch (error) {
          if (!(error instanceof ArchiveRowError)) throw error;
          onRowError(error);
          continue;
        }
        config.sink.write(fromAvroValue(type, value));
        written++;
      }
      onWritten(written);
      await paced(config);
      if (config.signal?.aborted === true) return;
    }
  }
}

/**
 * The files grouped by the segment their names give (topic, partition, first offset), in Kafka
 * order: topic, partition, then offset. Files not named as segments make one group at the end.
 */
export function segmentGroups(files: readonly string[]): readonly (readonly string[])[] {
  const segments = new Map<string, { readonly topic: string; readonly partition: number; readonly first: number; readonly files: string[] }>();
  const unnamed: string[] = [];
  for (const file of files) {
    const segment = parseSegmentFileName(basename(file));
    if (segment === undefined) {
      unnamed.push(file);
      continue;
    }
    const id = `${segment.topic}\u0000${segment.partition}\u0000${segment.first}`;
    const group = segments.get(id) ?? { topic: segment.topic, partition: segment.partition, first: segment.first, files: [] };
    group.files.push(file);
    segments.set(id, group);
  }
  const ordered = [...segments.values()].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0) || a.partition - b.partition || a.first - b.first);
  return [...ordered.map((group) => group.files), ...(unnamed.length > 0 ? [unnamed] : [])];
}

/** Waits while the sink holds `pauseAt` unsent records or more, until it is down to `resumeAt`. */
export async function paced(config: Pick<BackfillConfig, 'pending' | 'pacing' | 'signal'>): Promise<void> {
  const { pending, pacing, signal } = config;
  if (pending === undefined || pacing === undefined || pending() < pacing.pauseAt) return;
  while (pending() > pacing.resumeAt && signal?.aborted !== true) await sleep(10);
}

/**
 * The Parquet files of one table, in the `exchange=` and `date=` folders asked for, sorted by path.
 * Folders starting with `_` or `.` are skipped, as Hive readers do.
 */
export async function archiveFiles(
  dir: string,
  table: string,
  filter: { readonly from?: string; readonly to?: string; readonly exchanges?: readonly string[] } = {},
): Promise<readonly string[]> {
  const files: string[] = [];
  const tableDir = join(dir, `type=${table}`);
  for (const exchangeDir of await folders(tableDir, 'exchange')) {
    if (filter.exchanges !== undefined && !filter.exchanges.includes(hiveDecoded(exchangeDir.value))) continue;
    for (const dateDir of await folders(exchangeDir.path, 'date')) {
      if ((filter.from !== undefined && dateDir.value < filter.from) || (filter.to !== undefined && dateDir.value > filter.to)) continue;
      const entries = await readdir(dateDir.path, { withFileTypes: true });
      for (const entry of entries) if (entry.isFile() && entry.name.endsWith('.parquet') && !hidden(entry.name)) files.push(join(dateDir.path, entry.name));
    }
  }
  return files.sort();
}

async function folders(dir: string, key: string): Promise<readonly { readonly path: string; readonly value: string }[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isDirectory() && entry.name.startsWith(`${key}=`) && !hidden(entry.name))
    .map((entry) => ({ path: join(dir, entry.name), value: entry.name.slice(key.length + 1) }));
}

function hidden(name: string): boolean {
  return name.startsWith('_') || name.startsWith('.');
}

/** A Hive folder value as written (`%2F` escapes undone); the null partition reads as the empty string. */
function hiveDecoded(value: string): string {
  if (value === HIVE_NULL) return '';
  return value.replace(/%([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
