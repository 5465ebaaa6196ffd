import { describe, expect, it } from 'vitest';
import type { FeedRecordType } from '../model/index.js';
import { DERIVED_RECORDS } from './__fixtures__/derived-records.js';
import { FULL, fullOption } from './__fixtures__/full-records.js';
import { toAvroValue } from './avro-codec.js';
import { RecordDecoder } from './record-decoder.js';
import { RecordEncoder } from './record-encoder.js';
import { RECORD_TYPES, readRecordSchema } from './record-schemas.js';
import { SchemaRegistryClient } from './schema-registry-client.js';
import { CONFLATED_TYPES, sinkTopics } from './sink-topics.js';

/** A registry in memory: ids from 1 in the order subjects are registered, schemas by id. */
class MemoryRegistry extends SchemaRegistryClient {
  readonly schemas: string[] = [];
  constructor() {
    super('http://registry.invalid');
  }
  override register(_subject: string, schemaText: string): Promise<number> {
    this.schemas.push(schemaText);
    return Promise.resolve(this.schemas.length);
  }
  override schemaById(id: number): Promise<string> {
    const text = this.schemas[id - 1];
    return text === undefined ? Promise.reject(new Error(`no schema ${id}`)) : Promise.resolve(text);
  }
}

/** What a reader of the topic gets: the Avro value, absent optional fields as null. */
const avroOf = (type: FeedRecordType): Record<string, unknown> => toAvroValue(FULL[type], readRecordSchema(type));

describe('framing: every record type written by the encoder reads back with the decoder', () => {
  it.each(RECORD_TYPES)('a %s in single-object encoding, named by its schema fingerprint', async (type) => {
    const encoder = await RecordEncoder.create({ kind: 'single-object' }, sinkTopics('p.'));
    const message = encoder.encodeRecord(FULL[type]);
    expect(message.value.subarray(0, 2)).toEqual(Buffer.from([0xc3, 0x01]));
    const decoded = await new RecordDecoder().decode(message.value);
    expect(decoded).toEqual({ schemaName: `marketfeed.v1.${readRecordSchema(type).name}`, encoding: 'single-object', value: avroOf(type) });
  });

  it.each(RECORD_TYPES)('a %s in Confluent framing, named by the id the registry gave its topic', async (type) => {
    const registry = new MemoryRegistry();
    const encoder = await RecordEncoder.create({ kind: 'confluent', registry }, sinkTopics('p.'));
    const message = encoder.encodeRecord(FULL[type]);
    expect(message.value[0]).toBe(0);
    const id = message.value.readInt32BE(1);
    expect(JSON.parse(registry.schemas[id - 1] ?? '{}')).toEqual(readRecordSchema(type));
    const decoded = await new RecordDecoder(registry).decode(message.value);
    expect(decoded).toEqual({ schemaName: `marketfeed.v1.${readRecordSchema(type).name}`, encoding: 'confluent', value: avroOf(type) });
  });
});

