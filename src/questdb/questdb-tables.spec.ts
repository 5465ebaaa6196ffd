import { describe, expect, it } from 'vitest';
import { recordColumns } from '../archive/archive-columns.js';
import { DEAD_LETTER_COLUMNS } from '../archive/partition-segment.js';
import type { FeedRecordType } from '../model/index.js';
import { compileSchema } from '../sink/avro-codec.js';
import { readRecordSchema, readSchemaFile } from '../sink/record-schemas.js';
import { RECORD_TOPICS, STRATEGY_SIGNALS_TOPIC, sinkTopics } from '../sink/sink-topics.js';
import { createTableSql, DEAD_LETTER_TABLE, questTable, questTableOf, UPSERT_KEYS, type QuestTable } from './questdb-tables.js';

/** The table of a schema's records, as the loader defines it from the archive's row model. */
function tableOfSchema(table: string, schema: ReturnType<typeof readRecordSchema>): QuestTable {
  const type = compileSchema(schema);
  const columns = recordColumns(type);
  return questTable(table, {
    columns: columns.columns,
    schema: type,
    record: { exchange: columns.exchangeField === undefined ? undefined : 'bybit', dateField: columns.dateField },
  });
}

const typeOf = (table: QuestTable, column: string): string | undefined => table.columns.find((c) => c.name === column)?.type;

describe('questTableOf', () => {
  it("names a topic's table as the archive does, with - and . as _, the deployment's prefix left out", () => {
    expect(questTableOf('market.trades.v1')).toBe('trades');
    expect(questTableOf('staging.market.book-tickers.v1', 'staging.')).toBe('book_tickers');
    expect(questTableOf('market.trades.v2')).toBe('trades_v2');
    expect(questTableOf(sinkTopics().deadLetters)).toBe('dlq');
    expect(questTableOf(STRATEGY_SIGNALS_TOPIC)).toBe('strategy_signals');
  });
});

describe('questTable', () => {
  it('defines trades with the exchange time as designated timestamp and the trade id among the upsert keys', () => {
    const trades = tableOfSchema('trades', readRecordSchema('trade'));
    expect(trades.timestamp).toBe('exchangeTs');
    expect(trades.keys).toEqual(['exchangeTs', 'exchange', 'symbol', 'tradeId']);
    expect(createTableSql(trades)).toBe(
      'CREATE TABLE IF NOT EXISTS "trades" ("kafka_topic" SYMBOL, "kafka_partition" INT, "kafka_offset" LONG, "kafka_timestamp" TIMESTAMP, ' +
        '"kafka_key" VARCHAR, "symbol" SYMBOL, "coin" SYMBOL, "quote" SYMBOL, "exchangeTs" TIMESTAMP, "receivedTs" TIMESTAMP, ' +
        '"isFallback" BOOLEAN, "env" SYMBOL, "connectionId" VARCHAR, "tradeId" VARCHAR, "price" DOUBLE, "quantity" DOUBLE, "side" SYMBOL, ' +
        '"isBuyerMaker" BOOLEAN, "seq" LONG, "source" SYMBOL, "instrument" SYMBOL, "exchange" SYMBOL) ' +
        'TIMESTAMP("exchangeTs") PARTITION BY DAY WAL DEDUP UPSERT KEYS("exchangeTs", "exchange", "symbol", "tradeId")',
    );
  });

  it("gives every record type's table upsert keys that are columns of its schema, the designated timestamp first", () => {
    for (const [type, topic] of Object.entries(RECORD_TOPICS)) {
      const name = questTableOf(topic);
      const table = tableOfSchema(name, readRecordSchema(type as FeedRecordType));
      expect(UPSERT_KEYS[name], name).toBeDefined();
      expect(table.keys, name).toEqual([table.timestamp, ...(UPSERT_KEYS[name] ?? [])]);
      const columns = new Set(table.columns.map((column) => column.name));
      for (const key of table.keys) expect(columns.has(key), `${name}.${key}`).toBe(true);
      expect(typeOf(table, table.timestamp), name).toBe('TIMESTAMP');
    }
  });

  it('takes the time a record happened as designated timestamp where it has no exchange time', () => {
    expect(tableOfSchema('stats', readRecordSchema('window_stats')).timestamp).toBe('windowStart');
    expect(tableOfSchema('feed_status', readRecordSchema('feed_status')).timestamp).toBe('ts');
    expect(tableOfSchema('dlq', readSchemaFile('dead-letter.avsc')).timestamp).toBe('deadLetteredTs');
    expect(tableOfSchema('strategy_signals', readSchemaFile('strategy-signal.avsc')).keys).toEqual(['ts', 'signalId']);
  });

  it('makes enums and market names SYMBOLs, other strings and nested values VARCHARs, ints INTs', () => {
    const books = tableOfSchema('book_snapshots', readRecordSchema('book_snapshot'));
    expect(['env', 'exchange', 'symbol', 'instrument'].map((column) => typeOf(books, column))).toEqual(['SYMBOL', 'SYMBOL', 'SYMBOL', 'SYMBOL']);
    expect(['bids', 'asks', 'connectionId', 'depth', 'updateId'].map((column) => typeOf(books, column))).toEqual([
      'VARCHAR',
      'VARCHAR',
      'VARCHAR',
      'INT',
      'LONG',
    ]);
    const statuses = tableOfSchema('feed_status', readRecordSchema('feed_status'));
    expect(['state', 'instruments', 'reason'].map((column) => typeOf(statuses, column))).toEqual(['SYMBOL', 'VARCHAR', 'VARCHAR']);
  });

  it('identifies the rows of a table it has no keys for, and the dead letters, by where they were read', () => {
    const other = tableOfSchema('other_topic', readRecordSchema('trade'));
    expect(other.keys).toEqual(['exchangeTs', 'kafka_topic', 'kafka_partition', 'kafka_offset']);
    const dead = questTable(DEAD_LETTER_TABLE, { columns: DEAD_LETTER_COLUMNS, schema: 'dead-letter' });
    expect(dead.keys).toEqual(['kafka_timestamp', 'kafka_topic', 'kafka_partition', 'kafka_offset']);
    expect(dead.columns.map((column) => `${column.name} ${column.type}`)).toEqual([
      'kafka_topic SYMBOL',
      'kafka_partition INT',
      'kafka_offset LONG',
      'kafka_timestamp TIMESTAMP',
      'kafka_key VARCHAR',
      'error VARCHAR',
      'value VARCHAR',
    ]);
  });

  it('leaves out a key an older schema lacks', () => {
    const older = readRecordSchema('trade');
    const table = tableOfSchema('trades', { ...older, fields: older.fields.filter((field) => field.name !== 'tradeId') });
    expect(table.keys).toEqual(['exchangeTs', 'exchange', 'symbol']);
  });
});
