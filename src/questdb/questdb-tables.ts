import type avro from 'avsc';
import type { ArchiveColumn } from '../archive/archive-columns.js';
import { tableOf } from '../archive/archive-layout.js';
import type { RecordRow } from '../archive/record-rows.js';

/** The QuestDB column types a row is written as. */
export type QuestType = 'SYMBOL' | 'VARCHAR' | 'BOOLEAN' | 'INT' | 'LONG' | 'FLOAT' | 'DOUBLE' | 'TIMESTAMP';

export interface QuestColumn {
  readonly name: string;
  readonly type: QuestType;
}

/** A table as `market-feed questdb` creates it: its columns, its designated timestamp and its deduplication keys. */
export interface QuestTable {
  readonly name: string;
  /** Every column, the designated timestamp among them. */
  readonly columns: readonly QuestColumn[];
  /** The columns' types by name. */
  readonly types: ReadonlyMap<string, QuestType>;
  /** The designated timestamp (the record's exchange time; the Kafka timestamp of a dead letter). */
  readonly timestamp: string;
  /** `DEDUP UPSERT KEYS`: the designated timestamp first, then what identifies a record of the table. */
  readonly keys: readonly string[];
}

/** The table of records that could not be written (they do not decode, or QuestDB refused them). */
export const DEAD_LETTER_TABLE = 'dead_letters';

/** Where a record was read: every table has these columns. */
export const KAFKA_KEYS = ['kafka_topic', 'kafka_partition', 'kafka_offset'] as const;

/**
 * What identifies one record of each table besides its designated timestamp: a record written again
 * (after a crash, before its offset was committed) has the same keys and replaces itself. A table not
 * listed (a topic given with --topic) is identified by where it was read, `KAFKA_KEYS`.
 */
export const UPSERT_KEYS: Readonly<Record<string, readonly string[]>> = {
  trades: ['exchange', 'symbol', 'tradeId'],
  large_trades: ['exchange', 'symbol', 'tradeId'],
  agg_trades: ['exchange', 'symbol', 'aggTradeId'],
  ticks: ['exchange', 'symbol', 'receivedTs'],
  derivative_tickers: ['exchange', 'symbol', 'receivedTs'],
  option_summaries: ['exchange', 'symbol', 'receivedTs'],
  book_tickers: ['exchange', 'symbol', 'updateId', 'receivedTs'],
  book_snapshots: ['exchange', 'symbol', 'depth', 'updateId', 'receivedTs'],
  book_changes: ['exchange', 'symbol', 'isSnapshot', 'updateId', 'receivedTs'],
  book_stats: ['exchange', 'symbol', 'windowMs', 'updateId', 'receivedTs'],
  interval_book_snapshots: ['exchange', 'symbol', 'name'],
  quotes: ['exchange', 'symbol', 'name'],
  trade_bars: ['exchange', 'symbol', 'name'],
  klines: ['exchange', 'symbol', 'interval', 'openTime', 'receivedTs'],
  stats: ['exchange', 'symbol', 'instrument', 'windowMs', 'windowEnd', 'complete'],
  volume_profile: ['exchange', 'symbol', 'windowMs', 'binning', 'receivedTs'],
  liquidations: ['exchange', 'symbol', 'positionSide', 'price', 'quantity', 'receivedTs'],
  feed_status: ['exchange', 'state', 'symbol', 'shard', 'instanceId', 'reason'],
  dlq: ['stage', 'exchange', 'connectionId', 'error', 'raw'],
  strategy_signals: ['signalId'],
  [DEAD_LETTER_TABLE]: KAFKA_KEYS,
};

/** String fields that name a market or a category (few values, repeated): SYMBOL columns. Enums are SYMBOLs too. */
const SYMBOL_FIELDS = new Set([
  'kafka_topic',
  'exchange',
  'symbol',
  'coin',
  'quote',
  'instrument',
  'env',
  'interval',
  'name',
  'stage',
  'recordType',
  'sourceTopic',
  'strategy',
  'underlyingIndex',
  'activeExchange',
  'fromExchange',
  'toExchange',
]);

