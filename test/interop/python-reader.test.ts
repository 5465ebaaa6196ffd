import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { consumeTopics, type ConsumeLine } from './consume-topics.js';
import { INTEROP_RECORD_TYPES, writeInteropTopics, type InteropTopics } from './interop-topics.js';
import { pythonReaderInterpreter, readTopicsWithPython, type PythonReadResult, type PythonRecord } from './python-topic-reader.js';

/**
 * Every topic market-feed writes, read back by Python readers that share no code with it:
 * fastavro alone for single-object values (schema found by its CRC-64-AVRO fingerprint), the
 * official confluent-kafka AvroDeserializer for Confluent-framed ones (schema found by id in the
 * registry). Their values are compared with `market-feed consume --from-beginning`.
 */

const brokers = inject('kafkaBrokers');
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The test run's schema registry (Apicurio, Confluent API under a base path such as `/apis/ccompat/v7`). */
const registryUrl = inject('schemaRegistryUrl');

let python: string;
beforeAll(async () => {
  python = await pythonReaderInterpreter();
});

/**
 * A Python value as `market-feed consume` would print it. Representation only: consume writes its
 * lines with JSON.stringify, which prints a negative zero double as 0 (Python keeps -0.0).
 */
function asConsumePrints(value: Readonly<Record<string, unknown>>): unknown {
  return JSON.parse(JSON.stringify(value));
}

/** What the Python reader and `market-feed consume` say of the same record, side by side. */
function sameRecord(py: PythonRecord, consumed: ConsumeLine | undefined): boolean {
  return consumed !== undefined && py.key === consumed.key && py.schema === consumed.schema && isDeepStrictEqual(asConsumePrints(py.value), consumed.value);
}

/**
 * Asserts the Python reader decoded every record of every topic (the same partitions and offsets
 * the project's own reader saw) in the given encoding, and that each value equals what
 * `market-feed consume` printed for that record.
 */
async function expectPythonReadsEverything(
  written: InteropTopics,
  read: PythonReadResult,
  encoding: PythonRecord['encoding'],
  registryUrl?: string,
): Promise<void> {
  expect(read.failures.slice(0, 5)).toEqual([]);
  expect(read.summary).toMatchObject({ failed: 0, unreadPartitions: [] });
  expect(read.exitCode).toBe(0);
  expect(new Set(read.records.map((r) => r.encoding))).toEqual(new Set([encoding]));

  const total = INTEROP_RECORD_TYPES.reduce((sum, type) => sum + written.records[type].length, 0);
  const consumed = await consumeTopics({
    brokers,
    topics: Object.values(written.topics),
    expected: total,
    ...(registryUrl === undefined ? {} : { registryUrl }),
  });
  // Representation only: consume prints offsets as strings (kafkajs), Python as numbers.
  const consumedAt = new Map(consumed.map((line) => [`${line.topic}/${line.partition}/${line.offset}`, line]));

  for (const type of INTEROP_RECORD_TYPES) {
    const topic = written.topics[type];
    const ours = written.records[type];
    const theirs = read.records.filter((r) => r.topic === topic);
    expect(theirs.length, `${type}: records decoded by Python`).toBe(ours.length);
    expect(theirs.map((r) => `${r.partition}/${r.offset}`).sort()).toEqual(ours.map((r) => `${r.partition}/${r.offset}`).sort());
    expect(new Set(theirs.map((r) => r.schema)).size, `${type}: one schema per topic`).toBe(1);

    // Every record, not a sample: timestamps are epoch ms on both sides (the Python reader turns
    // fastavro's datetimes back into them); doubles compare as parsed JSON numbers.
    const differing = theirs.filter((r) => !sameRecord(r, consumedAt.get(`${r.topic}/${r.partition}/${r.offset}`)));
    const first = differing[0];
    if (first !== undefined) {
      const other = consumedAt.get(`${first.topic}/${first.partition}/${first.offset}`);
      expect({ key: first.key, schema: first.schema, value: asConsumePrints(first.value) }, `${type}: ${differing.length} records differ from consume`).toEqual(
        { key: other?.key, schema: other?.schema, value: other?.value },
      );
    }
  }
}

describe('Python readers (fastavro, confluent-kafka) read every topic market-feed writes', () => {
  describe('single-object encoding', () => {
    let written: InteropTopics;
    beforeAll(async () => {
      written = await writeInteropTopics({ brokers });
    });
    afterAll(() => written?.close());

    it('fastavro decodes every record of every topic, each equal to market-feed consume', async () => {
      const read = await readTopicsWithPython({ python, brokers, topics: Object.values(written.topics) });
      await expectPythonReadsEverything(written, read, 'single-object');
    });

    it('a reader whose TradeEvent schema differs finds no schema for the trades, reports each one and reads on', async () => {
      const schemasDir = mkdtempSync(join(tmpdir(), 'interop-schemas-'));
      for (const file of readdirSync(join(root, 'schemas')).filter((f) => f.endsWith('.avsc')))
        copyFileSync(join(root, 'schemas', file), join(schemasDir, file));
      const trade = JSON.parse(readFileSync(join(schemasDir, 'trade-event.avsc'), 'utf8')) as { fields: { name: string }[] };
      trade.fields = trade.fields.map((field) => (field.name === 'seq' ? { ...field, name: 'sequence' } : field));
      writeFileSync(join(schemasDir, 'trade-event.avsc'), JSON.stringify(trade));

      const read = await readTopicsWithPython({ python, brokers, topics: Object.values(written.topics), schemasDir });
      const trades = written.records.trade.length;
      const total = INTEROP_RECORD_TYPES.reduce((sum, type) => sum + written.records[type].length, 0);
      expect(read.exitCode).toBe(1);
      expect(read.summary).toMatchObject({ decoded: total - trades, failed: trades });
      expect(new Set(read.failures.map((f) => f.topic))).toEqual(new Set([written.topics.trade]));
      expect(read.failures.every((f) => f.error.includes('unknown schema fingerprint'))).toBe(true);
      rmSync(schemasDir, { recursive: true, force: true });
    });
  });

  describe('Confluent framing with a schema registry', () => {
    let written: InteropTopics;
    beforeAll(async () => {
      written = await writeInteropTopics({ brokers, schemaRegistryUrl: registryUrl });
    });
    afterAll(async () => {
      await written?.close();
    });

    it('confluent-kafka’s AvroDeserializer decodes every record of every topic through the registry, each equal to market-feed consume', async () => {
      const read = await readTopicsWithPython({ python, brokers, topics: Object.values(written.topics), registryUrl });
      await expectPythonReadsEverything(written, read, 'confluent', registryUrl);
    });
  });
});
