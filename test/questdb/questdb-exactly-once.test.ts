import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { GARBAGE_KINDS } from '../../simulator/garbage-frames.js';
import { current, framed, trade } from '../../src/archive/__fixtures__/scripted-group.js';
import { compileSchema } from '../../src/sink/avro-codec.js';
import { frameConfluent } from '../../src/sink/confluent-wire-format.js';
import { SchemaRegistryClient } from '../../src/sink/schema-registry-client.js';
import { sinkTopics } from '../../src/sink/sink-topics.js';
import { startPipeline, type PipelineRun } from '../e2e/pipeline-harness.js';
import { CliProcess, stateOf } from '../support/cli-process.js';
import { expectRunning, produceUndecodable, stopMember, waitForCommitted } from '../support/group-runs.js';
import { removeLocalBroker, startLocalBroker, stopLocalBroker, type LocalBroker } from '../support/kafka-broker.js';
import { questdbForFile } from '../support/questdb-server.js';
import { readTopics, type ConsumedRecord } from '../support/topic-reader.js';
import { readQuestdbDocQueries, rowsOf, sql, startQuestdbLoader, walApplied, withRange, type SqlAnswer } from './questdb-sql.js';

/**
 * `market-feed questdb` against a live pipeline over the simulated spot and perpetual markets, SIGKILLed
 * while it writes a batch, restarted, and through a broker bounce: every record of every topic (as the
 * test's topic reader decodes it) is in its QuestDB table (as SQL reads it) once, field for field; the
 * values that do not decode are dead letters; the documented queries answer what the records say.
 */

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// A broker of this file's own: it is stopped and started again.
const BROKER: LocalBroker = {
  port: Number(process.env['MARKET_FEED_TEST_QUESTDB_KAFKA_PORT'] ?? 28912),
  runDir: join(root, '.cache', 'kafka', 'questdb-run'),
};
const brokers = `127.0.0.1:${BROKER.port}`;
const VENUES = ['bybit', 'bybit_linear'] as const;

const local = inject('kafkaSource') === 'local';
// QuestDB's HTTP address (SQL at /exec, ILP at /write), and how to stop it; set before the tests run.
let httpUrl = '';
let stopQuestdb = async (): Promise<void> => {};
beforeAll(async () => {
  const [questdb] = await Promise.all([questdbForFile(), local ? startLocalBroker(BROKER) : undefined]);
  httpUrl = questdb.url;
  stopQuestdb = questdb.stop;
}, 300_000);
afterAll(async () => {
  await Promise.all([stopQuestdb(), local ? removeLocalBroker(BROKER) : undefined]);
}, 120_000);

/** A time as QuestDB prints a TIMESTAMP: ISO 8601, microseconds, UTC. */
const micros = (ms: number): string => new Date(ms).toISOString().replace('Z', '000Z');

/** What QuestDB should hold for a record's field, by the column's type QuestDB reports: times as timestamps, nested values as their JSON. */
function expectedCell(value: unknown, type: string | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'TIMESTAMP' && typeof value === 'number') return micros(value);
  return value;
}

function sameCell(cell: unknown, value: unknown, type: string | undefined): boolean {
  const expected = expectedCell(value, type);
  if (type === 'VARCHAR' && typeof expected !== 'string' && expected !== null)
    return typeof cell === 'string' && isDeepStrictEqual(JSON.parse(cell), JSON.parse(JSON.stringify(expected)));
  return isDeepStrictEqual(cell, expected);
}

/** A topic's table, by the documented rule (the prefix, `market.` and `.v1` left out, `-` and `.` as `_`). */
const tableOfTopic = (topic: string, prefix: string): string =>
  topic
    .slice(prefix.length)
    .replace(/^market\./, '')
    .replace(/\.v1$/, '')
    .replace(/[-.]/g, '_');

interface TableCheck {
  readonly table: string;
  readonly records: number;
  readonly rows: number;
  /** Records whose upsert keys repeat an earlier record's (the later one is the row). */
  readonly sameKeys: number;
  readonly problems: readonly string[];
}

