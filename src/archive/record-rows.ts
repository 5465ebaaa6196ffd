import type avro from 'avsc';
import type { Logger } from 'pino';
import { FeedError } from '../model/feed-error.js';
import type { TypedDecodedValue } from '../sink/record-decoder.js';
import { recordColumns, utcDate, type ArchiveColumn, type RecordColumns } from './archive-columns.js';
import type { ArchiveMessage } from './archive-consumer.js';
import { deadLetterFolder, recordFolder, tableOf } from './archive-layout.js';
import { DEAD_LETTER_COLUMNS, type RowSchema } from './partition-segment.js';

/** A retriable decode failure (the schema registry out of reach) is tried again after this long, ms. */
export const DECODE_RETRY_MS = 1_000;

const DAY_MS = 86_400_000;
/** Folders remembered at most (topics x exchanges x days seen lately). */
const FOLDERS_KEPT = 10_000;

/** Where a record goes and its row: a table's folder and its columns, or the dead letters' (`dead: true`). */
export interface RecordRow {
  readonly folder: string;
  readonly schema: RowSchema;
  readonly columns: readonly ArchiveColumn[];
  readonly values: unknown[];
  readonly dead: boolean;
  /** A decoded record's exchange (its folder's `exchange=`, not a column; undefined when its schema has none), and the field its time is taken from; none for a dead letter. */
  readonly record?: { readonly exchange: string | null | undefined; readonly dateField: string | undefined };
}

/**
 * Makes each Kafka record a row: decoded with the schema it names (a retriable failure, the registry
 * out of reach, tried again until the run stops), its folder from its table, exchange and day, its
 * values in its schema's columns. A record that does not decode, or whose schema has a type with no
 * column, is a dead letter's row: its offset, the reason and its bytes.
 */
export class RecordRows {
  private readonly columnsOf = new WeakMap<avro.Type, RecordColumns>();
  /** Folders by topic, exchange and UTC day: the same for every record of a partition's day. */
  private readonly folders = new Map<string, string>();

  constructor(
    private readonly decoder: { decodeTyped(value: Buffer): Promise<TypedDecodedValue> },
    private readonly topicPrefix: string,
    private readonly log: Logger,
  ) {}

  /** The row of a record; undefined when the run stopped while the registry was out of reach. */
  async rowOf(message: ArchiveMessage, signal: AbortSignal): Promise<RecordRow | undefined> {
    const kafka = [message.topic, message.partition, message.offset, message.timestamp, message.key?.toString('utf8') ?? null];
    let row: RecordRow;
    try {
      if (message.value === null) throw new Error('the record has no value (a tombstone)');
      const decoded = await this.decodeRetrying(message.value, signal);
      const columns = this.columnsFor(decoded.avroType);
      const value = decoded.value;
      const time = columns.dateField === undefined ? undefined : value[columns.dateField];
      const exchange = columns.exchangeField === undefined ? undefined : value[columns.exchangeField];
      const folder = this.folderOf(message.topic, typeof exchange === 'string' ? exchange : undefined, typeof time === 'number' ? time : message.timestamp);
      const values = [...kafka] as unknown[];
      for (const field of columns.fields) values.push(value[field] ?? null);
      row = {
        folder,
        schema: decoded.avroType,
        columns: columns.columns,
        values,
        dead: false,
        record: { exchange: columns.exchangeField === undefined ? undefined : typeof exchange === 'string' ? exchange : null, dateField: columns.dateField },
      };
    } catch (error) {
      if (signal.aborted && error instanceof FeedError && error.retriable) return undefined;
      const reason = error instanceof Error ? error.message : String(error);
      this.log.error(
        { topic: message.topic, partition: message.partition, offset: message.offset, error: reason },
        'undecodable record: written to the dead letters',
      );
      return {
        folder: deadLetterFolder(utcDate(Number.isFinite(new Date(message.timestamp).getTime()) ? message.timestamp : 0)),
        schema: 'dead-letter',
        columns: DEAD_LETTER_COLUMNS,
        values: [...kafka, reason, message.value],
        dead: true,
      };
    }
    return row;
  }

  private folderOf(topic: string, exchange: string | undefined, time: number): string {
    const day = Math.floor(time / DAY_MS);
    const key = `${topic}\u0000${exchange ?? ''}\u0000${day}`;
    let folder = this.folders.get(key);
    if (folder === undefined) {
      if (this.folders.size >= FOLDERS_KEPT) this.folders.clear();
      folder = recordFolder(tableOf(topic, this.topicPrefix), exchange, utcDate(day * DAY_MS));
      this.folders.set(key, folder);
    }
    return folder;
  }

  /** The columns of a schema (a schema with a type the archive has no column for throws `UnarchivableSchemaError`). */
  private columnsFor(avroType: avro.Type): RecordColumns {
    let columns = this.columnsOf.get(avroType);
    if (columns === undefined) {
      columns = recordColumns(avroType);
      this.columnsOf.set(avroType, columns);
    }
    return columns;
  }

  private async decodeRetrying(value: Buffer, signal: AbortSignal): Promise<TypedDecodedValue> {
    for (;;) {
      try {
        return await this.decoder.decodeTyped(value);
      } catch (error) {
        if (!(error instanceof FeedError && error.retriable) || signal.aborted) throw error;
        this.log.warn({ err: error }, 'cannot decode yet; trying again');
        await new Promise((resolve) => setTimeout(resolve, DECODE_RETRY_MS));
      }
    }
  }
}
