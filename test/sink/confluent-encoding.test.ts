import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { AvroSerializer, SchemaRegistryClient as ConfluentClient, SerdeType } from '@confluentinc/schemaregistry';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { consumeCommand } from '../../src/cli/consume-command.js';
import { createLogger } from '../../src/logging/create-logger.js';
import type { FeedRecord, FeedRecordType } from '../../src/model/index.js';
import { AvroCodec, compileSchema, fromAvroValue, toAvroValue } from '../../src/sink/avro-codec.js';
import { frameConfluent } from '../../src/sink/confluent-wire-format.js';
import { createKafkaSink } from '../../src/sink/kafka-sink.js';
import { RecordDecoder } from '../../src/sink/record-decoder.js';
import { DEAD_LETTER_SCHEMA_FILE, RECORD_TYPES, readSchemaFile } from '../../src/sink/record-schemas.js';
import { SchemaRegistryClient } from '../../src/sink/schema-registry-client.js';
import { allTopics, sinkTopics } from '../../src/sink/sink-topics.js';
import { startSchemaRegistryServer, type SchemaRegistryServer } from '../support/schema-registry-server.js';
import { readTopic, testKafka, uniquePrefix } from './sink-fixtures.js';

const codec = new AvroCodec();

/** One record of each type, from avsc's random values of its schema (so every field is exercised). */
function sampleRecords(): FeedRecord[] {
  return RECORD_TYPES.map((type: FeedRecordType) => fromAvroValue(type, codec.codecFor(type).avroType.random()));
}