describe('the option summary on Kafka', () => {
  it('goes to market.option-summaries.v1 keyed by the canonical option, not the venue symbol', async () => {
    const encoder = await RecordEncoder.create({ kind: 'single-object' }, sinkTopics('staging.'));
    const message = encoder.encodeRecord(fullOption);
    expect({ topic: message.topic, key: message.key }).toEqual({ topic: 'staging.market.option-summaries.v1', key: 'ETH-USD-20210730-2800-C' });
    // Each summary carries the option's whole state: under backpressure only the latest per key is kept, as for derivative tickers.
    expect([CONFLATED_TYPES.has('option_summary'), CONFLATED_TYPES.has('derivative_ticker')]).toEqual([true, true]);
  });

  it('writes a quote side Deribit sent empty as null, and the record reads back without it', async () => {
    // deribit-options-ticker.ndjson line 2 (ETH-27AUG21-4000-P): both sides 0 (price, amount, IV).
    const { bestBidPrice: _bp, bestBidAmount: _ba, bestBidIv: _bi, bestAskPrice: _ap, bestAskAmount: _aa, bestAskIv: _ai, ...empty } = fullOption;
    const encoder = await RecordEncoder.create({ kind: 'single-object' }, sinkTopics());
    const decoded = await new RecordDecoder().decode(encoder.encodeRecord(empty).value);
    expect(decoded.value).toMatchObject({ bestBidPrice: null, bestBidAmount: null, bestBidIv: null, bestAskPrice: null, bestAskAmount: null, bestAskIv: null });
    expect(decoded.value['markIv']).toBe(120.74);
  });

  it('has the shape its model documents: an OptionType enum, expiryTs in epoch ms, the optional values null by default', () => {
    const fields = new Map(readRecordSchema('option_summary').fields.map((field) => [field.name, field]));
    expect(fields.get('optionType')?.type).toMatchObject({ type: 'enum', name: 'OptionType', symbols: ['call', 'put'] });
    expect(fields.get('expiryTs')?.type).toEqual({ type: 'long', logicalType: 'timestamp-millis' });
    const optional = [...fields.values()].filter((field) => 'default' in field).map((field) => field.name);
    // The model's optional fields (src/model/option-summary.ts) and the provenance's `instrument`.
    const modelOptional = [
      'bestBidPrice',
      'bestBidAmount',
      'bestBidIv',
      'bestAskPrice',
      'bestAskAmount',
      'bestAskIv',
      'lastPrice',
      'indexPrice',
      'openInterest',
      'interestRate',
    ];
    expect(optional).toEqual([...modelOptional, 'instrument']);
    for (const name of modelOptional) expect(fields.get(name), name).toMatchObject({ type: ['null', 'double'], default: null });
  });
});

const DERIVED_TYPES: readonly FeedRecordType[] = ['book_change', 'interval_book_snapshot', 'quote', 'trade_bar'];

describe('the derived data on Kafka', () => {
  it('goes to a topic per type, keyed by the instrument, and is never conflated', async () => {
    const encoder = await RecordEncoder.create({ kind: 'single-object' }, sinkTopics('staging.'));
    const written = DERIVED_RECORDS.map((record) => encoder.encodeRecord(record));
    expect(new Set(written.map((message) => `${message.topic} ${message.key}`))).toEqual(
      new Set([
        'staging.market.book-changes.v1 BTC-USDT',
        'staging.market.interval-book-snapshots.v1 BTC-USDT',
        'staging.market.quotes.v1 BTC-USDT',
        'staging.market.trade-bars.v1 BTC-USDT',
      ]),
    );
    // A lost book change breaks every book rebuilt from them; each snapshot, quote and bar is a time of its own.
    expect(DERIVED_TYPES.filter((type) => CONFLATED_TYPES.has(type))).toEqual([]);
  });

  it.each(DERIVED_RECORDS.map((record) => [record.type, 'name' in record ? record.name : record.isSnapshot ? 'snapshot' : 'update', record] as const))(
    'a %s %s reads back as written: empty sides, zero sizes, absent quote sides and grouping as null',
    async (type, _name, record) => {
      const encoder = await RecordEncoder.create({ kind: 'single-object' }, sinkTopics());
      const decoded = await new RecordDecoder().decode(encoder.encodeRecord(record).value);
      expect(decoded.value).toEqual(toAvroValue(record, readRecordSchema(type)));
    },
  );

  it('makes the optional fields of the model, and only those, unions with null defaulting to null', () => {
    const optional = (type: FeedRecordType): readonly string[] =>
      readRecordSchema(type)
        .fields.filter((field) => 'default' in field)
        .map((field) => `${field.name} ${JSON.stringify(field.type)} ${String(field.default)}`);
    expect(optional('book_change')).toEqual(['instrument ["null","string"] null']);
    expect(optional('interval_book_snapshot')).toEqual(['grouping ["null","double"] null', 'instrument ["null","string"] null']);
    expect(optional('quote')).toEqual([
      'bidPrice ["null","double"] null',
      'bidSize ["null","double"] null',
      'askPrice ["null","double"] null',
      'askSize ["null","double"] null',
      'instrument ["null","string"] null',
    ]);
    expect(optional('trade_bar')).toEqual(['instrument ["null","string"] null']);
  });
});
