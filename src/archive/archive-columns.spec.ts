import { describe, expect, it } from 'vitest';
import { compileSchema } from '../sink/avro-codec.js';
import { readSchemaFile, type RecordSchemaJson } from '../sink/record-schemas.js';
import { UnarchivableSchemaError, recordColumns } from './archive-columns.js';

const record = (fields: RecordSchemaJson['fields']): RecordSchemaJson => ({ type: 'record', name: 'Probe', namespace: 'marketfeed.v1', doc: 'probe', fields });

describe('recordColumns', () => {
  it("gives a trade's columns: the Kafka ones, then its fields but exchange (the folder), its day from exchangeTs", () => {
    const columns = recordColumns(compileSchema(readSchemaFile('trade-event.avsc')));
    expect(columns.columns.slice(0, 5).map((column) => column.name)).toEqual([
      'kafka_topic',
      'kafka_partition',
      'kafka_offset',
      'kafka_timestamp',
      'kafka_key',
    ]);
    expect(columns.fields).not.toContain('exchange');
    expect(columns.fields).toContain('exchangeTs');
    expect(columns).toMatchObject({ dateField: 'exchangeTs', exchangeField: 'exchange' });
    expect(columns.columns.find((column) => column.name === 'exchangeTs')?.sqlType).toBe('TIMESTAMPTZ');
    expect(columns.columns.find((column) => column.name === 'seq')?.sqlType).toBe('BIGINT');
    expect(columns.columns.find((column) => column.name === 'side')?.sqlType).toBe('VARCHAR');
  });

  it("makes a dead letter's nullable exchange the folder too, never a column beside it", () => {
    const columns = recordColumns(compileSchema(readSchemaFile('dead-letter.avsc')));
    expect(columns.exchangeField).toBe('exchange');
    expect(columns.fields).not.toContain('exchange');
    expect(columns.columns.map((column) => column.name)).not.toContain('exchange');
    expect(columns.fields).toEqual(['stage', 'error', 'raw', 'connectionId', 'recordType', 'sourceTopic', 'receivedTs', 'deadLetteredTs']);
    expect(columns.dateField).toBe('deadLetteredTs');
  });

  it.each([
    [
      'two fields named alike but for case',
      [
        { name: 'price', type: 'double' },
        { name: 'Price', type: 'double' },
      ],
    ],
    ['a field named as a Kafka column', [{ name: 'kafka_offset', type: 'long' }]],
    ['a map', [{ name: 'tags', type: { type: 'map', values: 'string' } }]],
    ['a union of two types', [{ name: 'either', type: ['null', 'string', 'long'] }]],
  ])('refuses a schema with %s (its records are dead letters)', (_, fields) => {
    expect(() => recordColumns(compileSchema(record(fields)))).toThrow(UnarchivableSchemaError);
  });
});