describe('Confluent wire format', () => {
  let registry: SchemaRegistryServer;
  const spoolDir = mkdtempSync(join(tmpdir(), 'sink-confluent-'));

  beforeAll(async () => {
    registry = await startSchemaRegistryServer();
  });
  afterAll(async () => {
    await registry.close();
    rmSync(spoolDir, { recursive: true, force: true });
  });

  it.each(RECORD_TYPES)('frames a %s record byte for byte like Confluent’s own Avro serializer with the same schema id', async (type) => {
    const client = ConfluentClient.newClient({ baseURLs: ['mock://'], cacheCapacity: 100, cacheLatestTtlSecs: 60 });
    const { schema } = codec.codecFor(type);
    const topic = `market.${type}.v1`;
    const id = await client.register(`${topic}-value`, { schemaType: 'AVRO', schema: JSON.stringify(schema) }, false);
    const serializer = new AvroSerializer(client, SerdeType.VALUE, { useLatestVersion: true });
    const record = fromAvroValue(type, codec.codecFor(type).avroType.random());

    const theirs = await serializer.serialize(topic, toAvroValue(record, schema));
    const ours = frameConfluent(id, codec.encode(record));
    expect(ours.toString('hex')).toBe(theirs.toString('hex'));
  });

  it('frames a dead letter byte for byte like Confluent’s own Avro serializer', async () => {
    const client = ConfluentClient.newClient({ baseURLs: ['mock://'], cacheCapacity: 100, cacheLatestTtlSecs: 60 });
    const schema = readSchemaFile(DEAD_LETTER_SCHEMA_FILE);
    const id = await client.register('market.dlq.v1-value', { schemaType: 'AVRO', schema: JSON.stringify(schema) }, false);
    const serializer = new AvroSerializer(client, SerdeType.VALUE, { useLatestVersion: true });
    const letter = { stage: 'invalid_frame', error: 'bad', raw: '{"x":1}', exchange: 'bybit', connectionId: 'c1', recordType: null, sourceTopic: null, receivedTs: 5, deadLetteredTs: 7 };
    const theirs = await serializer.serialize('market.dlq.v1', letter);
    expect(frameConfluent(id, compileSchema(schema).toBuffer(letter)).toString('hex')).toBe(theirs.toString('hex'));
  });

  it('registers the full schema text under <topic>-value, and @kafkajs/confluent-schema-registry decodes what the sink produced', async () => {
    const brokers = inject('kafkaBrokers');
    const kafka = testKafka(brokers);
    const prefix = uniquePrefix('confluent');
    const sink = createKafkaSink({
      kafka,
      topicPrefix: prefix,
      topics: { partitions: 1 },
      encoding: { kind: 'confluent', registry: new SchemaRegistryClient(registry.url) },
      spoolDir,
      logger: createLogger({ level: 'silent' }),
    });
    await sink.start();
    const records = sampleRecords();
    for (const record of records) sink.write(record);
    expect((await sink.close({ deadlineMs: 20_000 })).undelivered).toBe(0);

    const trades = `${prefix}market.trades.v1`;
    const latest = (await (await fetch(`${registry.url}/subjects/${trades}-value/versions/latest`)).json()) as { schema: string };
    expect(latest.schema).toBe(JSON.stringify(codec.codecFor('trade').schema));
    expect(latest.schema).toContain('"logicalType":"timestamp-millis"');
    expect(latest.schema).toContain('"doc":');

    const [message] = await readTopic(kafka, trades, new RecordDecoder(new SchemaRegistryClient(registry.url)), { expected: 1, settleMs: 200 });
    expect(message?.headers).toMatchObject({ 'content-type': 'application/vnd.confluent.avro', 'schema-name': 'marketfeed.v1.TradeEvent' });
    const independent = new SchemaRegistry({ host: registry.url });
    const raw = await readRawValues(kafka, trades);
    expect(await independent.decode(raw)).toEqual(message?.value);
    expect(message?.value).toEqual(toAvroValue(records[0] as FeedRecord, codec.codecFor('trade').schema));
  });

  it.each(['single-object', 'confluent'] as const)('market-feed consume prints every topic’s records as JSON lines (%s encoding)', async (kind) => {
    const brokers = inject('kafkaBrokers');
    const prefix = uniquePrefix(`consume-${kind}`);
    const encoding = kind === 'confluent' ? { kind, registry: new SchemaRegistryClient(registry.url) } : { kind };
    const sink = createKafkaSink({ kafka: testKafka(brokers), topicPrefix: prefix, topics: { partitions: 1 }, encoding, spoolDir, logger: createLogger({ level: 'silent' }) });
    await sink.start();
    const records = sampleRecords();
    for (const record of records) sink.write(record);
    sink.deadLetter({ exchange: 'bybit', connectionId: 'c1', raw: '{not json', error: 'malformed JSON', receivedTs: 1_700_000_000_000 });
    expect((await sink.close({ deadlineMs: 20_000 })).undelivered).toBe(0);

    const topics = allTopics(sinkTopics(prefix));
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const argv = [...topics.flatMap((t) => ['--topic', t]), '--from-beginning', '--max', String(records.length + 1)];
    const env = { KAFKA_BROKERS: brokers, LOG_LEVEL: 'silent', ...(kind === 'confluent' ? { SCHEMA_REGISTRY_URL: registry.url } : {}) };
    const code = await consumeCommand({ argv, env, stdin: new PassThrough(), stdout, stderr });

    expect(code).toBe(0);
    const lines = out.trim().split('\n').map((line) => JSON.parse(line) as { topic: string; encoding: string; schema: string; value: Record<string, unknown> });
    expect(lines.map((l) => l.topic).sort()).toEqual([...topics].sort());
    expect(new Set(lines.map((l) => l.encoding))).toEqual(new Set([kind]));
    for (const record of records) {
      const line = lines.find((l) => l.topic === sinkTopics(prefix).records[record.type]);
      expect(line?.value).toEqual(JSON.parse(JSON.stringify(toAvroValue(record, codec.codecFor(record.type).schema))));
    }
    expect(lines.find((l) => l.schema === 'marketfeed.v1.DeadLetter')?.value).toMatchObject({ stage: 'invalid_frame', raw: '{not json', error: 'malformed JSON' });
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
