import { describe, expect, it } from 'vitest';
import { CRC64_AVRO_EMPTY, crc64Avro, crc64AvroBytes } from './crc64-avro.js';

/** Test vectors of the Avro specification (share/test/data/schema-tests.txt), as signed Java longs. */
const SPEC_VECTORS: readonly (readonly [string, bigint])[] = [
  ['"int"', 8247732601305521295n],
  ['"null"', 7195948357588979594n],
  ['"boolean"', -6970731678124411036n],
  ['{"name":"foo","type":"fixed","size":15}', 1756455273707447556n],
];

describe('crc64Avro', () => {
  it.each(SPEC_VECTORS)('fingerprints %s as the Avro specification says', (canonical, expected) => {
    expect(BigInt.asIntN(64, crc64Avro(canonical))).toBe(expected);
  });

  it('returns the EMPTY constant for empty input', () => {
    expect(crc64Avro('')).toBe(CRC64_AVRO_EMPTY);
  });

  it('writes the fingerprint of "int" little-endian', () => {
    expect(crc64AvroBytes('"int"').toString('hex')).toBe('8f5c393f1ad57572');
  });
});
