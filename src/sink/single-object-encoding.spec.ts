import { describe, expect, it } from 'vitest';
import { AvroCodec, compileSchema } from './avro-codec.js';
import { readSchemaFile, type RecordSchemaJson } from './record-schemas.js';
import { frameSingleObject, legacyNameFingerprint, parseSingleObject, parsingCanonicalForm, schemaFingerprint } from './single-object-encoding.js';

/** Small schemas and their Parsing Canonical Form written by hand from the Avro specification's rules. */
const nested = {
  type: 'record',
  name: 'Outer',
  namespace: 'a.b',
  doc: 'dropped',
  fields: [
    { name: 'ts', type: { type: 'long', logicalType: 'timestamp-millis' }, doc: 'dropped', default: 0 },
    { name: 'side', type: { type: 'enum', name: 'Side', symbols: ['buy', 'sell'], doc: 'dropped' } },
    { name: 'again', type: ['null', 'Side'], default: null },
    { name: 'inner', type: { type: 'record', name: 'c.Inner', aliases: ['Old'], fields: [{ name: 'n', type: 'int' }] } },
  ],
} as unknown as RecordSchemaJson;
const NESTED_CANONICAL =
  '{"name":"a.b.Outer","type":"record","fields":[' +
  '{"name":"ts","type":"long"},' +
  '{"name":"side","type":{"name":"a.b.Side","type":"enum","symbols":["buy","sell"]}},' +
  '{"name":"again","type":["null","a.b.Side"]},' +
  '{"name":"inner","type":{"name":"c.Inner","type":"record","fields":[{"name":"n","type":"int"}]}}]}';

describe('single-object encoding', () => {
  const { avroType } = new AvroCodec().codecFor('trade');

  it('writes the Parsing Canonical Form: full names, named types expanded once, no doc, default, alias or logical type', () => {
    expect(parsingCanonicalForm(compileSchema(nested))).toBe(NESTED_CANONICAL);
  });

  it("fingerprints TradeEvent's full canonical form as Apache Avro Java does (629e1ef933f9ef17), not its name", () => {
    // SchemaNormalization.parsingFingerprint64 of schemas/trade-event.avsc, little-endian (Apache Avro
    // Java 1.12's, `scripts/interop-java.sh run fingerprints schemas`); b516c764cf2cee55 for the version
    // before `instrument` (schemas/previous/trade-event.2.avsc), d6a5071dc92641c5 for the one before
    // `source` (schemas/previous/trade-event.1.avsc).
    expect(schemaFingerprint(avroType).toString('hex')).toBe('629e1ef933f9ef17');
    expect(schemaFingerprint(compileSchema(readSchemaFile('previous/trade-event.2.avsc'))).toString('hex')).toBe('b516c764cf2cee55');
    expect(schemaFingerprint(compileSchema(readSchemaFile('previous/trade-event.1.avsc'))).toString('hex')).toBe('d6a5071dc92641c5');
    expect(legacyNameFingerprint(avroType).toString('hex')).toBe('45f70289d59eb35c');
  });

  it('gives two versions of a schema different fingerprints', () => {
    const v2 = { ...nested, fields: [...nested.fields, { name: 'extra', type: ['null', 'string'], default: null }] };
    expect(schemaFingerprint(compileSchema(v2))).not.toEqual(schemaFingerprint(compileSchema(nested)));
  });

  it('writes C3 01, the 8-byte fingerprint, then the Avro payload, and reads it back', () => {
    const fingerprint = schemaFingerprint(avroType);
    const framed = frameSingleObject(fingerprint, Buffer.from([1, 2, 3]));
    expect(framed.subarray(0, 2)).toEqual(Buffer.from([0xc3, 0x01]));
    expect(parseSingleObject(framed)).toEqual({ fingerprint, payload: Buffer.from([1, 2, 3]) });
  });

  it('does not take a Confluent-framed value for single-object', () => {
    expect(parseSingleObject(Buffer.from([0, 0, 0, 0, 1, 2, 3, 4, 5, 6]))).toBeUndefined();
  });
});
