import { DuckDBDataChunk, DuckDBInstance, type DuckDBAppender, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { ArchiveColumn } from './archive-columns.js';

/** Rows are handed to DuckDB this many at a time (its vector size). */
const CHUNK_ROWS = 2048;

/** How files are compressed: zstd at its default level. */
const PARQUET_OPTIONS = 'FORMAT parquet, COMPRESSION zstd';

/**
 * Rows of one file being gathered: a table of an in-memory DuckDB that rows go into a chunk at a
 * time, written out as one Parquet file (zstd) at the end. Not shared between files.
 */
export interface StagedTable {
  /** Adds a row: one value per column, in the columns' order (the Avro values, converted here). */
  add(row: readonly unknown[]): void;
  readonly rows: number;
  /** Writes every row to `path` as Parquet and drops the table; in the order the rows came. */
  writeParquet(path: string): Promise<void>;
  /** Drops the table unwritten. */
  discard(): Promise<void>;
}

/** One in-memory DuckDB holding every file being gathered, each in a table of its own. */
export class ParquetStage {
  private tables = 0;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(options: { readonly threads?: number } = {}): Promise<ParquetStage> {
    // Times are written as UTC instants (microseconds since the epoch): no time zone setting is involved.
    const instance = await DuckDBInstance.create(':memory:', options.threads === undefined ? {} : { threads: String(options.threads) });
    return new ParquetStage(instance, await instance.connect());
  }

  async table(columns: readonly ArchiveColumn[]): Promise<StagedTable> {
    const name = `staged_${++this.tables}`;
    await this.connection.run(`CREATE TABLE ${name} (${columns.map((column) => `"${column.name}" ${column.sqlType}`).join(', ')})`);
    const appender = await this.connection.createAppender(name);
    return new Staged(this.connection, name, appender, columns);
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

class Staged implements StagedTable {
  private pending: unknown[][];
  private count = 0;
  private buffered = 0;

  constructor(
    private readonly connection: DuckDBConnection,
    private readonly name: string,
    private readonly appender: DuckDBAppender,
    private readonly columns: readonly ArchiveColumn[],
  ) {
    this.pending = columns.map(() => []);
  }

  get rows(): number {
    return this.count;
  }

  add(row: readonly unknown[]): void {
    for (let i = 0; i < this.columns.length; i++) (this.pending[i] as unknown[]).push(row[i] ?? null);
    this.count++;
    if (++this.buffered === CHUNK_ROWS) this.flush();
  }

  async writeParquet(path: string): Promise<void> {
    this.flush();
    this.appender.closeSync();
    await this.connection.run(`COPY ${this.name} TO '${path.replace(/'/g, "''")}' (${PARQUET_OPTIONS})`);
    await this.connection.run(`DROP TABLE ${this.name}`);
  }

  async discard(): Promise<void> {
    this.appender.closeSync();
    await this.connection.run(`DROP TABLE ${this.name}`);
  }

  private flush(): void {
    if (this.buffered === 0) return;
    const chunk = DuckDBDataChunk.create(
      this.columns.map((column) => column.duckType),
      this.buffered,
    );
    for (let i = 0; i < this.columns.length; i++) {
      const convert = (this.columns[i] as ArchiveColumn).toDuck;
      chunk.setColumnValues(
        i,
        (this.pending[i] as unknown[]).map((value): DuckDBValue => (value === null ? null : convert(value))),
      );
    }
    this.appender.appendDataChunk(chunk);
    this.pending = this.columns.map(() => []);
    this.buffered = 0;
  }
}
