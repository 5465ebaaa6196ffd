import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FeedRecord, FeedRecordType, TradeEvent, VolumeProfile } from '../model/index.js';
import { FULL, fullProfile, fullStats, fullStatus, fullTrade } from './__fixtures__/full-records.js';
import { AvroCodec, RecordEncodeError, compileSchema } from './avro-codec.js';
import { RecordEncoder } from './record-encoder.js';
import {
  RECORD_TYPES,
  SCHEMA_FILES,
  STRATEGY_SIGNAL_SCHEMA_FILE,
  previousSchemaFiles,
  readRecordSchema,
  readSchemaFile,
  type RecordSchemaJson,
} from './record-schemas.js';
import { sinkTopics } from './sink-topics.js';

function withoutOptional(record: FeedRecord, schema: RecordSchemaJson): FeedRecord {
  const copy: Record<string, unknown> = { ...record };
  for (const field of schema.fields) if (field.default === null) delete copy[field.name];
  return copy as unknown as FeedRecord;
}

describe('AvroCodec', () => {
  const codec = new AvroCodec();

  it.each(RECORD_TYPES)('round-trips a %s record with every field set', (type) => {
    const record = FULL[type];
    expect(codec.decode(type, codec.encode(record))).toEqual(record);
  });

  it.each(RECORD_TYPES)('round-trips a %s record with its optional fields absent', (type) => {
    const record = withoutOptional(FULL[type], codec.codecFor(type).schema);
    const decoded = codec.decode(type, codec.encode(record));
    expect(decoded).toEqual(record);
  });

  it("round-trips an option summary whose venue sends no rho (NaN, an IEEE 754 double's own value)", () => {
    const summary = { ...FULL.option_summary, rho: Number.NaN };
    const decoded = codec.decode('option_summary', codec.encode(summary));
    expect(decoded).toEqual(summary);
    expect(decoded.type === 'option_summary' && Number.isNaN(decoded.rho)).toBe(true);
  });

  it('writes the framing prefix before the value and grows its scratch buffer for a record larger than it', () => {
    const bins = Array.from({ length: 5_000 }, (_, n) => ({ priceLow: 60_000 + n, priceHigh: 60_001 + n, buyVolume: n / 7, sellVolume: n / 3 }));
    const large: VolumeProfile = { ...fullProfile, bins };
    const prefix = Buffer.from([0xc3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8]);
    const framed = codec.encodeFramed(large, prefix);
    expect(framed.length).toBeGreaterThan(64 * 1024);
    expect(framed.subarray(0, prefix.length)).toEqual(prefix);
    expect(codec.decode('volume_profile', framed.subarray(prefix.length))).toEqual(large);
    // The scratch buffer is reused: a small record after the large one is framed on its own.
    const small = codec.encodeFramed(fullTrade, prefix);
    expect(codec.decode('trade', small.subarray(prefix.length))).toEqual(fullTrade);
  });

  it.each(RECORD_TYPES)('keeps the %s schema and the model type in step (no field missing on either side)', (type) => {
    const schemaFields = codec
      .codecFor(type)
      .schema.fields.map((f) => f.name)
      .sort();
    const modelFields = Object.keys(FULL[type])
      .filter((k) => k !== 'type')
      .sort();
    expect(schemaFields).toEqual(modelFields);
  });

  it.each(RECORD_TYPES)('documents every field of the %s schema in namespace marketfeed.v1', (type) => {
    const schema = readRecordSchema(type);
    expect(schema.namespace).toBe('marketfeed.v1');
    expect(schema.doc.length).toBeGreaterThan(0);
    for (const field of schema.fields) expect(field.doc, field.name).toMatch(/\S/);
  });

  it('writes times as timestamp-millis longs and reads them back as epoch milliseconds', () => {
    const { avroType } = codec.codecFor('trade');
    const schema = JSON.stringify(avroType.schema({ exportAttrs: true }));
    expect(schema).toContain('"logicalType":"timestamp-millis"');
    const decoded = codec.decode('trade', codec.encode(fullTrade));
    expect(decoded.exchangeTs).toBe(1786310822605);
    expect(typeof decoded.receivedTs).toBe('number');
  });

  it('rejects a fractional timestamp, naming the field', () => {
    const bad = { ...fullTrade, exchangeTs: 1786310822.605 };
    expect(() => codec.encode(bad)).toThrow(RecordEncodeError);
    expect(() => codec.encode(bad)).toThrow(/exchangeTs/);
  });

  it('rejects a record whose enum value is not in the schema', () => {
    const bad = { ...fullTrade, side: 'HOLD' } as unknown as TradeEvent;
    expect(() => codec.encode(bad)).toThrow(/side/);
  });

  it('encodes a trade in fewer bytes than its JSON', () => {
    expect(codec.encode(fullTrade).length).toBeLessThan(JSON.stringify(fullTrade).length / 2);
  });
});

