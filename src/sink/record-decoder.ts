import type avro from 'avsc';
import { FeedError } from '../model/feed-error.js';
import { compileSchema } from './avro-codec.js';
import { parseConfluent } from './confluent-wire-format.js';
import {
  DEAD_LETTER_SCHEMA_FILE,
  RECORD_TYPES,
  STRATEGY_SIGNAL_SCHEMA_FILE,
  SCHEMA_FILES,
  findSchemasDir,
  previousSchemaFiles,
  readSchemaFile,
  type RecordSchemaJson,
} from './record-schemas.js';
import type { SchemaRegistryClient } from './schema-registry-client.js';
import { legacyNameFingerprint, parseSingleObject, schemaFingerprint } from './single-object-encoding.js';

/** A decoded value and the full name of the schema it was written with. */
export interface DecodedValue {
  readonly schemaName: string;
  readonly encoding: 'confluent' | 'single-object';
  readonly value: Record<string, unknown>;
  /** True for a single-object value framed with market-feed 0.1's name-only fingerprint. */
  readonly legacyFingerprint?: true;
}

/** A decoded value with the schema its fields are those of. */
export interface TypedDecodedValue extends Omit<DecodedValue, 'legacyFingerprint'> {
  /** The writer's schema, or for a value of an earlier version, the current one it was read as. */
  readonly avroType: avro.Type;
}

/** Raised for a value in neither encoding, or whose schema is unknown. Not retriable: the same bytes fail again. */
export class UndecodableValueError extends FeedError<Record<string, never>> {
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, false, {}, options);
  }
}

interface KnownSchema {
  readonly fullName: string;
  readonly avroType: avro.Type;
  readonly legacy?: true;
  /** For a value written with an earlier version of the schema: reads it as the current one. */
  readonly resolver?: avro.Resolver;
}

/**
 * Decodes values of either encoding with the writer's schema: single-object values by fingerprint
 * against the local `schemas/` (the standard Parsing Canonical Form fingerprint, and market-feed
 * 0.1's name-only one) and the earlier versions kept in `schemas/previous/` (read as the current
 * version: fields added since take their defaults), Confluent values by id from the registry (when one is given).
 */
export class RecordDecoder {
  private readonly byFingerprint = new Map<string, KnownSchema>();
  private readonly byId = new Map<number, KnownSchema>();

  constructor(
    private readonly registry?: SchemaRegistryClient,
    schemasDir: string = findSchemasDir(),
  ) {
    const files = [...RECORD_TYPES.map((type) => SCHEMA_FILES[type]), DEAD_LETTER_SCHEMA_FILE, STRATEGY_SIGNAL_SCHEMA_FILE];
    const current = new Map<string, KnownSchema>();
    for (const file of files) {
      const known = compile(readSchemaFile(file, schemasDir));
      current.set(known.fullName, known);
      this.byFingerprint.set(schemaFingerprint(known.avroType).toString('hex'), known);
      this.byFingerprint.set(legacyNameFingerprint(known.avroType).toString('hex'), { ...known, legacy: true });
    }
    // Values written before a schema gained a field: read with the version they were written with, as the current one.
    for (const file of previousSchemaFiles(schemasDir)) {
      const writer = compile(readSchemaFile(file, schemasDir));
      const reader = current.get(writer.fullName);
      const fingerprint = schemaFingerprint(writer.avroType).toString('hex');
      if (reader === undefined || this.byFingerprint.has(fingerprint)) continue;
      this.byFingerprint.set(fingerprint, { ...reader, resolver: reader.avroType.createResolver(writer.avroType) });
    }
  }

  async decode(value: Buffer): Promise<DecodedValue> {
    const { known, encoding, payload } = await this.schemaOf(value);
    const decoded = { schemaName: known.fullName, encoding, value: read(known, payload) } as const;
    return known.legacy === true ? { ...decoded, legacyFingerprint: true } : decoded;
  }

  /** `decode`, with the schema the value's fields are those of: the writer's, or for an earlier version the current one it was read as. */
  async decodeTyped(value: Buffer): Promise<TypedDecodedValue> {
    const { known, encoding, payload } = await this.schemaOf(value);
    return { schemaName: known.fullName, encoding, value: read(known, payload), avroType: known.avroType };
  }

  private async schemaOf(value: Buffer): Promise<{ readonly known: KnownSchema; readonly encoding: DecodedValue['encoding']; readonly payload: Buffer }> {
    const singleObject = parseSingleObject(value);
    if (singleObject !== undefined) {
      const known = this.byFingerprint.get(singleObject.fingerprint.toString('hex'));
      if (known === undefined) throw new UndecodableValueError(`unknown schema fingerprint ${singleObject.fingerprint.toString('hex')}`);
      return { known, encoding: 'single-object', payload: singleObject.payload };
    }
    const confluent = parseConfluent(value);
    if (confluent !== undefined) return { known: await this.schemaById(confluent.schemaId), encoding: 'confluent', payload: confluent.payload };
    throw new UndecodableValueError('value is neither Confluent-framed nor single-object encoded Avro');
  }

  private async schemaById(id: number): Promise<KnownSchema> {
    const cached = this.byId.get(id);
    if (cached !== undefined) return cached;
    if (this.registry === undefined) throw new UndecodableValueError(`schema id ${id} needs a schema registry (SCHEMA_REGISTRY_URL)`);
    const known = compile(JSON.parse(await this.registry.schemaById(id)) as RecordSchemaJson);
    this.byId.set(id, known);
    return known;
  }
}

function compile(schema: RecordSchemaJson): KnownSchema {
  return { fullName: `${schema.namespace}.${schema.name}`, avroType: compileSchema(schema) };
}

function read(known: KnownSchema, payload: Buffer): Record<string, unknown> {
  return (known.resolver === undefined ? known.avroType.fromBuffer(payload) : known.avroType.fromBuffer(payload, known.resolver)) as Record<string, unknown>;
}
