import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { compileSchema } from '../sink/avro-codec.js';
import { RecordDecoder } from '../sink/record-decoder.js';
import { findSchemasDir, readSchemaFile, type RecordSchemaJson } from '../sink/record-schemas.js';
import { frameSingleObject, schemaFingerprint } from '../sink/single-object-encoding.js';
import type { ArchiveConsumer, ArchiveConsumerEvents, ArchiveMessage, TopicPartitionOffset } from './archive-consumer.js';
import type { JournalSegment } from './archive-journal.js';
import { journalPath } from './archive-layout.js';
import { Archiver, type ArchiverOptions } from './archiver.js';

const TOPIC = 'market.trades.v1';
const DAY = Date.UTC(2026, 10, 25);

/** A trade as the Avro value of `schemas/trade-event.avsc`. */
function trade(n: number, exchange: string, exchangeTs: number): Record<string, unknown> {
  return {
    exchange,
    symbol: 'BTCUSDT',
    coin: 'BTC',
    quote: 'USDT',
    exchangeTs,
    receivedTs: exchangeTs + 3,
    isFallback: false,
    env: 'prod',
    connectionId: `${exchange}-1`,
    tradeId: String(1000 + n),
    price: 65000 + n / 4,
    quantity: 0.001 * (n + 1),
    side: n % 2 === 0 ? 'BUY' : 'SELL',
    isBuyerMaker: n % 2 === 1,
    seq: n % 3 === 0 ? null : n,
    source: 'live',
    instrument: null,
  };
}

function framed(schema: RecordSchemaJson, value: Record<string, unknown>): Buffer {
  const type = compileSchema(schema);
  return frameSingleObject(schemaFingerprint(type), type.toBuffer(value));
}

const current = readSchemaFile('trade-event.avsc');

/** Partition 0: trades of bybit and binance across midnight; partition 1: bybit's. */
function tradeLog(count: number): Map<string, ArchiveMessage[]> {
  const log = new Map<string, ArchiveMessage[]>();
  for (const partition of [0, 1]) {
    const messages: ArchiveMessage[] = [];
    for (let offset = 0; offset < count; offset++) {
      const time = DAY - 10_000 + offset * 400;
      const value = trade(offset, partition === 0 && offset % 2 === 1 ? 'binance' : 'bybit', time);
      messages.push({ topic: TOPIC, partition, offset, timestamp: time + 5, key: Buffer.from('BTC-USDT'), value: framed(current, value) });
    }
    log.set(`${TOPIC}/${partition}`, messages);
  }
  return log;
}

class Crash extends Error {}

/**
 * A group of one member over an in-memory log: delivers each assigned partition from the group's
 * committed offset, keeps commits in `committed` (the group's, shared by the members one after the
 * other), and stops the run once everything was delivered.
 */
class ScriptedConsumer implements ArchiveConsumer {
  readonly positions = new Map<string, number>();
  private readonly results: (TopicPartitionOffset & { readonly error?: string })[] = [];
  private commits = 0;
  private told = false;

  constructor(
    private readonly log: Map<string, ArchiveMessage[]>,
    readonly committed: Map<string, number>,
    private readonly stop: AbortController,
    private readonly crashAtCommit = Infinity,
  ) {}

  events: ArchiveConsumerEvents | undefined;

  async consume(max: number): Promise<readonly ArchiveMessage[]> {
    await new Promise((resolve) => setImmediate(resolve));
    if (!this.told) {
      this.told = true;
      this.events?.assigned([...this.log.keys()].map((key) => ({ topic: TOPIC, partition: Number(key.split('/')[1]) })));
    }
    this.events?.committed(this.results.splice(0));
    const out: ArchiveMessage[] = [];
    for (const [key, messages] of this.log) {
      const from = this.positions.get(key) ?? this.committed.get(key) ?? 0;
      const batch = messages.slice(from, from + Math.min(5, max));
      this.positions.set(key, from + batch.length);
      out.push(...batch);
    }
    // Everything delivered: the run stops, writing what it holds.
    if (out.length === 0) this.stop.abort();
    return out;
  }

