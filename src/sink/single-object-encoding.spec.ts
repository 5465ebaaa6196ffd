import { describe, expect, it } from 'vitest';
import { AvroCodec } from './avro-codec.js';
import { crc64AvroBytes } from './crc64-avro.js';
import { frameSingleObject, parseSingleObject, schemaFingerprint } from './single-object-encoding.js';

describe('single-object encoding', () => {
  const { avroType } = new AvroCodec().codecFor('trade');

  it('fingerprints the Parsing Canonical Form, without docs or logical types', () => {
    const canonical = avroType.toString();
    expect(canonical).not.toContain('doc');
    expect(canonical).not.toContain('logicalType');
    expect(schemaFingerprint(avroType)).toEqual(crc64AvroBytes(canonical));
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
