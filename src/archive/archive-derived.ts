import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { Subject } from 'rxjs';
import { BookChangeViews } from '../derived/book-change-views.js';
import type { DerivedDataType } from '../derived/data-types.js';
import { bookDerivedData, tradeBars, type BookDataType, type TradeDataType } from '../derived/derived-data.js';
import type { FeedEvent, FeedRecord, FeedRecordType, FeedStatus, OrderBookView } from '../model/index.js';
import { compileSchema, fromAvroValue } from '../sink/avro-codec.js';
import { findSchemasDir, readRecordSchema } from '../sink/record-schemas.js';
import { RECORD_TOPICS } from '../sink/sink-topics.js';
import { archiveFiles, paced, type BackfillConfig } from './archive-backfill.js';
import { tableOf } from './archive-layout.js';
import { ArchiveRowError, archiveRowReader } from './archive-rows.js';

/** What to derive from an archive (the backfill's reading, its tables aside), and where it goes. */
export type ArchiveDerivationConfig = Omit<BackfillConfig, 'types' | 'progressMs'> & {
  /** The data types to make (`--data-types`). */
  readonly dataTypes: readonly DerivedDataType[];
};

/** What a derivation read and wrote. */
export interface ArchiveDerivationResult {
  /** Records written, by record type. */
  readonly records: Readonly<Record<string, number>>;
  /** Archived rows read, by table's record type. */
  readonly read: Readonly<Record<string, number>>;
  readonly rowErrors: number;
  readonly interrupted: boolean;
}

/** The archived records one table gives, in venue order: by receive time (a status by its time), then as Kafka held them. */
interface Source {
  readonly type: FeedRecordType;
  readonly next: () => Promise<FeedRecord | undefined>;
  readonly close: () => void;
}

/** A record's place in time, and at one time, records before the statuses they led to (a resync is said after the update that broke the book). */
const timeOf = (record: FeedRecord): number =>
  record.type === 'feed_status' ? record.ts : record.type === 'trade' || record.type === 'book_change' ? record.receivedTs : 0;
const rankOf = (record: FeedRecord): number => (record.type === 'feed_status' ? 1 : 0);

/**
 * The data types asked for, made from an archive's book changes, trades and statuses by the operators
 * that make them live (`bookDerivedData`, `tradeBars`): the three tables read in time order and merged,
 * each book rebuilt from its changes (`BookChangeViews`), every status resetting what it resets live.
 * The same records a live run made, where the archive holds what it published.
 */
export async function deriveFromArchive(config: ArchiveDerivationConfig): Promise<ArchiveDerivationResult> {
  const bookTypes = config.dataTypes.filter((type): type is BookDataType => type.kind !== 'trade_bar');
  const barTypes = config.dataTypes.filter((type): type is TradeDataType => type.kind === 'trade_bar');
  const tables: FeedRecordType[] = [
    'feed_status',
    ...(bookTypes.length > 0 ? (['book_change'] as const) : []),
    ...(barTypes.length > 0 ? (['trade'] as const) : []),
  ];
  const schemasDir = config.schemasDir ?? findSchemasDir();
  const tempDir = await mkdtemp(join(tmpdir(), 'market-feed-derive-'));
  const instance = await DuckDBInstance.create(':memory:', { memory_limit: config.memoryLimit ?? '512MB', temp_directory: tempDir });
  const records: Record<string, number> = {};
  const read: Record<string, number> = {};
  let rowErrors = 0;
  const events = new Subject<FeedEvent>();
  const books = new Subject<OrderBookView | FeedStatus>();
  const write = (record: FeedRecord): void => {
    config.sink.write(record);
    records[record.type] = (records[record.type] ?? 0) + 1;
  };
  const subscriptions = [
    ...(bookTypes.length > 0 ? [books.pipe(bookDerivedData(bookTypes)).subscribe(write)] : []),
    ...(barTypes.length > 0 ? [events.pipe(tradeBars(barTypes)).subscribe(write)] : []),
  ];
  const sources: Source[] = [];
  try {
    sources.push(
      ...(await Promise.all(
        tables.map((type) =>
          tableSource(instance, type, config, schemasDir, (error) => {
            if (rowErrors++ < 10) config.logger.warn({ type, err: error }, 'archived row does not fit the schema; skipped');
          }),
        ),
      )),
    );
    const views = new BookChangeViews();
    const heads = await Promise.all(sources.map((source) => source.next()));
    let count = 0;
    for (;;) {
      let at = -1;
      for (const [i, head] of heads.entries()) {
        if (head === undefined) continue;
        const best = at < 0 ? undefined : heads[at];
        if (best === undefined || timeOf(head) < timeOf(best) || (timeOf(head) === timeOf(best) && rankOf(head) < rankOf(best))) at = i;
      }
      const record = heads[at];
      const source = sources[at];
      if (record === undefined || source === undefined) break;
      read[record.type] = (read[record.type] ?? 0) + 1;
      if (record.type === 'feed_status') {
        books.next(record);
        events.next(record);
      } else if (record.type === 'book_change') {
        const view = views.view(record);
        if (view !== undefined) books.next(view);
      } else if (record.type === 'trade') events.next(record);
      heads[at] = await source.next();
      if (++count % 1000 === 0) {
        await paced(config);
        if (config.signal?.aborted === true) break;
      }
    }
    books.complete();
    events.complete();
  } finally {
    for (const subscription of subscriptions) subscription.unsubscribe();
    for (const source of sources) source.close();
    instance.closeSync();
    await rm(tempDir, { recursive: true, force: true });
  }
  return { records, read, rowErrors, interrupted: config.signal?.aborted === true };
}

/** One archived table's records in time order (DuckDB sorts it, spilling past its memory limit), a chunk at a time. */
async function tableSource(
  instance: DuckDBInstance,
  type: FeedRecordType,
  config: ArchiveDerivationConfig,
  schemasDir: string,
  onRowError: (error: ArchiveRowError) => void,
): Promise<Source> {
  const files = await archiveFiles(config.dir, tableOf(RECORD_TOPICS[type]), config);
  if (files.length === 0) return { type, next: () => Promise.resolve(undefined), close: () => undefined };
  // A connection streams one result at a time: one for each table read side by side.
  const connection = await instance.connect();
  const list = files.map((file) => `'${file.replaceAll("'", "''")}'`).join(', ');
  const time = type === 'feed_status' ? '"ts"' : '"receivedTs"';
  const result = await connection.stream(
    `SELECT * REPLACE (coalesce("exchange", '') AS "exchange")
       FROM read_parquet([${list}], hive_partitioning = true, hive_types_autocast = false, union_by_name = true)
       ORDER BY ${time}, kafka_topic, kafka_partition, kafka_offset`,
  );
  const readRow = archiveRowReader(compileSchema(readRecordSchema(type, schemasDir)), result.columnNames());
  const chunks = result.yieldRows();
  let rows: readonly (readonly DuckDBValue[])[] = [];
  let index = 0;
  const next = async (): Promise<FeedRecord | undefined> => {
    for (;;) {
      while (index < rows.length) {
        const row = rows[index++];
        if (row === undefined) continue;
        try {
          return fromAvroValue(type, readRow(row));
        } catch (error) {
          if (!(error instanceof ArchiveRowError)) throw error;
          onRowError(error);
        }
      }
      const chunk = await chunks.next();
      if (chunk.done === true) return undefined;
      rows = chunk.value;
      index = 0;
    }
  };
  return { type, next, close: () => connection.closeSync() };
}
