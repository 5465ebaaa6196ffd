import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { pino } from 'pino';
import { compileSchema } from '../../sink/avro-codec.js';
import { RecordDecoder } from '../../sink/record-decoder.js';
import { readSchemaFile, type RecordSchemaJson } from '../../sink/record-schemas.js';
import { frameSingleObject, schemaFingerprint } from '../../sink/single-object-encoding.js';
import type { ArchiveConsumer, ArchiveConsumerEvents, ArchiveMessage, TopicPartitionOffset } from '../archive-consumer.js';
import type { JournalSegment } from '../archive-journal.js';
import { journalPath } from '../archive-layout.js';
import { Archiver, type ArchiverOptions } from '../archiver.js';

// The archiver's specs' world: a log of trades, a group of one member over it (ScriptedConsumer), and DuckDB to read the files.

export const TOPIC = 'market.trades.v1';
export const DAY = Date.UTC(2026, 10, 25);

/** A trade as the Avro value of `schemas/trade-event.avsc`. */
export function trade(n: number, exchange: string, exchangeTs: number): Record<string, unknown> {
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

export function framed(schema: RecordSchemaJson, value: Record<string, unknown>): Buffer {
  const type = compileSchema(schema);
  return frameSingleObject(schemaFingerprint(type), type.toBuffer(value));
}

export const current = readSchemaFile('trade-event.avsc');

/** Partition 0: trades of bybit and binance across midnight; partition 1: bybit's. */
export function tradeLog(count: number): Map<string, ArchiveMessage[]> {
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

export class Crash extends Error {}

/**
 * A group of one member over an in-memory log: delivers each assigned partition from the group's
 * committed offset, keeps commits in `committed` (the group's, shared by the members one after the
 * other), and stops the run once everything was delivered.
 */
export class ScriptedConsumer implements ArchiveConsumer {
  readonly positions = new Map<string, number>();
  /** How the member let go of its client, in order: `close` (to rejoin) or `end` (at its stop). */
  readonly closes: ('close' | 'end')[] = [];
  private readonly results: (TopicPartitionOffset & { readonly error?: string })[] = [];
  private commits = 0;
  private told = false;

  constructor(
    private readonly log: Map<string, ArchiveMessage[]>,
    readonly committed: Map<string, number>,
    private readonly stop: AbortController,
    private readonly crashAtCommit = Infinity,
    private readonly fenceAtCommit = Infinity,
  ) {}

  /** What the fence left, when `fenceAtCommit` fenced this member: its commit not made, the group's word given. */
  fencedWith: (() => void) | undefined;

  events: ArchiveConsumerEvents | undefined;

  async consume(max: number): Promise<readonly ArchiveMessage[]> {
    await new Promise((resolve) => setImmediate(resolve));
    if (!this.told) {
      this.told = true;
      this.events?.assigned(
        [...this.log.keys()].map((key) => ({ topic: key.slice(0, key.lastIndexOf('/')), partition: Number(key.slice(key.lastIndexOf('/') + 1)) })),
      );
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
    if (this.commits >= this.fenceAtCommit) {
      this.fencedWith?.();
      this.events?.fatal('Broker: Static consumer fenced by other consumer with same group.instance.id');
      return;
    }
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
    this.closes.push('close');
    return Promise.resolve();
  }

  end(): Promise<void> {
    this.closes.push('end');
    return Promise.resolve();
  }
}

const dirs: string[] = [];

/** Removes the folders made by `archiveDir` and `tempDir` (call in an afterEach). */
export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A folder removed by `removeTempDirs`. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

export function archiveDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mf-archive-'));
  dirs.push(dir);
  return dir;
}

/** One run of an archiver over the log until it has committed everything, or crashed. */
export async function runOnce(
  dir: string,
  log: Map<string, ArchiveMessage[]>,
  committed: Map<string, number>,
  options: {
    readonly crashAtCommit?: number;
    readonly fenceAtCommit?: number;
    readonly onFence?: () => void;
    readonly decoder?: ArchiverOptions['decoder'];
    readonly rollBytes?: number;
    /** The run's stop (SIGTERM), for a test to give. */
    readonly stop?: AbortController;
  } = {},
): Promise<Archiver> {
  const stop = options.stop ?? new AbortController();
  const consumer = new ScriptedConsumer(log, committed, stop, options.crashAtCommit, options.fenceAtCommit);
  consumer.fencedWith = options.onFence;
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

export function parquetFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.parquet') && !file.startsWith('_archive'))
    .map((file) => relative(dir, join(dir, file)))
    .sort();
}

export async function query(sql: string): Promise<Record<string, unknown>[]> {
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

export async function offsetsArchived(dir: string): Promise<string[]> {
  const rows = await query(`SELECT kafka_partition, kafka_offset FROM read_parquet('${dir}/type=*/**/*.parquet', union_by_name=true) ORDER BY 1, 2`);
  return rows.map((row) => `${String(row['kafka_partition'])}/${String(row['kafka_offset'])}`);
}

/** The segment a run wrote and whose commit never landed (the crash), and its partition. */
export function uncommittedSegment(dir: string, committed: ReadonlyMap<string, number>): [number, JournalSegment] {
  for (const partition of [0, 1]) {
    const journal = JSON.parse(readFileSync(journalPath(dir, TOPIC, partition), 'utf8')) as { segments: JournalSegment[] };
    const unsure = journal.segments.find((segment) => segment.first >= (committed.get(`${TOPIC}/${partition}`) ?? 0));
    if (unsure !== undefined) return [partition, unsure];
  }
  throw new Error('every segment was committed');
}

export const everyOffset = (count: number): string[] => [0, 1].flatMap((partition) => Array.from({ length: count }, (_, offset) => `${partition}/${offset}`));