/** A topic's records against its table's rows of that topic: grouped by the table's upsert keys (as QuestDB reports them), the last record of each key is a row, field for field. */
async function checkTable(topic: string, table: string, records: readonly ConsumedRecord[]): Promise<TableCheck> {
  const answer: SqlAnswer = await sql(httpUrl, `SELECT * FROM "${table}" WHERE kafka_topic = '${topic}'`);
  const types = new Map(answer.columns.map((column) => [column.name, column.type]));
  const keys = rowsOf(await sql(httpUrl, `SELECT "column" FROM table_columns('${table}') WHERE upsertKey`)).map((row) => String(row['column']));
  const fieldOf = (record: ConsumedRecord, column: string): unknown =>
    column === 'kafka_topic'
      ? record.topic
      : column === 'kafka_partition'
        ? record.partition
        : column === 'kafka_offset'
          ? Number(record.offset)
          : record.value[column];
  const keyOfRecord = (record: ConsumedRecord): string => JSON.stringify(keys.map((key) => expectedCell(fieldOf(record, key), types.get(key))));
  const expected = new Map<string, ConsumedRecord>();
  for (const record of records) {
    const key = keyOfRecord(record);
    const before = expected.get(key);
    if (before === undefined || (before.partition === record.partition && Number(before.offset) < Number(record.offset))) expected.set(key, record);
  }
  const rows = rowsOf(answer);
  const byKey = new Map<string, Record<string, unknown>[]>();
  for (const row of rows) {
    const key = JSON.stringify(keys.map((column) => row[column]));
    byKey.set(key, [...(byKey.get(key) ?? []), row]);
  }
  const problems: string[] = [];
  for (const [key, same] of byKey) if (same.length > 1) problems.push(`${table}: ${same.length} rows with keys ${key}`);
  for (const [key, record] of expected) {
    const row = byKey.get(key)?.[0];
    const where = `${table} ${record.partition}/${record.offset}`;
    if (row === undefined) {
      problems.push(`${where}: no row with keys ${key}`);
      continue;
    }
    if (row['kafka_partition'] !== record.partition || row['kafka_offset'] !== Number(record.offset) || row['kafka_key'] !== record.key)
      problems.push(`${where}: read from ${String(row['kafka_partition'])}/${String(row['kafka_offset'])} key ${String(row['kafka_key'])}`);
    for (const [field, value] of Object.entries(record.value)) {
      if (!types.has(field)) {
        if (value !== null) problems.push(`${where}: no column ${field}`);
      } else if (!sameCell(row[field], value, types.get(field)))
        problems.push(`${where}: ${field} is ${JSON.stringify(row[field])}, the record's ${JSON.stringify(value)}`);
    }
  }
  return { table, records: records.length, rows: rows.length, sameKeys: records.length - expected.size, problems };
}