/**
 * A topic's table: the archive's table name (`market.book-tickers.v1` is `book-tickers`) with `-` and
 * `.` as `_` (`book_tickers`, `trades_v2`), a name QuestDB's SQL takes unquoted.
 */
export function questTableOf(topic: string, prefix = ''): string {
  return tableOf(topic, prefix).replace(/[-.]/g, '_');
}

/**
 * The table a row of `table` makes, from the row model of the archive (`RecordRows`): the Kafka
 * columns, the record's fields (the exchange among them) and, for a dead letter, its reason and its
 * bytes (base64). Strings that name a market and enums are SYMBOLs; nested records and lists are
 * VARCHARs holding their JSON; timestamps are TIMESTAMPs.
 */
export function questTable(table: string, row: Pick<RecordRow, 'columns' | 'schema' | 'record'>): QuestTable {
  const enums = enumFields(row.schema);
  const columns: QuestColumn[] = row.columns.map((column) => ({ name: column.name, type: questType(column, enums.has(column.name)) }));
  if (row.record?.exchange !== undefined) columns.push({ name: 'exchange', type: 'SYMBOL' });
  const timestamp = row.record?.dateField ?? 'kafka_timestamp';
  const names = new Set(columns.map((column) => column.name));
  const wanted = UPSERT_KEYS[table] ?? KAFKA_KEYS;
  // A key the schema lacks (an older version of it) is left out; a table with none of its keys is identified by where its rows were read.
  const own = wanted.filter((key) => names.has(key) && key !== timestamp);
  return {
    name: table,
    columns,
    types: new Map(columns.map((column) => [column.name, column.type])),
    timestamp,
    keys: [timestamp, ...(own.length > 0 ? own : KAFKA_KEYS)],
  };
}

/** `CREATE TABLE IF NOT EXISTS` of a table: partitioned by day, WAL, deduplicated by its upsert keys. */
export function createTableSql(table: QuestTable): string {
  const columns = table.columns.map((column) => `${quote(column.name)} ${column.type}`).join(', ');
  return (
    `CREATE TABLE IF NOT EXISTS ${quote(table.name)} (${columns}) TIMESTAMP(${quote(table.timestamp)}) PARTITION BY DAY WAL ` +
    `DEDUP UPSERT KEYS(${table.keys.map(quote).join(', ')})`
  );
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function questType(column: ArchiveColumn, isEnum: boolean): QuestType {
  switch (column.sqlType) {
    case 'VARCHAR':
      return isEnum || SYMBOL_FIELDS.has(column.name) ? 'SYMBOL' : 'VARCHAR';
    case 'BOOLEAN':
      return 'BOOLEAN';
    case 'INTEGER':
      return 'INT';
    case 'BIGINT':
      return 'LONG';
    case 'FLOAT':
      return 'FLOAT';
    case 'DOUBLE':
      return 'DOUBLE';
    case 'TIMESTAMPTZ':
      return 'TIMESTAMP';
    default:
      // BLOB (base64), lists and structs (JSON).
      return 'VARCHAR';
  }
}

/** The top-level fields of a record schema whose type is an enum, nullable or not. */
function enumFields(schema: RecordRow['schema']): ReadonlySet<string> {
  if (schema === 'dead-letter') return new Set();
  const record = schema as unknown as { readonly fields?: readonly { readonly name: string; readonly type: avro.Type }[] };
  const enums = new Set<string>();
  for (const field of record.fields ?? []) {
    const type = field.type as unknown as { readonly typeName: string; readonly types?: readonly { readonly typeName: string }[] };
    const branches = type.typeName.startsWith('union') ? (type.types ?? []).filter((branch) => branch.typeName !== 'null') : [type];
    if (branches.length === 1 && branches[0]?.typeName === 'enum') enums.add(field.name);
  }
  return enums;
}
