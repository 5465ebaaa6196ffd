import avro from 'avsc';
import type { FeedRecord, FeedRecordType } from '../model/index.js';
import { FeedError } from '../model/feed-error.js';
import { RECORD_TYPES, findSchemasDir, readRecordSchema, type RecordSchemaJson } from './record-schemas.js';
import { TimestampMillisType } from './timestamp-millis-type.js';

/** What `reader.createResolver(writer)` returns: reads data written with another schema version. */
export type SchemaResolver = ReturnType<avro.Type['createResolver']>;

/** A record type's schema: the JSON text (for registries) and the compiled avsc type. */
export interface RecordCodec {
  readonly recordType: FeedRecordType;
  readonly schema: RecordSchemaJson;
  /** `namespace.name`, e.g. `marketfeed.v1.TradeEvent`. */
  readonly fullName: string;
  readonly avroType: avro.Type;
  /** The schema's fields in order, with what an absent one is written as. */
  readonly fields: FieldPlan;
  /** One Avro value object per record type, refilled for each record (encoding is synchronous and keeps nothing). */
  readonly scratch: Record<string, unknown>;
}

/** Field names in schema order and, for each, the value written when the record lacks it (its default, else undefined). */
export interface FieldPlan {
  readonly names: readonly string[];
  readonly absent: readonly unknown[];
}

/** The field plan of a schema, computed once per record type. */
export function fieldPlanOf(schema: RecordSchemaJson): FieldPlan {
  return { names: schema.fields.map((field) => field.name), absent: schema.fields.map((field) => ('default' in field ? field.default : undefined)) };
}

/** Raised when a record does not fit its schema; names the offending field paths. Not retriable: the record is dead-lettered. */
export class RecordEncodeError extends FeedError<{ readonly recordType: FeedRecordType; readonly paths: readonly string[] }> {
  constructor(
    readonly recordType: FeedRecordType,
    readonly paths: readonly string[],
  ) {
    super(`${recordType} record does not match its schema at: ${paths.join(', ')}`, false, { recordType, paths });
  }
}

/** Compiles one schema with the project's logical types, in a registry of its own. */
export function compileSchema(schema: RecordSchemaJson): avro.Type {
  return avro.Type.forSchema(schema as avro.Schema, {
    logicalTypes: { 'timestamp-millis': TimestampMillisType },
    registry: {},
  });
}

const EMPTY_PREFIX = Buffer.alloc(0);

/** Encodes model records to plain Avro binary and back, one compiled type per record type. */
export class AvroCodec {
  private readonly codecs: ReadonlyMap<FeedRecordType, RecordCodec>;

  constructor(schemasDir: string = findSchemasDir()) {
    this.codecs = new Map(
      RECORD_TYPES.map((recordType) => {
        const schema = readRecordSchema(recordType, schemasDir);
        const codec: RecordCodec = {
          recordType,
          schema,
          fullName: `${schema.namespace}.${schema.name}`,
          avroType: compileSchema(schema),
          fields: fieldPlanOf(schema),
          scratch: {},
        };
        return [recordType, codec];
      }),
    );
  }

  codecFor(recordType: FeedRecordType): RecordCodec {
    const codec = this.codecs.get(recordType);
    if (codec === undefined) throw new Error(`no schema for record type ${recordType}`);
    return codec;
  }

  /**
   * Plain Avro binary (no framing). Throws `RecordEncodeError` naming the bad fields. avsc's
   * writers check each value's type as they write, so the separate (and costly) `isValid` walk
   * runs only when writing failed, to name the fields.
   */
  encode(record: FeedRecord): Buffer {
    return this.encodeFramed(record, EMPTY_PREFIX);
  }

  /**
   * `prefix` (a framing header) followed by the record's Avro binary, in one buffer: the value is
   * written into a scratch buffer after the prefix and copied out once (a small copy comes from
   * Node's buffer pool), instead of an encode, a slice and a concatenation per record.
   */
  encodeFramed(record: FeedRecord, prefix: Buffer): Buffer {
    const codec = this.codecFor(record.type);
    const { avroType, fields } = codec;
    const value = avroValueOf(record, fields, codec.scratch);
    let end: number;
    try {
      end = this.writeAfter(avroType, value, prefix);
    } catch (error) {
      const paths: string[] = [];
      avroType.isValid(value, { errorHook: (path: string[]) => paths.push(path.join('.')) });
      throw new RecordEncodeError(record.type, paths.length > 0 ? paths : [error instanceof Error ? error.message : String(error)]);
    }
    const out = Buffer.allocUnsafe(end);
    this.scratch.copy(out, 0, 0, end);
    return out;
  }

  private scratch = Buffer.allocUnsafe(64 * 1024);

  /** Writes `prefix` then `value` into the scratch buffer (grown when too small); the end offset. */
  private writeAfter(avroType: avro.Type, value: unknown, prefix: Buffer): number {
    for (;;) {
      prefix.copy(this.scratch, 0);
      const end = avroType.encode(value, this.scratch, prefix.length);
      if (end >= 0) return end;
      // avsc returns minus the bytes missing.
      this.scratch = Buffer.allocUnsafe(Math.max(this.scratch.length * 2, this.scratch.length - end));
    }
  }

  /** Decodes plain Avro binary; with a resolver, data written by another version of the schema. */
  decode<T extends FeedRecordType>(recordType: T, payload: Buffer, resolver?: SchemaResolver): Extract<FeedRecord, { type: T }> {
    const { avroType } = this.codecFor(recordType);
    const value: unknown = resolver === undefined ? avroType.fromBuffer(payload) : avroType.fromBuffer(payload, resolver);
    return fromAvroValue(recordType, value) as Extract<FeedRecord, { type: T }>;
  }
}

/** Model -> Avro value: drops the `type` discriminant, writes absent optional fields as null. */
export function toAvroValue(record: FeedRecord, schema: RecordSchemaJson): Record<string, unknown> {
  return avroValueOf(record, fieldPlanOf(schema));
}

/** `toAvroValue` with the schema's field plan computed beforehand (the per-record path), into `value` (default a new object). */
export function avroValueOf(record: FeedRecord, plan: FieldPlan, value: Record<string, unknown> = {}): Record<string, unknown> {
  const source = record as unknown as Record<string, unknown>;
  const { names, absent } = plan;
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    const fieldValue = source[name];
    value[name] = fieldValue === undefined ? absent[i] : fieldValue;
  }
  return value;
}

/** Avro value -> model: restores `type`, leaves null optional fields absent. */
export function fromAvroValue(recordType: FeedRecordType, value: unknown): FeedRecord {
  const record: Record<string, unknown> = { type: recordType };
  for (const [key, fieldValue] of Object.entries(value as Record<string, unknown>)) {
    if (fieldValue !== null) record[key] = fieldValue;
  }
  return record as unknown as FeedRecord;
}
