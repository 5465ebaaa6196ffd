/** The CRC-64-AVRO (Rabin) fingerprint of an empty input, as the Avro specification defines it. */
export const CRC64_AVRO_EMPTY = 0xc15d213aa4d7a795n;

const MASK_64 = 0xffffffffffffffffn;

function buildTable(): readonly bigint[] {
  const table: bigint[] = [];
  for (let i = 0; i < 256; i++) {
    let fp = BigInt(i);
    for (let bit = 0; bit < 8; bit++) {
      fp = (fp >> 1n) ^ (CRC64_AVRO_EMPTY & -(fp & 1n));
    }
    table.push(fp & MASK_64);
  }
  return table;
}

const TABLE = buildTable();

/**
 * The 64-bit Rabin fingerprint ("CRC-64-AVRO") of some bytes, as an unsigned 64-bit BigInt.
 * Single-object encoding writes it little-endian after `C3 01`; fingerprint the schema's
 * Parsing Canonical Form, never its full text.
 */
export function crc64Avro(input: string | Uint8Array): bigint {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  let fp = CRC64_AVRO_EMPTY;
  for (const byte of bytes) {
    fp = (fp >> 8n) ^ (TABLE[Number((fp ^ BigInt(byte)) & 0xffn)] ?? 0n);
  }
  return fp;
}

/** The fingerprint as the 8 little-endian bytes single-object encoding carries. */
export function crc64AvroBytes(input: string | Uint8Array): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64LE(crc64Avro(input));
  return out;
}
