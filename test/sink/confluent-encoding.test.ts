import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import {
  AvroSerializer,
  SchemaRegistryClient as ConfluentClient,
  SerdeType,
  SubjectNameStrategyType,
  type Client as ConfluentRegistry,
} from '@confluentinc/schemaregistry';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { consumeCommand } from '../../src/cli/consume-command.js';
import { createLogger } from '../../src/logging/create-logger.js';
import type { FeedRecord, FeedRecordType } from '../../src/model/index.js';
import { AvroCodec, compileSchema, fromAvroValue, toAvroValue } from '../../src/sink/avro-codec.js';
import { confluentHeader, frameConfluent } from '../../src/sink/confluent-wire-format.js';
import { createKafkaSink } from '../../src/sink/kafka-sink.js';
import { RecordDecoder } from '../../src/sink/record-decoder.js';
import { DEAD_LETTER_SCHEMA_FILE, RECORD_TYPES, SCHEMA_FILES, readSchemaFile } from '../../src/sink/record-schemas.js';
import { SchemaRegistryClient } from '../../src/sink/schema-registry-client.js';
import { allTopics, sinkTopics } from '../../src/sink/sink-topics.js';
import { readTopic, testKafka, uniquePrefix, sinkProducer } from './sink-fixtures.js';

const codec = new AvroCodec();

/** One record of each type, from avsc's random values of its schema (so every field is exercised). */
function sampleRecords(): FeedRecord[] {
  return RECORD_TYPES.map((type: FeedRecordType) => fromAvroValue(type, codec.codecFor(type).avroType.random()));
}