describe('schema evolution', () => {
  const v1 = readRecordSchema('trade');
  const v2: RecordSchemaJson = {
    ...v1,
    fields: [...v1.fields, { name: 'venueRegion', type: ['null', 'string'], default: null, doc: 'added later' }],
  };
  const v1Type = compileSchema(v1);
  const v2Type = compileSchema(v2);
  const codec = new AvroCodec();

  it('reads data written by the current schema with a version that added a defaulted field', () => {
    const written = codec.encode(fullTrade);
    const read: unknown = v2Type.fromBuffer(written, v2Type.createResolver(v1Type));
    expect(read).toMatchObject({ tradeId: fullTrade.tradeId, price: fullTrade.price, venueRegion: null });
  });

  it('reads data written by the newer version with the current schema', () => {
    const newer = v2Type.toBuffer({ ...v1Type.fromBuffer(codec.encode(fullTrade)), venueRegion: 'eu' });
    const decoded = codec.decode('trade', newer, codec.codecFor('trade').avroType.createResolver(v2Type));
    expect(decoded).toEqual(fullTrade);
  });

  it('refuses a new field without a default', () => {
    const broken = compileSchema({ ...v1, fields: [...v1.fields, { name: 'venueRegion', type: 'string', doc: 'x' }] });
    expect(() => broken.createResolver(v1Type)).toThrow(/venueRegion/);
  });

  it("reads statuses with a shard's scope with the schema before scopes, and statuses written before scopes as whole-feed ones", () => {
    const before = compileSchema(
      JSON.parse(readFileSync(new URL('./__fixtures__/feed-status-before-scope.avsc', import.meta.url), 'utf8')) as RecordSchemaJson,
    );
    const current = codec.codecFor('feed_status').avroType;
    const { symbol: _symbol, ...scoped } = fullStatus;
    const oldReader: unknown = before.fromBuffer(codec.encode(scoped), before.createResolver(current));
    expect(oldReader).toMatchObject({ exchange: 'binance', state: 'gap', symbol: null });
    expect(oldReader).not.toHaveProperty('instruments');
    const written = before.toBuffer(before.fromBuffer(codec.encode(fullStatus), before.createResolver(current)));
    const decoded = codec.decode('feed_status', written, current.createResolver(before));
    expect(decoded).toEqual({ ...fullStatus, shard: undefined, instruments: undefined, instanceId: undefined, clusterShard: undefined });
  });

  it('reads a feed state added later as unknown', () => {
    const status = readRecordSchema('feed_status');
    const stateField = status.fields.find((f) => f.name === 'state');
    const stateType = stateField?.type as { symbols: string[] };
    const newer = compileSchema({
      ...status,
      fields: status.fields.map((f) => (f.name === 'state' ? { ...f, type: { ...stateType, symbols: [...stateType.symbols, 'maintenance'] } } : f)),
    });
    const written = newer.toBuffer({ ...compileSchema(status).fromBuffer(codec.encode(fullStatus)), state: 'maintenance' });
    const decoded = codec.decode('feed_status', written, codec.codecFor('feed_status').avroType.createResolver(newer));
    expect(decoded.state).toBe('unknown');
  });
});

