/** Byte 0 of the Confluent wire format. */
export const CONFLUENT_MAGIC_BYTE = 0;

/** Confluent wire format: magic byte 0, the schema id as a 4-byte big-endian int, then plain Avro binary. */
export function frameConfluent(schemaId: number, payload: Buffer): Buffer {
  return Buffer.concat([confluentHeader(schemaId), payload]);
}

/** The 5 bytes before a Confluent-framed payload: magic byte 0 and the schema id (big-endian). */
export function confluentHeader(schemaId: number): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt8(CONFLUENT_MAGIC_BYTE, 0);
  header.writeInt32BE(schemaId, 1);
  return header;
}

/** Splits a Confluent-framed value; undefined when the value is not in that format. */
export function parseConfluent(value: Buffer): { readonly schemaId: number; readonly payload: Buffer } | undefined {
  if (value.length < 5 || value[0] !== CONFLUENT_MAGIC_BYTE) return undefined;
  return { schemaId: value.readInt32BE(1), payload: value.subarray(5) };
}
