import type avro from 'avsc';
import { BLOB, VARCHAR, blobValue } from '@duckdb/node-api';
import { KAFKA_COLUMNS, type ArchiveColumn } from './archive-columns.js';
import type { ParquetStage, StagedTable } from './parquet-stage.js';

/** The columns of a dead-letter file: where the record was, why it did not decode, and its bytes. */
export const DEAD_LETTER_COLUMNS: readonly ArchiveColumn[] = [
  ...KAFKA_COLUMNS,
  { name: 'error', sqlType: 'VARCHAR', duckType: VARCHAR, toDuck: (value) => value as string },
  { name: 'value', sqlType: 'BLOB', duckType: BLOB, toDuck: (value) => (value === null ? null : blobValue(value as Buffer)) },
];

/** What the rows of one folder were written with: a record schema, or the dead letters' columns. */
export type RowSchema = avro.Type | 'dead-letter';

interface Group {
  readonly schema: RowSchema;
  readonly table: StagedTable;
}

/**
 * The records of one partition read since its last file was written: from offset `first` to
 * `last`, a staged table per folder (table, exchange and day) they go to. Written out together as
 * one segment: a file per folder, each named by the segment's offsets.
 */
export class PartitionSegment {
  first: number | undefined;
  last: number | undefined;
  /** The bytes of the Kafka values read into it: what `--roll-bytes` counts. */
  bytes = 0;
  records = 0;
  private readonly groups = new Map<string, Group>();

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly openedAt: number,
    private readonly stage: ParquetStage,
  ) {}

  /** Whether a row of `schema` can go to `folder`: a folder's file holds one schema. */
  fits(folder: string, schema: RowSchema): boolean {
    const group = this.groups.get(folder);
    return group === undefined || group.schema === schema;
  }

  async add(folder: string, schema: RowSchema, columns: readonly ArchiveColumn[], row: readonly unknown[], offset: number, bytes: number): Promise<void> {
    let group = this.groups.get(folder);
    if (group === undefined) {
      group = { schema, table: await this.stage.table(columns) };
      this.groups.set(folder, group);
    }
    group.table.add(row);
    this.first ??= offset;
    this.last = offset;
    this.bytes += bytes;
    this.records++;
  }

  /** The folders and their tables, in the order they were opened. */
  tables(): readonly (readonly [string, StagedTable])[] {
    return [...this.groups].map(([folder, group]) => [folder, group.table] as const);
  }

  async discard(): Promise<void> {
    for (const group of this.groups.values()) await group.table.discard();
    this.groups.clear();
  }
}
