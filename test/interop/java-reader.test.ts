import { copyFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TradeEvent } from '../../src/model/index.js';
import { compileSchema } from '../../src/sink/avro-codec.js';
import { RecordEncoder, type EncodedMessage } from '../../src/sink/record-encoder.js';
import { findSchemasDir, readSchemaFile } from '../../src/sink/record-schemas.js';
import { parsingCanonicalForm, schemaFingerprint } from '../../src/sink/single-object-encoding.js';
import { sinkTopics } from '../../src/sink/sink-topics.js';
import { CliProcess } from '../support/cli-process.js';
import { installAvroJava, javaFingerprints, readWithAvroJava, type JavaRead, type JavaRecord } from './avro-java.js';
import { INTEROP_RECORD_TYPES, writeInteropTopics, type InteropTopics } from './interop-topics.js';
import { createTopicsWithLeaders } from '../../src/kafka/ensure-topics.js';

const brokers = inject('kafkaBrokers');
const schemasDir = findSchemasDir();
const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const V2_FILE = join(fixturesDir, 'trade-event-v2.avsc');
const SAMPLE_PER_TOPIC = 20;

/** The test run's schema registry (Apicurio, Confluent API under a base path such as `/apis/ccompat/v7`). */
const registryUrl = inject('schemaRegistryUrl');

beforeAll(() => installAvroJava(), 600_000);

/**
 * The one normalisation between the two JSON renderings: JavaScript's JSON.stringify writes the
 * double -0.0 as 0, Java as -0.0, so Java's values go through the same JSON round trip. Nothing
 * else differs: both print timestamp-millis as epoch-ms numbers, enums as their symbol strings,
 * unions as the branch value (null as null), longs and doubles as JSON numbers (Java's and
 * JavaScript's forms of a double parse back to the same number).
 */
const asJavaScriptJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

const slot = (r: { topic: string; partition: number; offset: string | number }): string => `${r.topic}/${r.partition}/${String(r.offset)}`;

/** Apache Avro Java read every record of every topic, as many as the project's own reader found, none failed. */
function expectEveryRecordDecoded(scenario: InteropTopics, java: JavaRead, encoding: JavaRecord['encoding']): void {
  expect(
    java.summary.failed,
    java.records
      .filter((r) => r.error !== undefined)
      .slice(0, 3)
      .map((r) => r.error)
      .join('\n'),
  ).toBe(0);
  expect(java.exitCode).toBe(0);
  for (const type of INTEROP_RECORD_TYPES) {
    const topic = scenario.topics[type];
    expect(java.summary.topics[topic]?.decoded, topic).toBe(scenario.records[type].length);
    const read = java.records.filter((r) => r.topic === topic);
    expect(new Set(read.map(slot))).toEqual(new Set(scenario.records[type].map(slot)));
    for (const record of read) expect(record.encoding).toBe(encoding);
  }
}

describe('Apache Avro Java reads what market-feed writes (single-object encoding)', () => {
  let scenario: InteropTopics;
  let java: JavaRead;
  beforeAll(async () => {
    scenario = await writeInteropTopics({ brokers });
    java = await readWithAvroJava({ brokers, topics: Object.values(scenario.topics), schemas: [schemasDir] });
  });
  afterAll(() => scenario?.close());

  it('decodes 100 % of the records of every topic with BinaryMessageDecoder, framed with the writer schema Java fingerprints', async () => {
    expectEveryRecordDecoded(scenario, java, 'single-object');
    const byName = new Map((await javaFingerprints(schemasDir)).map((f) => [f.schema, f.fingerprint]));
    for (const record of java.records) expect(record.writerId, record.schema).toBe(byName.get(record.schema ?? ''));
  });

  it(`agrees field by field with market-feed consume on ${SAMPLE_PER_TOPIC} records of each topic`, async () => {
    const total = java.records.length;
    const consume = new CliProcess([
      'consume',
      '--brokers',
      brokers,
      '--from-beginning',
      '--max',
      String(total),
      ...Object.values(scenario.topics).flatMap((t) => ['--topic', t]),
    ]);
    const timer = setTimeout(() => consume.signal('SIGKILL'), 60_000);
    const exit = await consume.exited;
    clearTimeout(timer);
    expect(exit, `market-feed consume did not print ${total} records within 60 s: ${consume.stderrText.slice(-2000)}`).toBe(0);
    const consumed = new Map(
      consume.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { topic: string; partition: number; offset: string; key: string; schema: string; encoding: string; value: unknown })
        .map((l) => [slot(l), l]),
    );
    expect(consumed.size).toBe(total);
    for (const topic of Object.values(scenario.topics)) {
      const read = java.records.filter((r) => r.topic === topic);
      const step = Math.max(1, Math.ceil(read.length / SAMPLE_PER_TOPIC));
      for (const record of read.filter((_, i) => i % step === 0)) {
        const theirs = consumed.get(slot(record));
        expect(theirs, slot(record)).toBeDefined();
        expect({ key: record.key, schema: record.schema, encoding: record.encoding, value: asJavaScriptJson(record.value) }).toStrictEqual({
          key: theirs?.key,
          schema: theirs?.schema,
          encoding: theirs?.encoding,
          value: theirs?.value,
        });
      }
    }
  });
});