describe.skipIf(!local)('market-feed questdb: every record once across a SIGKILL mid-batch, a restart and a broker bounce', () => {
  let run: PipelineRun | undefined;
  const loaders: CliProcess[] = [];
  afterAll(async () => {
    for (const loader of loaders) if (loader.ended === undefined) await loader.stop('SIGKILL');
    await run?.close();
  });

  it('holds each record of the topics once in its table, equal to the record; the undecodable as dead letters; the documented queries agree', async () => {
    run = await startPipeline({
      brokers,
      simulator: { venues: [...VENUES], coins: ['BTC', 'ETH'], tradesPerSecond: 10 },
      args: ['--markets', 'spot,linear', '--venues', VENUES.join(','), '--books', 'true'],
    });
    const prefix = run.prefix;
    const topics = sinkTopics(prefix);
    const allTopics = [...Object.values(topics.records), topics.deadLetters];
    const loader = (more: readonly string[] = []): CliProcess => {
      // Static members: the restarted one takes its partitions back at once.
      const started = startQuestdbLoader({ httpUrl, prefix, brokers, more: ['--instance-id', 'questdb-1', ...more], env: { LOG_LEVEL: 'debug' } });
      loaders.push(started);
      return started;
    };
    await run.cli.waitForLog((line) => stateOf(line) === 'subscribed');
    for (const kind of GARBAGE_KINDS.filter((k) => k !== 'oversized')) run.sim.control.sendGarbage('bybit', kind, 1);
    await produceUndecodable(brokers, topics.records.trade);

    // The first commits at most every 30 s: SIGKILLed as it writes its tenth batch (about 2 s on), what it wrote after its first commit is in QuestDB and not committed.
    const first = loader(['--commit-interval-seconds', '30']);
    let batches = 0;
    await first.waitForLog((line) => line.msg === 'writing a batch' && ++batches >= 10, 30_000);
    await first.stop('SIGKILL');
    // What the kill left: records of the trades topic in QuestDB beyond the group's committed offsets, which the restart writes again.
    await walApplied(httpUrl);
    const admin = new Kafka({ clientId: 'questdb-test', brokers: [brokers], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const [committed] = await admin.fetchOffsets({ groupId: `questdb-${prefix}`, topics: [topics.records.trade] });
    await admin.disconnect();
    const count = async (table: string): Promise<number> =>
      Number(rowsOf(await sql(httpUrl, `SELECT count() n FROM ${table} WHERE kafka_topic = '${topics.records.trade}'`))[0]?.['n']);
    const written = (await count('trades')) + (await count('dead_letters'));
    const committedTrades = (committed?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    console.log(`at the SIGKILL: ${written} records of the trades topic in QuestDB, ${committedTrades} committed`);
    expect(written).toBeGreaterThan(committedTrades);
    const second = loader();
    await second.waitForLog((line) => line.msg === 'partitions assigned', 30_000);
    await sleep(1500);
    // The broker goes away for 2 s and comes back, with the pipeline and the loader running.
    await stopLocalBroker(BROKER);
    await sleep(2000);
    await startLocalBroker(BROKER);
    const writes = second.logs.filter((line) => line.msg === 'writing a batch').length;
    await second.waitForLog((line) => line.msg === 'writing a batch' && second.logs.filter((l) => l.msg === 'writing a batch').length > writes + 3, 30_000);
    expect(await run.cli.stop('SIGTERM', 60_000)).toBe(0);
    expectRunning(second, 'the restarted loader');
    await waitForCommitted(brokers, `questdb-${prefix}`, allTopics, 60_000);
    await stopMember(second);
    await walApplied(httpUrl);

    const undecodable: string[] = [];
    const fromKafka = await readTopics([brokers], allTopics, { undecodable: (r) => undecodable.push(`${r.topic}/${r.partition}/${r.offset}`) });
    const checks: TableCheck[] = [];
    for (const [topic, records] of fromKafka) if (records.length > 0) checks.push(await checkTable(topic, tableOfTopic(topic, prefix), records));
    console.log(`questdb tables: ${checks.map((c) => `${c.table} ${c.rows} rows of ${c.records} records (${c.sameKeys} with repeated keys)`).join('; ')}`);
    expect(checks.flatMap((check) => check.problems).slice(0, 8)).toEqual([]);
    expect(checks.every((check) => check.rows === check.records - check.sameKeys)).toBe(true);
    // A trade is one row: no two records of the run share a trade's keys.
    expect(checks.find((check) => check.table === 'trades')?.sameKeys).toBe(0);
    for (const table of ['trades', 'book_tickers', 'derivative_tickers', 'book_snapshots', 'feed_status', 'dlq'])
      expect(checks.find((check) => check.table === table)?.rows ?? 0, table).toBeGreaterThan(0);

    // What the reader could not decode is in dead_letters, by position, with a reason.
    const dead = rowsOf(
      await sql(httpUrl, `SELECT kafka_topic, kafka_partition, kafka_offset, error FROM dead_letters WHERE kafka_topic = '${topics.records.trade}'`),
    );
    expect(dead.map((row) => `${String(row['kafka_topic'])}/${String(row['kafka_partition'])}/${String(row['kafka_offset'])}`).sort()).toEqual(
      undecodable.sort(),
    );
    expect(undecodable).toHaveLength(3);
    for (const row of dead) expect(String(row['error'])).not.toBe('');

    await expectDocQueries(fromKafka, topics.records);
  }, 180_000);

  it('writes a row QuestDB refuses to dead_letters with its reason and goes on; a field a newer schema adds becomes a column', async () => {
    const id = randomUUID().slice(0, 8);
    const topic = `qdb-refusals-${id}`;
    const table = `qdb_refusals_${id}`;
    const evolving = `qdb-evolution-${id}`;
    // A table made by hand whose seq is a BOOLEAN: QuestDB refuses a trade's integer seq, and takes a trade without one.
    await sql(httpUrl, `CREATE TABLE "${table}" ("exchangeTs" TIMESTAMP, seq BOOLEAN) TIMESTAMP("exchangeTs") PARTITION BY DAY WAL`);
    const kafka = new Kafka({ clientId: 'questdb-test', brokers: [brokers], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [topic, evolving].map((name) => ({ topic: name, numPartitions: 1 })), waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    const time = (n: number): number => Date.UTC(2026, 10, 25, 12) + n * 1000;
    const send = async (from: number, to: number): Promise<void> => {
      const messages = [];
      for (let n = from; n < to; n++) messages.push({ key: 'BTC-USDT', value: framed(current, trade(n, 'bybit', time(n))) });
      await producer.send({ topic, messages });
    };
    // seq is null for every third trade (0, 3, 6): those are written.
    await send(0, 6);
    // A trade of today's schema, then one of a newer schema (from the registry) with three fields more.
    const newer = {
      ...current,
      fields: [
        ...current.fields,
        { name: 'feeRate', type: 'double' },
        { name: 'venueTag', type: 'string' },
        { name: 'settledTs', type: { type: 'long', logicalType: 'timestamp-millis' } },
      ],
    };
    const newerId = await new SchemaRegistryClient(inject('schemaRegistryUrl')).register(`${evolving}-value`, JSON.stringify(newer));
    const newerValue = { ...trade(8, 'bybit', time(8)), feeRate: 0.0002, venueTag: 'vip', settledTs: time(9) };
    await producer.send({
      topic: evolving,
      messages: [
        { key: 'BTC-USDT', value: framed(current, trade(7, 'bybit', time(7))) },
        { key: 'BTC-USDT', value: frameConfluent(newerId, compileSchema(newer).toBuffer(newerValue)) },
      ],
    });
    const loader = new CliProcess(
      [
        'questdb',
        '--questdb-url',
        `http::addr=${new URL(httpUrl).host};`,
        '--topic',
        topic,
        '--topic',
        evolving,
        '--group',
        `refusals-${id}`,
        '--brokers',
        brokers,
      ],
      { SCHEMA_REGISTRY_URL: inject('schemaRegistryUrl') },
    );
    loaders.push(loader);
    await waitForCommitted(brokers, `refusals-${id}`, [topic, evolving], 30_000);
    await send(6, 7);
    await waitForCommitted(brokers, `refusals-${id}`, [topic, evolving], 30_000);
    await producer.disconnect();
    await stopMember(loader);
    await walApplied(httpUrl);
    const rows = rowsOf(await sql(httpUrl, `SELECT "tradeId", kafka_offset FROM "${table}" ORDER BY kafka_offset`));
    expect(rows).toEqual([
      { tradeId: '1000', kafka_offset: 0 },
      { tradeId: '1003', kafka_offset: 3 },
      { tradeId: '1006', kafka_offset: 6 },
    ]);
    const dead = rowsOf(await sql(httpUrl, `SELECT kafka_offset, error FROM dead_letters WHERE kafka_topic = '${topic}' ORDER BY kafka_offset`));
    expect(dead.map((row) => row['kafka_offset'])).toEqual([1, 2, 4, 5]);
    for (const row of dead) expect(String(row['error'])).toMatch(/QuestDB refused the row: .*seq.*cast error/s);

    // ILP added the newer schema's fields as columns; the older row reads null there.
    const columns = rowsOf(await sql(httpUrl, `SELECT "column", type FROM table_columns('qdb_evolution_${id}')`));
    expect(columns.filter((column) => ['feeRate', 'venueTag', 'settledTs'].includes(String(column['column'])))).toEqual([
      { column: 'feeRate', type: 'DOUBLE' },
      { column: 'venueTag', type: 'VARCHAR' },
      { column: 'settledTs', type: 'TIMESTAMP' },
    ]);
    expect(rowsOf(await sql(httpUrl, `SELECT "tradeId", "feeRate", "venueTag", "settledTs" FROM "qdb_evolution_${id}" ORDER BY kafka_offset`))).toEqual([
      { tradeId: '1007', feeRate: null, venueTag: null, settledTs: null },
      { tradeId: '1008', feeRate: 0.0002, venueTag: 'vip', settledTs: micros(time(9)) },
    ]);
  }, 60_000);
});

/** The documented queries, over the run's time range, against answers worked out from the records read from Kafka. */
async function expectDocQueries(fromKafka: ReadonlyMap<string, readonly ConsumedRecord[]>, topics: ReturnType<typeof sinkTopics>['records']): Promise<void> {
  const queries = await readQuestdbDocQueries();
  expect([...queries.keys()].sort()).toEqual(['latest-funding', 'ohlcv-1m', 'trades-asof-book']);
  const values = (topic: string): Readonly<Record<string, unknown>>[] => (fromKafka.get(topic) ?? []).map((record) => record.value);
  const trades = values(topics.trade);
  const books = values(topics.book_ticker);
  const tickers = values(topics.derivative_ticker);
  const times = [...trades, ...books, ...tickers].map((value) => value['exchangeTs'] as number);
  const [from, to] = [Math.min(...times), Math.max(...times)];
  const run = async (name: string): Promise<Record<string, unknown>[]> => rowsOf(await sql(httpUrl, withRange(queries.get(name) ?? '', from, to)));
  const ts = (value: Readonly<Record<string, unknown>>): number => value['exchangeTs'] as number;

  // One-minute bars of bybit's BTCUSDT.
  const btc = trades.filter((t) => t['exchange'] === 'bybit' && t['symbol'] === 'BTCUSDT');
  const minutes = new Map<number, Readonly<Record<string, unknown>>[]>();
  for (const t of btc) minutes.set(Math.floor(ts(t) / 60_000) * 60_000, [...(minutes.get(Math.floor(ts(t) / 60_000) * 60_000) ?? []), t]);
  const bars = await run('ohlcv-1m');
  expect(bars.map((bar) => bar['exchangeTs'])).toEqual([...minutes.keys()].sort((a, b) => a - b).map(micros));
  for (const bar of bars) {
    const inMinute = minutes.get(Date.parse(String(bar['exchangeTs']))) ?? [];
    const prices = inMinute.map((t) => t['price'] as number);
    const first = Math.min(...inMinute.map(ts));
    const last = Math.max(...inMinute.map(ts));
    expect(bar['trades']).toBe(inMinute.length);
    expect(bar['high']).toBe(Math.max(...prices));
    expect(bar['low']).toBe(Math.min(...prices));
    expect(bar['volume']).toBeCloseTo(
      inMinute.reduce((sum, t) => sum + (t['quantity'] as number), 0),
      9,
    );
    expect(inMinute.filter((t) => ts(t) === first).map((t) => t['price'])).toContain(bar['open']);
    expect(inMinute.filter((t) => ts(t) === last).map((t) => t['price'])).toContain(bar['close']);
  }

  // Each bybit trade with the book ticker of its market at or before it.
  const joined = await run('trades-asof-book');
  const bybitTrades = trades.filter((t) => t['exchange'] === 'bybit');
  expect(joined.map((row) => row['tradeId']).sort()).toEqual(bybitTrades.map((t) => t['tradeId']).sort());
  const byId = new Map(joined.map((row) => [String(row['tradeId']), row]));
  const bybitBooks = books.filter((b) => b['exchange'] === 'bybit');
  for (const t of bybitTrades) {
    const row = byId.get(String(t['tradeId']));
    const before = bybitBooks.filter((b) => b['symbol'] === t['symbol'] && ts(b) <= ts(t));
    if (before.length === 0) {
      expect([row?.['bid'], row?.['ask']]).toEqual([null, null]);
      continue;
    }
    const at = Math.max(...before.map(ts));
    expect(row?.['bookTs']).toBe(micros(at));
    expect(before.filter((b) => ts(b) === at).map((b) => [b['bid'], b['ask']])).toContainEqual([row?.['bid'], row?.['ask']]);
  }

  // The last funding rate of each perpetual.
  const funded = tickers.filter((d) => d['fundingRate'] !== null && d['fundingRate'] !== undefined);
  const latest = await run('latest-funding');
  const perpetuals = new Set(funded.map((d) => `${String(d['exchange'])}/${String(d['symbol'])}`));
  expect(perpetuals.size).toBeGreaterThan(0);
  expect(latest.map((row) => `${String(row['exchange'])}/${String(row['symbol'])}`).sort()).toEqual([...perpetuals].sort());
  for (const row of latest) {
    const own = funded.filter((d) => d['exchange'] === row['exchange'] && d['symbol'] === row['symbol']);
    const at = Math.max(...own.map(ts));
    expect(row['exchangeTs']).toBe(micros(at));
    expect(own.filter((d) => ts(d) === at).map((d) => d['fundingRate'])).toContain(row['fundingRate']);
  }
}
