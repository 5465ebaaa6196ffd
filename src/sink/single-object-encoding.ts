import type avro from 'avsc';
import { crc64AvroBytes } from './crc64-avro.js';

/** The two marker bytes that open an Avro single-object encoded value. */
export const SINGLE_OBJECT_MARKER = Buffer.from([0xc3, 0x01]);

/**
 * The schema's Parsing Canonical Form: the full schema with named types written out at their first
 * use, fields in the specification's order, and no docs, defaults, aliases or logical types.
 * avsc's `schema()` (with dereferencing, its default) gives exactly that text.
 */
export function parsingCanonicalForm(type: avro.Type): string {
  return JSON.stringify(type.schema());
}

/**
 * The CRC-64-AVRO fingerprint (8 bytes, little-endian) of a type's Parsing Canonical Form, as
 * Java's `SchemaNormalization.parsingFingerprint64` and every other Avro implementation compute it.
 */
export function schemaFingerprint(type: avro.Type): Buffer {
  return crc64AvroBytes(parsingCanonicalForm(type));
}

/**
 * The fingerprint market-feed 0.1 wrote: CRC-64-AVRO of the named type's full name only. No other
 * Avro implementation reads it; `consume` still recognises it so that older values stay readable.
 */
export function legacyNameFingerprint(type: avro.Type): Buffer {
  return crc64AvroBytes(JSON.stringify(type.name ?? type.typeName));
}

/** Avro single-object encoding: `C3 01`, the schema's 8-byte fingerprint, then plain Avro binary. */
export function frameSingleObject(fingerprint: Buffer, payload: Buffer): Buffer {
  return Buffer.concat([SINGLE_OBJECT_MARKER, fingerprint, payload]);
}

/** Splits a single-object encoded value; undefined when the value is not in that format. */
export function parseSingleObject(value: Buffer): { readonly fingerprint: Buffer; readonly payload: Buffer } | undefined {
  if (value.length < 10 || value[0] !== 0xc3 || value[1] !== 0x01) return undefined;
  return { fingerprint: value.subarray(2, 10), payload: value.subarray(10) };
}