describe('Apache Avro Java reads what market-feed writes (Confluent framing with a schema registry)', () => {
  let scenario: InteropTopics;
  beforeAll(async () => {
    scenario = await writeInteropTopics({ brokers, schemaRegistryUrl: registryUrl });
  });
  afterAll(async () => {
    await scenario?.close();
  });

  it('decodes 100 % of the records of every topic with the writer schema fetched by id, values as the project reads them', async () => {
    const java = await readWithAvroJava({ brokers, topics: Object.values(scenario.topics), registryUrl });
    expectEveryRecordDecoded(scenario, java, 'confluent');
    const ours = new Map(INTEROP_RECORD_TYPES.flatMap((type) => scenario.records[type]).map((r) => [slot(r), r]));
    for (const record of java.records) expect(asJavaScriptJson(record.value), slot(record)).toStrictEqual(asJavaScriptJson(ours.get(slot(record))?.value));
  });
});

describe('schema fingerprints', () => {
  it("equal Apache Avro Java's parsingFingerprint64 and Parsing Canonical Form for every shipped schema", async () => {
    const java = await javaFingerprints(schemasDir);
    expect(java.map((f) => f.file).sort()).toEqual(
      readdirSync(schemasDir)
        .filter((f) => f.endsWith('.avsc'))
        .sort(),
    );
    for (const expected of java) {
      const type = compileSchema(readSchemaFile(expected.file, schemasDir));
      expect(parsingCanonicalForm(type), expected.file).toBe(expected.canonicalForm);
      expect(schemaFingerprint(type).toString('hex'), expected.file).toBe(expected.fingerprint);
    }
  });
});

