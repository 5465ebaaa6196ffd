import { FeedError } from '../model/feed-error.js';
import type { RecordRow } from '../archive/record-rows.js';
import { questTable, type QuestTable, type QuestType } from './questdb-tables.js';

/** A column's value as InfluxDB Line Protocol carries it (a null is a column left out). */
export type QuestValue =
  | { readonly type: 'VARCHAR'; readonly value: string }
  | { readonly type: 'BOOLEAN'; readonly value: boolean }
  | { readonly type: 'LONG'; readonly value: number }
  | { readonly type: 'DOUBLE'; readonly value: number }
  | { readonly type: 'TIMESTAMP'; readonly value: number };

/** One row for QuestDB: its table, its SYMBOL columns (which ILP sends first), its other columns, and its designated time (epoch ms). */
export interface QuestRow {
  readonly table: string;
  readonly symbols: readonly (readonly [string, string])[];
  readonly columns: readonly (readonly [string, QuestValue])[];
  readonly at: number;
}

/** The part of the ILP client a row is written to (`Sender` of @questdb/nodejs-client). */
export interface IlpRowWriter {
  table(name: string): unknown;
  symbol(name: string, value: string): unknown;
  stringColumn(name: string, value: string): unknown;
  booleanColumn(name: string, value: boolean): unknown;
  intColumn(name: string, value: number): unknown;
  floatColumn(name: string, value: number): unknown;
  timestampColumn(name: string, value: number, unit: 'ms'): unknown;
  at(timestamp: number, unit: 'ms'): Promise<void> | void;
}

/** Raised for a record that has no row: a value its column cannot hold (a time that is no number). Not retriable: the record is a dead letter. */
export class UnwritableRowError extends FeedError<{ readonly column: string }> {
  constructor(column: string, message: string) {
    super(`${column}: ${message}`, false, { column });
  }
}

/**
 * A row of the archive's row model as a QuestDB row of `table` (defined by `questTable`): each
 * column's value in its column's type, nested records and lists as JSON, bytes as base64; a null
 * value leaves its column out (QuestDB's null). The designated timestamp is sent as the row's time.
 */
export function questRowOf(table: QuestTable, row: Pick<RecordRow, 'columns' | 'values' | 'record'>): QuestRow {
  const symbols: [string, string][] = [];
  const columns: [string, QuestValue][] = [];
  let at: number | undefined;
  const types = table.types;
  const put = (name: string, raw: unknown): void => {
    if (raw === null || raw === undefined) return;
    const type = types.get(name) ?? 'VARCHAR';
    if (name === table.timestamp) {
      if (typeof raw !== 'number' || !Number.isFinite(raw))
        throw new UnwritableRowError(name, `the designated timestamp is not a time (${JSON.stringify(raw)})`);
      at = raw;
    } else if (type === 'SYMBOL') symbols.push([name, typeof raw === 'string' ? raw : JSON.stringify(raw)]);
    else columns.push([name, valueOf(name, type, raw)]);
  };
  row.columns.forEach((column, i) => put(column.name, row.values[i]));
  if (row.record?.exchange !== undefined) put('exchange', row.record.exchange);
  if (at === undefined) throw new UnwritableRowError(table.timestamp, 'the designated timestamp is missing');
  return { table: table.name, symbols, columns, at };
}

/** The QuestDB row of a `RecordRows` row, its table defined from the row itself. */
export function questRowOfRecord(tableName: string, row: RecordRow): { readonly table: QuestTable; readonly row: QuestRow } {
  const table = questTable(tableName, row);
  return { table, row: questRowOf(table, row) };
}

function valueOf(name: string, type: Exclude<QuestType, 'SYMBOL'>, raw: unknown): QuestValue {
  switch (type) {
    case 'BOOLEAN':
      if (typeof raw !== 'boolean') throw new UnwritableRowError(name, `expected a boolean, got ${typeof raw}`);
      return { type, value: raw };
    case 'INT':
    case 'LONG':
      if (typeof raw !== 'number' || !Number.isSafeInteger(raw)) throw new UnwritableRowError(name, `expected an integer, got ${JSON.stringify(raw)}`);
      return { type: 'LONG', value: raw };
    case 'FLOAT':
    case 'DOUBLE':
      if (typeof raw !== 'number') throw new UnwritableRowError(name, `expected a number, got ${typeof raw}`);
      return { type: 'DOUBLE', value: raw };
    case 'TIMESTAMP':
      if (typeof raw !== 'number' || !Number.isFinite(raw)) throw new UnwritableRowError(name, `expected a time, got ${JSON.stringify(raw)}`);
      return { type, value: raw };
    case 'VARCHAR':
      return { type, value: typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString('base64') : JSON.stringify(raw) };
  }
}

/** Writes one row to the ILP client's buffer: its symbols first, as the protocol wants them. */
export async function writeQuestRow(sender: IlpRowWriter, row: QuestRow): Promise<void> {
  sender.table(row.table);
  for (const [name, value] of row.symbols) sender.symbol(name, value);
  for (const [name, { type, value }] of row.columns) {
    if (type === 'VARCHAR') sender.stringColumn(name, value);
    else if (type === 'BOOLEAN') sender.booleanColumn(name, value);
    else if (type === 'LONG') sender.intColumn(name, value);
    else if (type === 'DOUBLE') sender.floatColumn(name, value);
    else sender.timestampColumn(name, value, 'ms');
  }
  await sender.at(row.at, 'ms');
}
