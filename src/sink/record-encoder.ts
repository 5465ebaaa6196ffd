import type avro from 'avsc';
import type { DeadLetter } from '../model/dead-letter.js';
import { instrumentOf, type FeedRecord, type FeedRecordType } from '../model/index.js';
import { AvroCodec, compileSchema, toAvroValue } from './avro-codec.js';
import { confluentHeader } from './confluent-wire-format.js';
import { DEAD_LETTER_SCHEMA_FILE, findSchemasDir, readSchemaFile, type RecordSchemaJson } from './record-schemas.js';
import type { SchemaRegistryClient } from './schema-registry-client.js';
import { SINGLE_OBJECT_MARKER, schemaFingerprint } from './single-object-encoding.js';
import type { SinkTopics } from './sink-topics.js';

/** How values are framed: Confluent wire format with a registry, or Avro single-object encoding without. */
export type SinkEncoding = { readonly kind: 'confluent'; readonly registry: SchemaRegistryClient } | { readonly kind: 'single-object' };

/** A Kafka message ready to send or to spool; no headers: the value's framing names its schema. */
export interface EncodedMessage {
  readonly topic: string;
  readonly key: string;
  readonly value: Buffer;
  /** Local receive time of the record's source frame, for receive-to-ack latency (not spooled). */
  readonly receivedTs?: number;
}

/** Bytes a message adds to a produce request: value, key, and record overhead. */
export function messageBytes(message: EncodedMessage): number {
  return message.value.length + message.key.length + 24;
}

/** A topic's schema and its framing (Confluent id or single-object fingerprint). */
export interface TopicSchema {
  readonly topic: string;
  readonly fullName: string;
  readonly avroType: avro.Type;
  readonly schema: RecordSchemaJson;
  /** The header before each Avro payload that names its schema (Confluent magic byte and id, or single-object marker and fingerprint). */
  readonly prefix: Buffer;
}

/**
 * Turns records and dead letters into Kafka messages: topic, key (canonical instrument, or the
 * exchange for status records) and the Avro value, framed so that it names its schema.
 */
export class RecordEncoder {
  private constructor(
    private readonly codec: AvroCodec,
    private readonly byType: ReadonlyMap<FeedRecordType, TopicSchema>,
    private readonly deadLetters: TopicSchema,
  ) {}

  /** Compiles every schema and, in Confluent mode, registers its full text under `<topic>-value`. */
  static async create(encoding: SinkEncoding, topics: SinkTopics, schemasDir: string = findSchemasDir()): Promise<RecordEncoder> {
    const codec = new AvroCodec(schemasDir);
    const byType = new Map<FeedRecordType, TopicSchema>();
    for (const [type, topic] of Object.entries(topics.records) as [FeedRecordType, string][]) {
      const { schema, avroType } = codec.codecFor(type);
      byType.set(type, await topicSchema(encoding, topic, schema, avroType));
    }
    const dlqSchema = readSchemaFile(DEAD_LETTER_SCHEMA_FILE, schemasDir);
    const deadLetters = await topicSchema(encoding, topics.deadLetters, dlqSchema, compileSchema(dlqSchema));
    return new RecordEncoder(codec, byType, deadLetters);
  }

  topicOf(type: FeedRecordType): string {
    return this.schemaOf(type).topic;
  }

  /** Encodes a record; throws `RecordEncodeError` when it does not fit its schema. */
  encodeRecord(record: FeedRecord): EncodedMessage {
    const target = this.schemaOf(record.type);
    const key = record.type === 'feed_status' ? record.exchange : instrumentOf(record);
    const value = this.codec.encodeFramed(record, target.prefix);
    // One object literal per branch: no intermediate message copied by a spread.
    return 'receivedTs' in record ? { topic: target.topic, key, value, receivedTs: record.receivedTs } : { topic: target.topic, key, value };
  }

  encodeDeadLetter(letter: DeadLetter): EncodedMessage {
    const { avroType, schema, topic, prefix } = this.deadLetters;
    const value = avroType.toBuffer(toAvroValue(letter as unknown as FeedRecord, schema));
    return { topic, key: deadLetterKey(letter), value: Buffer.concat([prefix, value]) };
  }

  private schemaOf(type: FeedRecordType): TopicSchema {
    const found = this.byType.get(type);
    if (found === undefined) throw new Error(`no topic for record type ${type}`);
    return found;
  }
}

/** Registers (Confluent) or fingerprints (single-object) a schema for a topic. */
export async function topicSchema(encoding: SinkEncoding, topic: string, schema: RecordSchemaJson, avroType: avro.Type): Promise<TopicSchema> {
  const fullName = `${schema.namespace}.${schema.name}`;
  const base = { topic, fullName, avroType, schema };
  if (encoding.kind === 'confluent') {
    const id = await encoding.registry.register(`${topic}-value`, JSON.stringify(schema));
    return { ...base, prefix: confluentHeader(id) };
  }
  const fingerprint = schemaFingerprint(avroType);
  return { ...base, prefix: Buffer.concat([SINGLE_OBJECT_MARKER, fingerprint]) };
}

/** Dead letters are keyed like the record they replace when it names an instrument, else by exchange. */
function deadLetterKey(letter: DeadLetter): string {
  const parsed = safeParse(letter.raw);
  if (typeof parsed === 'object' && parsed !== null) {
    const { coin, quote, instrument } = parsed as { readonly coin?: unknown; readonly quote?: unknown; readonly instrument?: unknown };
    if (typeof instrument === 'string') return instrument;
    if (typeof coin === 'string' && typeof quote === 'string') return instrumentOf({ coin, quote });
  }
  return letter.exchange ?? 'unknown';
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