describe('schema evolution: TradeEvent v1 and v2 (one optional field more) in one topic', () => {
  const trade = (i: number): TradeEvent => ({
    type: 'trade',
    exchange: 'bybit',
    symbol: 'BTCUSDT',
    coin: 'BTC',
    quote: 'USDT',
    exchangeTs: 1_763_800_000_000 + i,
    receivedTs: 1_763_800_000_007 + i,
    isFallback: false,
    env: 'prod',
    connectionId: 'c-1',
    tradeId: String(9_000_000 + i),
    price: 96_000.5 + i / 8,
    quantity: 0.125 * (i + 1),
    side: i % 3 === 0 ? 'SELL' : 'BUY',
    isBuyerMaker: i % 3 === 0,
    ...(i % 4 === 0 ? {} : { seq: 70_000 + i }),
    // Trades fetched from a venue's history to fill a gap say so.
    ...(i % 5 === 2 ? { source: 'repair' as const } : {}),
    // Coinbase's BTC-USD followed as BTC-USDT (equivalent quotes) says the instrument it is published under.
    ...(i % 3 === 1 ? { exchange: 'coinbase' as const, symbol: 'BTC-USD', quote: 'USD', instrument: 'BTC-USDT' } : {}),
  });
  /** Even records are written with v1, odd ones with v2 (`blockTrade` true on every third). */
  const written = Array.from({ length: 12 }, (_, i) => ({ i, v2: i % 2 === 1, trade: trade(i), blockTrade: i % 3 === 0 }));
  const avroView = (t: TradeEvent): Record<string, unknown> => {
    const { type: _type, ...fields } = t;
    return { ...fields, seq: t.seq ?? null, source: t.source ?? 'live', instrument: t.instrument ?? null };
  };
  let topic: string;
  let wire: EncodedMessage[];
  beforeAll(async () => {
    const v2Dir = mkdtempSync(join(tmpdir(), 'mf-schemas-v2-'));
    for (const file of readdirSync(schemasDir).filter((name) => name.endsWith('.avsc'))) copyFileSync(join(schemasDir, file), join(v2Dir, file));
    copyFileSync(V2_FILE, join(v2Dir, 'trade-event.avsc'));
    const topics = sinkTopics(`interop-${randomUUID().slice(0, 8)}.`);
    const v1 = await RecordEncoder.create({ kind: 'single-object' }, topics, schemasDir);
    const v2 = await RecordEncoder.create({ kind: 'single-object' }, topics, v2Dir);
    topic = topics.records.trade;
    wire = written.map((w) => (w.v2 ? v2.encodeRecord({ ...w.trade, blockTrade: w.blockTrade } as TradeEvent) : v1.encodeRecord(w.trade)));

    const kafka = new kafkajs.Kafka({ clientId: 'interop-evolution', brokers: brokers.split(','), logLevel: kafkajs.logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await createTopicsWithLeaders(admin, [{ topic, numPartitions: 1 }]);
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: wire.map((m) => ({ key: m.key, value: m.value })) });
    await producer.disconnect();
  });

  it('writes v1 and v2 with different fingerprints, each the one Apache Avro Java computes for its schema', async () => {
    const v1 = (await javaFingerprints(schemasDir)).find((f) => f.file === 'trade-event.avsc')?.fingerprint;
    const v2 = (await javaFingerprints(fixturesDir)).find((f) => f.file === 'trade-event-v2.avsc')?.fingerprint;
    expect(v1).toBeDefined();
    expect(v2).not.toBe(v1);
    for (const [n, message] of wire.entries()) expect(message.value.subarray(2, 10).toString('hex')).toBe(written[n]?.v2 === true ? v2 : v1);
  });

  it('a Java v1 reader reads v1 and v2 records, dropping the new field; every one keyed by the instrument it is published under', async () => {
    const java = await readWithAvroJava({ brokers, topics: [topic], schemas: [schemasDir, V2_FILE], readerSchema: join(schemasDir, 'trade-event.avsc') });
    expect(java.summary).toMatchObject({ decoded: written.length, failed: 0 });
    expect(java.records.map((r) => r.value)).toStrictEqual(written.map((w) => avroView(w.trade)));
    expect(written.some((w) => w.trade.instrument === 'BTC-USDT' && w.trade.quote === 'USD')).toBe(true);
    expect(java.records.map((r) => r.key)).toEqual(written.map(() => 'BTC-USDT'));
  });

  it('a Java reader of the version before `instrument` (schemas/previous/trade-event.2.avsc) reads them all, dropping it', async () => {
    const java = await readWithAvroJava({
      brokers,
      topics: [topic],
      schemas: [schemasDir, V2_FILE],
      readerSchema: join(schemasDir, 'previous', 'trade-event.2.avsc'),
    });
    expect(java.summary).toMatchObject({ decoded: written.length, failed: 0 });
    expect(java.records.map((r) => r.value)).toStrictEqual(
      written.map((w) => {
        const { instrument: _instrument, ...old } = avroView(w.trade);
        return old;
      }),
    );
  });

  it('a Java reader of the version before `source` (schemas/previous/trade-event.1.avsc) reads them all, repaired ones too, dropping the fields it does not know', async () => {
    const java = await readWithAvroJava({
      brokers,
      topics: [topic],
      schemas: [schemasDir, V2_FILE],
      readerSchema: join(schemasDir, 'previous', 'trade-event.1.avsc'),
    });
    expect(java.summary).toMatchObject({ decoded: written.length, failed: 0 });
    expect(written.some((w) => w.trade.source === 'repair')).toBe(true);
    expect(java.records.map((r) => r.value)).toStrictEqual(
      written.map((w) => {
        const { source: _source, instrument: _instrument, ...old } = avroView(w.trade);
        return old;
      }),
    );
  });

  it('a Java v2 reader reads v1 and v2 records, filling the default (null) for v1 records', async () => {
    const java = await readWithAvroJava({ brokers, topics: [topic], schemas: [schemasDir, V2_FILE], readerSchema: V2_FILE });
    expect(java.summary).toMatchObject({ decoded: written.length, failed: 0 });
    expect(java.records.map((r) => r.value)).toStrictEqual(written.map((w) => ({ ...avroView(w.trade), blockTrade: w.v2 ? w.blockTrade : null })));
  });

  it('a Java reader without the v2 schema counts the v2 records as undecodable, reads the rest, and exits 1', async () => {
    const java = await readWithAvroJava({ brokers, topics: [topic], schemas: [schemasDir] });
    expect(java.summary).toMatchObject({ decoded: written.filter((w) => !w.v2).length, failed: written.filter((w) => w.v2).length });
    expect(java.exitCode).toBe(1);
    expect(java.records.map((r) => r.error === undefined)).toEqual(written.map((w) => !w.v2));
    for (const record of java.records.filter((r) => r.error !== undefined)) expect(record.error).toContain('no schema given has the fingerprint');
  });
});