describe('instrument: the instrument a record is published under', () => {
  const codec = new AvroCodec();
  /** The latest version kept in `schemas/previous/` of a schema file, e.g. `previous/trade-event.2.avsc`. */
  const latestPrevious = (file: string): string => {
    const stem = file.replace(/\.avsc$/, '');
    const versions = previousSchemaFiles().filter((path) => new RegExp(`^previous/${stem}\\.\\d+\\.avsc$`).test(path));
    const latest = versions.sort((a, b) => Number(a.split('.').at(-2)) - Number(b.split('.').at(-2))).at(-1);
    if (latest === undefined) throw new Error(`no previous version of ${file}`);
    return latest;
  };
  const withInstrument = RECORD_TYPES.filter((type) => readRecordSchema(type).fields.some((field) => field.name === 'coin'));

  it('is the last field of every schema whose record carries coin and quote, an optional string defaulting to null', () => {
    expect(withInstrument).toEqual(RECORD_TYPES.filter((type) => type !== 'feed_status'));
    for (const schema of [...withInstrument.map((type) => readRecordSchema(type)), readSchemaFile(STRATEGY_SIGNAL_SCHEMA_FILE)]) {
      expect(schema.fields.at(-1), schema.name).toMatchObject({ name: 'instrument', type: ['null', 'string'], default: null });
    }
  });

  it.each(withInstrument)('a %s written with it reads back with it; written without it, reads back without it', (type) => {
    const record = FULL[type];
    expect(codec.decode(type, codec.encode(record))).toHaveProperty('instrument');
    const { instrument: _instrument, ...own } = record as unknown as Record<string, unknown>;
    const decoded = codec.decode(type, codec.encode(own as unknown as FeedRecord));
    expect(decoded).toEqual(own);
    expect(decoded).not.toHaveProperty('instrument');
  });

  // The perpetuals', the options' and the derived data's records were first published with the field.
  const bornWithInstrument: readonly FeedRecordType[] = [
    'derivative_ticker',
    'liquidation',
    'option_summary',
    'book_change',
    'interval_book_snapshot',
    'quote',
    'trade_bar',
  ];
  it.each([...withInstrument.filter((type) => !bornWithInstrument.includes(type)).map((type) => SCHEMA_FILES[type]), STRATEGY_SIGNAL_SCHEMA_FILE])(
    '%s and its previous version read each other (FULL compatibility): the old reader skips instrument, the new one reads old data as null',
    (file) => {
      const current = compileSchema(readSchemaFile(file));
      const previous = compileSchema(readSchemaFile(latestPrevious(file)));
      const sample = { ...(current.random() as object), instrument: 'BTC-USDT' } as Record<string, unknown>;
      const old: unknown = previous.fromBuffer(current.toBuffer(sample), previous.createResolver(current));
      expect(old).not.toHaveProperty('instrument');
      const { instrument: _instrument, ...rest } = sample;
      expect(old).toEqual(previous.fromBuffer(previous.toBuffer(rest)));
      const upgraded = current.fromBuffer(previous.toBuffer(old), current.createResolver(previous)) as Record<string, unknown>;
      expect(upgraded['instrument']).toBeNull();
    },
  );

  it('keys a record by it (a Coinbase BTC-USD trade followed as BTC-USDT is keyed BTC-USDT), else by coin-quote', async () => {
    const encoder = await RecordEncoder.create({ kind: 'single-object' }, sinkTopics('test.'));
    expect(encoder.encodeRecord(fullTrade).key).toBe('BTC-USDT');
    const { instrument: _instrument, ...own } = fullTrade;
    expect(encoder.encodeRecord(own).key).toBe('BTC-USD');
    expect(encoder.encodeRecord(fullStats).key).toBe('BTC-USDC');
  });
});
