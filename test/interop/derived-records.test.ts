import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLogger } from '../../src/logging/create-logger.js';
import { instrumentOf } from '../../src/model/index.js';
import { DERIVED_RECORDS } from '../../src/sink/__fixtures__/derived-records.js';
import { toAvroValue } from '../../src/sink/avro-codec.js';
import { createKafkaSink } from '../../src/sink/kafka-sink.js';
import type { SinkEncoding } from '../../src/sink/record-encoder.js';
import { findSchemasDir, readRecordSchema } from '../../src/sink/record-schemas.js';
import { SchemaRegistryClient } from '../../src/sink/schema-registry-client.js';
import { sinkTopics } from '../../src/sink/sink-topics.js';
import { sinkProducer, testKafka, uniquePrefix } from '../sink/sink-fixtures.js';
import { installAvroJava, readWithAvroJava } from './avro-java.js';
import { pythonReaderInterpreter, readTopicsWithPython } from './python-topic-reader.js';

/**
 * The derived data's records (book changes, interval book snapshots, quotes, trade bars) written by the
 * product's own Kafka sink, read by readers that share no code with it: Apache Avro Java (interop/java)
 * and fastavro / confluent-kafka (interop/python/read_topics.py). Each must decode every record, field by
 * field equal to what was written, at the values' edges: a whole book and removed levels (size 0), a side
 * an update left alone or a book without asks (empty lists), a grouping absent and present, quotes with
 * one side or none (null), time, tick and volume bars.
 */

const brokers = inject('kafkaBrokers');
const registryUrl = inject('schemaRegistryUrl');
const schemasDir = findSchemasDir();

const TYPES = ['book_change', 'interval_book_snapshot', 'quote', 'trade_bar'] as const;
type DerivedType = (typeof TYPES)[number];

/** What a reader of the topics must see, topic by topic in offset order: the key, the schema's full name, every field (an absent one null). */
function expectedOf(topics: Readonly<Record<DerivedType, string>>): readonly { topic: string; key: string; schema: string; value: unknown }[] {
  return TYPES.flatMap((type) => {
    const schema = readRecordSchema(type);
    return DERIVED_RECORDS.filter((record) => record.type === type).map((record) => ({
      topic: topics[type],
      key: instrumentOf(record),
      schema: `marketfeed.v1.${schema.name}`,
      value: JSON.parse(JSON.stringify(toAvroValue(record, schema))) as unknown,
    }));
  });
}

/** Writes the records with the product's sink (one partition a topic) and gives the topics. */
async function writeDerived(encoding: SinkEncoding, spoolDir: string): Promise<Readonly<Record<DerivedType, string>>> {
  const prefix = uniquePrefix('derived');
  const sink = createKafkaSink({
    producer: sinkProducer(testKafka(brokers), { partitions: 1 }),
    topicPrefix: prefix,
    encoding,
    spoolDir,
    logger: createLogger({ level: 'silent' }),
  });
  await sink.start();
  for (const record of DERIVED_RECORDS) sink.write(record);
  expect((await sink.close({ deadlineMs: 20_000 })).undelivered).toBe(0);
  const { records } = sinkTopics(prefix);
  return { book_change: records.book_change, interval_book_snapshot: records.interval_book_snapshot, quote: records.quote, trade_bar: records.trade_bar };
}

/** A reader's records, in topic order: topic, offset, key, schema and value (JSON numbers as JavaScript parses them). */
interface Read {
  readonly topic: string;
  readonly offset: number;
  readonly key: string | null;
  readonly schema?: string;
  readonly value?: Readonly<Record<string, unknown>>;
}

function expectAsWritten(read: readonly Read[], topics: Readonly<Record<DerivedType, string>>): void {
  const order = TYPES.map((type) => topics[type]);
  const inOrder = [...read].sort((a, b) => order.indexOf(a.topic) - order.indexOf(b.topic) || a.offset - b.offset);
  expect(inOrder.map((r) => ({ topic: r.topic, key: r.key, schema: r.schema, value: JSON.parse(JSON.stringify(r.value)) as unknown }))).toStrictEqual(
    expectedOf(topics),
  );
}

describe('the derived data written by market-feed, read by Apache Avro Java and by Python', () => {
  let python: string;
  let spoolDir: string;
  beforeAll(async () => {
    spoolDir = mkdtempSync(join(tmpdir(), 'interop-derived-'));
    await installAvroJava();
    python = await pythonReaderInterpreter();
  }, 600_000);
  afterAll(() => rmSync(spoolDir, { recursive: true, force: true }));

  it('writes every derived type, each at its edges', () => {
    expect(new Set(DERIVED_RECORDS.map((record) => record.type))).toEqual(new Set(TYPES));
    const values = JSON.stringify(DERIVED_RECORDS);
    for (const edge of ['"bids":[]', '"asks":[]', '"size":0}', '"grouping":10', '"kind":"volume"', '"kind":"tick"', '"isSnapshot":true']) expect(values).toContain(edge);
    expect(DERIVED_RECORDS.some((record) => record.type === 'quote' && record.bidPrice === undefined && record.askPrice === undefined)).toBe(true);
  });

  describe('single-object encoding', () => {
    let topics: Readonly<Record<DerivedType, string>>;
    beforeAll(async () => {
      topics = await writeDerived({ kind: 'single-object' }, spoolDir);
    });

    it('Apache Avro Java decodes 100 % of them (writer schema by fingerprint), each field equal to what was written', async () => {
      const java = await readWithAvroJava({ brokers, topics: Object.values(topics), schemas: [schemasDir] });
      expect(java.summary).toMatchObject({ decoded: DERIVED_RECORDS.length, failed: 0 });
      expect(java.exitCode).toBe(0);
      expect(new Set(java.records.map((r) => r.encoding))).toEqual(new Set(['single-object']));
      expectAsWritten(java.records, topics);
    });

    it('fastavro decodes 100 % of them (writer schema by fingerprint among schemas/), each field equal to what was written', async () => {
      const read = await readTopicsWithPython({ python, brokers, topics: Object.values(topics) });
      expect(read.failures).toEqual([]);
      expect(read.summary).toMatchObject({ decoded: DERIVED_RECORDS.length, failed: 0 });
      expect(new Set(read.records.map((r) => r.encoding))).toEqual(new Set(['single-object']));
      expectAsWritten(read.records, topics);
    });
  });

  describe('Confluent framing with a schema registry', () => {
    let topics: Readonly<Record<DerivedType, string>>;
    beforeAll(async () => {
      topics = await writeDerived({ kind: 'confluent', registry: new SchemaRegistryClient(registryUrl) }, spoolDir);
    });

    it('Apache Avro Java decodes 100 % of them with the writer schema fetched by id, each field equal to what was written', async () => {
      const java = await readWithAvroJava({ brokers, topics: Object.values(topics), registryUrl });
      expect(java.summary).toMatchObject({ decoded: DERIVED_RECORDS.length, failed: 0 });
      expect(new Set(java.records.map((r) => r.encoding))).toEqual(new Set(['confluent']));
      expectAsWritten(java.records, topics);
    });

    it('confluent-kafka’s AvroDeserializer decodes 100 % of them through the registry, each field equal to what was written', async () => {
      const read = await readTopicsWithPython({ python, brokers, topics: Object.values(topics), registryUrl });
      expect(read.failures).toEqual([]);
      expect(read.summary).toMatchObject({ decoded: DERIVED_RECORDS.length, failed: 0 });
      expect(new Set(read.records.map((r) => r.encoding))).toEqual(new Set(['confluent']));
      expectAsWritten(read.records, topics);
    });
  });
});