  commit(offsets: readonly TopicPartitionOffset[]): void {
    if (++this.commits >= this.crashAtCommit) throw new Crash(`crash at commit ${this.commits}`);
    for (const { topic, partition, offset } of offsets) this.committed.set(`${topic}/${partition}`, offset);
    this.results.push(...offsets);
  }

  resumeOffset(topic: string, partition: number): Promise<{ readonly committed: number | undefined; readonly low: number }> {
    return Promise.resolve({ committed: this.committed.get(`${topic}/${partition}`), low: 0 });
  }

  seek(topic: string, partition: number, offset: number): Promise<void> {
    this.positions.set(`${topic}/${partition}`, offset);
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function archiveDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mf-archive-'));
  dirs.push(dir);
  return dir;
}

/** One run of an archiver over the log until it has committed everything, or crashed. */
async function runOnce(
  dir: string,
  log: Map<string, ArchiveMessage[]>,
  committed: Map<string, number>,
  options: { readonly crashAtCommit?: number; readonly decoder?: ArchiverOptions['decoder']; readonly rollBytes?: number } = {},
): Promise<Archiver> {
  const stop = new AbortController();
  const consumer = new ScriptedConsumer(log, committed, stop, options.crashAtCommit);
  const archiver = await Archiver.open(
    {
      dir,
      topicPrefix: '',
      rollBytes: options.rollBytes ?? 1200,
      rollMs: 60_000,
      maxBufferedBytes: 1_000_000,
      decoder: options.decoder ?? new RecordDecoder(),
      logger: pino({ level: 'silent' }),
      now: () => 0,
    },
    consumer,
  );
  consumer.events = archiver;
  await archiver.run(stop.signal);
  return archiver;
}

function parquetFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.parquet') && !file.startsWith('_archive'))
    .map((file) => relative(dir, join(dir, file)))
    .sort();
}

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    return (await connection.runAndReadAll(sql)).getRowObjectsJS();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function offsetsArchived(dir: string): Promise<string[]> {
  const rows = await query(`SELECT kafka_partition, kafka_offset FROM read_parquet('${dir}/type=*/**/*.parquet', union_by_name=true) ORDER BY 1, 2`);
  return rows.map((row) => `${String(row['kafka_partition'])}/${String(row['kafka_offset'])}`);
}

/** The segment a run wrote and whose commit never landed (the crash), and its partition. */
function uncommittedSegment(dir: string, committed: ReadonlyMap<string, number>): [number, JournalSegment] {
  for (const partition of [0, 1]) {
    const journal = JSON.parse(readFileSync(journalPath(dir, TOPIC, partition), 'utf8')) as { segments: JournalSegment[] };
    const unsure = journal.segments.find((segment) => segment.first >= (committed.get(`${TOPIC}/${partition}`) ?? 0));
    if (unsure !== undefined) return [partition, unsure];
  }
  throw new Error('every segment was committed');
}

const everyOffset = (count: number): string[] => [0, 1].flatMap((partition) => Array.from({ length: count }, (_, offset) => `${partition}/${offset}`));

