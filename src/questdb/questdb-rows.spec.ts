import { pino } from 'pino';
import { SenderBufferV1, SenderOptions } from '@questdb/nodejs-client';
import { describe, expect, it } from 'vitest';
import { DEAD_LETTER_COLUMNS } from '../archive/partition-segment.js';
import { RecordRows } from '../archive/record-rows.js';
import { framed, trade, current } from '../archive/__fixtures__/scripted-group.js';
import { RecordDecoder } from '../sink/record-decoder.js';
import { readRecordSchema } from '../sink/record-schemas.js';
import { questRowOf, questRowOfRecord, writeQuestRow, UnwritableRowError } from './questdb-rows.js';
import { DEAD_LETTER_TABLE, questTable } from './questdb-tables.js';

const rows = new RecordRows(new RecordDecoder(), '', pino({ level: 'silent' }));
const TIME = Date.UTC(2026, 10, 25, 12, 0, 0, 123);

async function rowOf(value: Buffer, topic = 'market.trades.v1'): Promise<NonNullable<Awaited<ReturnType<RecordRows['rowOf']>>>> {
  const row = await rows.rowOf({ topic, partition: 2, offset: 41, timestamp: TIME + 5, key: Buffer.from('BTC-USDT'), value }, new AbortController().signal);
  if (row === undefined) throw new Error('no row');
  return row;
}

/** What the ILP client's own text protocol (version 1) writes for the rows. */
async function ilpText(write: (buffer: SenderBufferV1) => Promise<void>): Promise<string> {
  const buffer = new SenderBufferV1(await SenderOptions.fromConfig('http::addr=127.0.0.1:9000;protocol_version=1'));
  await write(buffer);
  return buffer.toBufferView().toString('utf8');
}

describe('questRowOf', () => {
  it("makes a trade's row: market names and enums as symbols, first; numbers, booleans, times; a null left out; its exchange time as the row's time", async () => {
    const { row } = questRowOfRecord('trades', await rowOf(framed(current, trade(3, 'bybit', TIME))));
    expect(row.table).toBe('trades');
    expect(row.at).toBe(TIME);
    expect(row.symbols).toEqual([
      ['kafka_topic', 'market.trades.v1'],
      ['symbol', 'BTCUSDT'],
      ['coin', 'BTC'],
      ['quote', 'USDT'],
      ['env', 'prod'],
      ['side', 'SELL'],
      ['source', 'live'],
      ['exchange', 'bybit'],
    ]);
    expect(Object.fromEntries(row.columns)).toEqual({
      kafka_partition: { type: 'LONG', value: 2 },
      kafka_offset: { type: 'LONG', value: 41 },
      kafka_timestamp: { type: 'TIMESTAMP', value: TIME + 5 },
      kafka_key: { type: 'VARCHAR', value: 'BTC-USDT' },
      receivedTs: { type: 'TIMESTAMP', value: TIME + 3 },
      isFallback: { type: 'BOOLEAN', value: false },
      connectionId: { type: 'VARCHAR', value: 'bybit-1' },
      tradeId: { type: 'VARCHAR', value: '1003' },
      price: { type: 'DOUBLE', value: 65000.75 },
      quantity: { type: 'DOUBLE', value: 0.004 },
      isBuyerMaker: { type: 'BOOLEAN', value: true },
    });
    // seq (null for every third trade) and instrument (null) are left out: QuestDB's null.
    expect(row.columns.map(([name]) => name)).not.toContain('seq');
  });

  it('is written as one ILP line, symbols first, times in microseconds', async () => {
    const { row } = questRowOfRecord('trades', await rowOf(framed(current, trade(4, 'binance', TIME))));
    const text = await ilpText((buffer) => writeQuestRow(buffer, row));
    expect(text).toBe(
      'trades,kafka_topic=market.trades.v1,symbol=BTCUSDT,coin=BTC,quote=USDT,env=prod,side=BUY,source=live,exchange=binance ' +
        'kafka_partition=2i,kafka_offset=41i,kafka_timestamp=1795608000128000t,kafka_key="BTC-USDT",receivedTs=1795608000126000t,' +
        'isFallback=f,connectionId="binance-1",tradeId="1004",price=65001,quantity=0.005,isBuyerMaker=f,seq=4i 1795608000123000000\n',
    );
  });

  it('writes nested records and lists as their JSON', async () => {
    const book = readRecordSchema('book_snapshot');
    const value = {
      ...trade(0, 'bybit', TIME),
      depth: 2,
      bids: [{ price: 10, size: 1.5 }],
      asks: [
        { price: 11, size: 2 },
        { price: 12, size: 0.25 },
      ],
      updateId: 77,
    };
    const { row } = questRowOfRecord('book_snapshots', await rowOf(framed(book, value), 'market.book-snapshots.v1'));
    const columns = Object.fromEntries(row.columns);
    expect(JSON.parse(String(columns['bids']?.value))).toEqual([{ price: 10, size: 1.5 }]);
    expect(JSON.parse(String(columns['asks']?.value))).toEqual(value.asks);
    expect(columns['depth']).toEqual({ type: 'LONG', value: 2 });
  });

  it("makes a dead letter's row: where it was read, the reason, its bytes as base64, at its Kafka time", async () => {
    const dead = await rowOf(Buffer.from('not avro'));
    expect(dead.dead).toBe(true);
    const table = questTable(DEAD_LETTER_TABLE, dead);
    const row = questRowOf(table, dead);
    expect(row.at).toBe(TIME + 5);
    const columns = Object.fromEntries(row.columns);
    expect(columns['value']).toEqual({ type: 'VARCHAR', value: Buffer.from('not avro').toString('base64') });
    expect(String(columns['error']?.value)).toMatch(/neither Confluent-framed nor single-object/);
  });

  it('refuses a row whose designated timestamp is no time', () => {
    const table = questTable(DEAD_LETTER_TABLE, { columns: DEAD_LETTER_COLUMNS, schema: 'dead-letter' });
    expect(() => questRowOf(table, { columns: DEAD_LETTER_COLUMNS, values: ['t', 0, 1, Number.NaN, null, 'why', null] })).toThrow(UnwritableRowError);
  });
});