/** A `.avsc` file of the repository, parsed as plain JSON (not through our schema code). */
function avscJson(file: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../schemas/${file}`, import.meta.url), 'utf8'));
}

describe('Confluent wire format (real schema registry)', () => {
  /** The test run's registry, base path included (Apicurio's `/apis/ccompat/v7`, or SCHEMA_REGISTRY_URL). */
  const registryUrl = inject('schemaRegistryUrl');
  const spoolDir = mkdtempSync(join(tmpdir(), 'sink-confluent-'));

  afterAll(() => {
    rmSync(spoolDir, { recursive: true, force: true });
  });

  /**
   * Confluent's own client and Avro serializer, talking to the same registry (a request that hangs times out and is retried).
   * The subject is `<topic>-value` (TopicNameStrategy), as ours: the serializer's default first asks the registry for topic
   * associations, an endpoint of Confluent's own registry only, and a slow answer to that fails the serialization.
   */
  const confluent = (): { client: ConfluentRegistry; serializer: AvroSerializer } => {
    const client = ConfluentClient.newClient({ baseURLs: [registryUrl], cacheCapacity: 100, cacheLatestTtlSecs: 60, createAxiosDefaults: { timeout: 30_000 } });
    const serializer = new AvroSerializer(client, SerdeType.VALUE, { useLatestVersion: true, subjectNameStrategyType: SubjectNameStrategyType.TOPIC });
    return { client, serializer };
  };

  it.each(RECORD_TYPES)('frames a %s record byte for byte like Confluent’s own Avro serializer, with the id the registry gave both clients', async (type) => {
    const { client, serializer } = confluent();
    const { schema } = codec.codecFor(type);
    const topic = `${uniquePrefix('frames')}market.${type}.v1`;
    const theirId = await client.register(`${topic}-value`, { schemaType: 'AVRO', schema: JSON.stringify(schema) }, false);
    const ourId = await new SchemaRegistryClient(registryUrl).register(`${topic}-value`, JSON.stringify(schema));
    expect(ourId).toBe(theirId);
    const record = fromAvroValue(type, codec.codecFor(type).avroType.random());

    const theirs = await serializer.serialize(topic, toAvroValue(record, schema));
    const ours = codec.encodeFramed(record, confluentHeader(ourId));
    expect(ours.toString('hex')).toBe(theirs.toString('hex'));
  });

  it('frames a dead letter byte for byte like Confluent’s own Avro serializer', async () => {
    const { client, serializer } = confluent();
    const schema = readSchemaFile(DEAD_LETTER_SCHEMA_FILE);
    const topic = `${uniquePrefix('frames')}market.dlq.v1`;
    const theirId = await client.register(`${topic}-value`, { schemaType: 'AVRO', schema: JSON.stringify(schema) }, false);
    const ourId = await new SchemaRegistryClient(registryUrl).register(`${topic}-value`, JSON.stringify(schema));
    expect(ourId).toBe(theirId);
    const letter = {
      stage: 'invalid_frame',
      error: 'bad',
      raw: '{"x":1}',
      exchange: 'bybit',
      connectionId: 'c1',
      recordType: null,
      sourceTopic: null,
      receivedTs: 5,
      deadLetteredTs: 7,
    };
    const theirs = await serializer.serialize(topic, letter);
    expect(frameConfluent(ourId, compileSchema(schema).toBuffer(letter)).toString('hex')).toBe(theirs.toString('hex'));
  });

  it('registers each topic’s full .avsc (docs, logical types) under <topic>-value, and @kafkajs/confluent-schema-registry decodes what the sink produced', async () => {
    const brokers = inject('kafkaBrokers');
    const kafka = testKafka(brokers);
    const prefix = uniquePrefix('confluent');
    const sink = createKafkaSink({
      producer: sinkProducer(kafka, { partitions: 1 }),
      topicPrefix: prefix,
      encoding: { kind: 'confluent', registry: new SchemaRegistryClient(registryUrl) },
      spoolDir,
      logger: createLogger({ level: 'silent' }),
    });
    await sink.start();
    const records = sampleRecords();
    for (const record of records) sink.write(record);
    expect((await sink.close({ deadlineMs: 20_000 })).undelivered).toBe(0);

    const topics = sinkTopics(prefix);
    const expected = [
      ...RECORD_TYPES.map((type) => [topics.records[type], SCHEMA_FILES[type]] as const),
      [topics.deadLetters, DEAD_LETTER_SCHEMA_FILE] as const,
    ];
    for (const [topic, file] of expected) {
      const response = await fetch(`${registryUrl}/subjects/${encodeURIComponent(`${topic}-value`)}/versions/latest`);
      expect(response.status, `${topic}-value`).toBe(200);
      const latest = (await response.json()) as { schema: string; version: number };
      expect(JSON.parse(latest.schema), `${topic}-value`).toEqual(avscJson(file));
      expect(latest.version).toBe(1);
    }
    const trades = topics.records.trade;
    const tradeSchema = (await (await fetch(`${registryUrl}/subjects/${trades}-value/versions/latest`)).json()) as { schema: string };
    expect(tradeSchema.schema).toContain('"logicalType":"timestamp-millis"');
    expect(tradeSchema.schema).toContain('"doc":');

    const [message] = await readTopic(kafka, trades, new RecordDecoder(new SchemaRegistryClient(registryUrl)));
    expect(message?.headers).toEqual({});
    expect(message?.schemaName).toBe('marketfeed.v1.TradeEvent');
    const independent = new SchemaRegistry({ host: registryUrl });
    const raw = await readRawValues(kafka, trades);
    expect(await independent.decode(raw)).toEqual(message?.value);
    expect(message?.value).toEqual(toAvroValue(records[0] as FeedRecord, codec.codecFor('trade').schema));
  });

  it.each(['single-object', 'confluent'] as const)('market-feed consume prints every topic’s records as JSON lines (%s encoding)', async (kind) => {
    const brokers = inject('kafkaBrokers');
    const prefix = uniquePrefix(`consume-${kind}`);
    const encoding = kind === 'confluent' ? { kind, registry: new SchemaRegistryClient(registryUrl) } : { kind };
    const sink = createKafkaSink({
      producer: sinkProducer(testKafka(brokers), { partitions: 1 }),
      topicPrefix: prefix,
      encoding,
      spoolDir,
      logger: createLogger({ level: 'silent' }),
    });
    await sink.start();
    const records = sampleRecords();
    for (const record of records) sink.write(record);
    sink.deadLetter({ type: 'invalid_frame', exchange: 'bybit', connectionId: 'c1', raw: '{not json', error: 'malformed JSON', receivedTs: 1_700_000_000_000 });
    expect((await sink.close({ deadlineMs: 20_000 })).undelivered).toBe(0);

    const topics = allTopics(sinkTopics(prefix));
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const argv = [...topics.flatMap((t) => ['--topic', t]), '--from-beginning', '--max', String(records.length + 1)];
    const env = { KAFKA_BROKERS: brokers, LOG_LEVEL: 'silent', ...(kind === 'confluent' ? { SCHEMA_REGISTRY_URL: registryUrl } : {}) };
    const code = await consumeCommand({ argv, env, stdin: new PassThrough(), stdout, stderr });

    expect(code).toBe(0);
    const lines = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { topic: string; encoding: string; schema: string; value: Record<string, unknown> });
    expect(lines.map((l) => l.topic).sort()).toEqual([...topics].sort());
    expect(new Set(lines.map((l) => l.encoding))).toEqual(new Set([kind]));
    for (const record of records) {
      const line = lines.find((l) => l.topic === sinkTopics(prefix).records[record.type]);
      expect(line?.value).toEqual(JSON.parse(JSON.stringify(toAvroValue(record, codec.codecFor(record.type).schema))));
    }
    expect(lines.find((l) => l.schema === 'marketfeed.v1.DeadLetter')?.value).toMatchObject({
      stage: 'invalid_frame',
      raw: '{not json',
      error: 'malformed JSON',
    });
  });
});

async function readRawValues(kafka: ReturnType<typeof testKafka>, topic: string): Promise<Buffer> {
  const consumer = kafka.consumer({ groupId: `raw-${Math.random().toString(36).slice(2)}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const value = await new Promise<Buffer>((resolve) => {
    void consumer.run({ eachMessage: ({ message }) => Promise.resolve(resolve(message.value ?? Buffer.alloc(0))) });
  });
  await consumer.disconnect();
  return value;
}