describe('Archiver', () => {
  it('writes every record once, a file per exchange and UTC day of each segment, named by its partition and offsets', async () => {
    const dir = archiveDir();
    const log = tradeLog(60);
    const archiver = await runOnce(dir, log, new Map());
    expect(await offsetsArchived(dir)).toEqual(everyOffset(60));
    expect(archiver.counters.records).toBe(120);
    const files = parquetFiles(dir);
    // Trades of 10 s before midnight to 14 s after: both days, both exchanges on partition 0.
    expect(new Set(files.map((file) => file.split('/').slice(0, 3).join('/')))).toEqual(
      new Set([
        'type=trades/exchange=bybit/date=2026-11-24',
        'type=trades/exchange=bybit/date=2026-11-25',
        'type=trades/exchange=binance/date=2026-11-24',
        'type=trades/exchange=binance/date=2026-11-25',
      ]),
    );
    for (const file of files) expect(file).toMatch(/\/market\.trades\.v1_p[01]_o\d{12}-\d{12}\.parquet$/);
    // A file holds only rows of its partition and of offsets its name gives.
    for (const file of files) {
      const [, partition, first, last] = /_p(\d)_o(\d+)-(\d+)\.parquet$/.exec(file) ?? [];
      const rows = await query(
        `SELECT min(kafka_offset) AS lo, max(kafka_offset) AS hi, count(DISTINCT kafka_partition) AS n, any_value(kafka_partition) AS p FROM '${dir}/${file}'`,
      );
      expect([Number(rows[0]?.['n']), rows[0]?.['p']]).toEqual([1, Number(partition)]);
      expect(Number(rows[0]?.['lo'])).toBeGreaterThanOrEqual(Number(first));
      expect(Number(rows[0]?.['hi'])).toBeLessThanOrEqual(Number(last));
    }
  });

  it('keeps the values: times as UTC instants, enums as strings, an absent optional as null, the Kafka columns', async () => {
    const dir = archiveDir();
    await runOnce(dir, tradeLog(6), new Map());
    const rows = await query(
      `SELECT kafka_topic, kafka_partition, kafka_offset, epoch_ms(kafka_timestamp) AS kts, kafka_key, exchange, epoch_ms(exchangeTs) AS ets,
              price, quantity, side, seq, tradeId, typeof(exchangeTs) AS t
       FROM read_parquet('${dir}/type=trades/**/*.parquet') WHERE kafka_partition = 0 AND kafka_offset IN (0, 1) ORDER BY kafka_offset`,
    );
    // Offset 0: `trade(0, 'bybit', DAY - 10000)`; offset 1: binance's, 400 ms later (written by hand above).
    expect(rows).toEqual([
      {
        kafka_topic: TOPIC,
        kafka_partition: 0,
        kafka_offset: 0n,
        kts: BigInt(DAY - 9995),
        kafka_key: 'BTC-USDT',
        exchange: 'bybit',
        ets: BigInt(DAY - 10_000),
        price: 65000,
        quantity: 0.001,
        side: 'BUY',
        seq: null,
        tradeId: '1000',
        t: 'TIMESTAMP WITH TIME ZONE',
      },
      {
        kafka_topic: TOPIC,
        kafka_partition: 0,
        kafka_offset: 1n,
        kts: BigInt(DAY - 9595),
        kafka_key: 'BTC-USDT',
        exchange: 'binance',
        ets: BigInt(DAY - 9600),
        price: 65000.25,
        quantity: 0.002,
        side: 'SELL',
        seq: 1n,
        tradeId: '1001',
        t: 'TIMESTAMP WITH TIME ZONE',
      },
    ]);
  });

  it('after a crash between the renames and the commit, writes the same files again: no second copy, nothing skipped', async () => {
    const dir = archiveDir();
    const log = tradeLog(60);
    const committed = new Map<string, number>();
    await expect(runOnce(dir, log, committed, { crashAtCommit: 3 })).rejects.toThrow(Crash);
    const before = parquetFiles(dir);
    const journal = JSON.parse(readFileSync(journalPath(dir, TOPIC, 0), 'utf8')) as { segments: { files: string[] }[] };
    const uncommitted = journal.segments.flatMap((segment) => segment.files);
    expect(uncommitted.every((file) => before.includes(file))).toBe(true);
    // The restart would end segments elsewhere (as a run at another pace would): the journal's ends win.
    await runOnce(dir, log, committed, { rollBytes: 3000 });
    const after = parquetFiles(dir);
    expect(uncommitted.every((file) => after.includes(file))).toBe(true);
    expect(await offsetsArchived(dir)).toEqual(everyOffset(60));
  });

  it("after a crash halfway through a segment's renames, writes the missing file under the same name", async () => {
    const dir = archiveDir();
    const log = tradeLog(60);
    const committed = new Map<string, number>();
    await expect(runOnce(dir, log, committed, { crashAtCommit: 2 })).rejects.toThrow(Crash);
    const [partition, unsure] = uncommittedSegment(dir, committed);
    // As if the crash came before the segment's last rename: that file is not in place.
    rmSync(join(dir, unsure.files.at(-1) as string));
    await runOnce(dir, log, committed, { rollBytes: 3000 });
    expect(parquetFiles(dir)).toEqual(expect.arrayContaining([...unsure.files]));
    expect(await offsetsArchived(dir)).toEqual(everyOffset(60));
    expect(partition).toBeGreaterThanOrEqual(0);
  });

  it('after a crash before the journal was written, writes the segment afresh', async () => {
    const dir = archiveDir();
    const log = tradeLog(60);
    const committed = new Map<string, number>();
    await expect(runOnce(dir, log, committed, { crashAtCommit: 2 })).rejects.toThrow(Crash);
    const [partition, unsure] = uncommittedSegment(dir, committed);
    // As if the crash came before the journal: neither its entry nor the renames happened.
    for (const file of unsure.files) rmSync(join(dir, file));
    const path = journalPath(dir, TOPIC, partition);
    const journal = JSON.parse(readFileSync(path, 'utf8')) as { segments: JournalSegment[] };
    writeFileSync(path, JSON.stringify({ ...journal, segments: journal.segments.filter((segment) => segment.first !== unsure.first) }));
    await runOnce(dir, log, committed, { rollBytes: 3000 });
    expect(await offsetsArchived(dir)).toEqual(everyOffset(60));
  });

  it('writes a record that does not decode to the dead letters with its offset and bytes, and goes on', async () => {
    const dir = archiveDir();
    const log = tradeLog(10);
    const messages = log.get(`${TOPIC}/1`) as ArchiveMessage[];
    const garbage = Buffer.from('not avro at all');
    messages[4] = { ...(messages[4] as ArchiveMessage), value: garbage };
    messages[7] = { ...(messages[7] as ArchiveMessage), value: null };
    const archiver = await runOnce(dir, log, new Map());
    expect(archiver.counters.deadLetters).toBe(2);
    const dead = await query(`SELECT kafka_partition, kafka_offset, error, value FROM read_parquet('${dir}/dead-letters/**/*.parquet') ORDER BY kafka_offset`);
    expect(dead.map((row) => [row['kafka_partition'], row['kafka_offset'], Buffer.from((row['value'] as Uint8Array) ?? []).toString()])).toEqual([
      [1, 4n, 'not avro at all'],
      [1, 7n, ''],
    ]);
    expect(String(dead[0]?.['error'])).toMatch(/neither Confluent-framed nor single-object/);
    expect(String(dead[1]?.['error'])).toMatch(/no value/);
    const archived = await offsetsArchived(dir);
    expect(archived).toEqual(everyOffset(10).filter((offset) => offset !== '1/4' && offset !== '1/7'));
  });

  it('puts records of a newer schema (a field added with a default) in the same table: older files read the column as null', async () => {
    const dir = archiveDir();
    const committed = new Map<string, number>();
    const log = tradeLog(10);
    await runOnce(dir, log, committed);
    // The schema gains `makerFee`; the archiver knows it (its schemas folder has it), and later trades carry it.
    const schemas = mkdtempSync(join(tmpdir(), 'mf-schemas-'));
    dirs.push(schemas);
    cpSync(findSchemasDir(), schemas, { recursive: true });
    const newer = { ...current, fields: [...current.fields, { name: 'makerFee', type: ['null', 'double'], default: null, doc: 'Fee rate of the maker.' }] };
    writeFileSync(join(schemas, 'trade-event.avsc'), JSON.stringify(newer));
    for (const partition of [0, 1]) {
      const messages = log.get(`${TOPIC}/${partition}`) as ArchiveMessage[];
      for (let offset = 10; offset < 14; offset++) {
        const time = DAY + 60_000 + offset;
        messages.push({
          topic: TOPIC,
          partition,
          offset,
          timestamp: time,
          key: Buffer.from('BTC-USDT'),
          value: framed(newer, { ...trade(offset, 'bybit', time), makerFee: 0.0002 }),
        });
      }
    }
    await runOnce(dir, log, committed, { decoder: new RecordDecoder(undefined, schemas) });
    const rows = await query(
      `SELECT kafka_partition AS p, kafka_offset AS o, makerFee FROM read_parquet('${dir}/type=trades/**/*.parquet', union_by_name=true) WHERE kafka_offset IN (9, 10) ORDER BY 1, 2`,
    );
    expect(rows).toEqual([
      { p: 0, o: 9n, makerFee: null },
      { p: 0, o: 10n, makerFee: 0.0002 },
      { p: 1, o: 9n, makerFee: null },
      { p: 1, o: 10n, makerFee: 0.0002 },
    ]);
  });
});
