/**
 * `market-feed archive`: what it costs to archive, two parts in one run.
 *
 * Catch-up: `trades` generated trades (a random walk of 200 symbols, as `market-feed run` writes them:
 * the Kafka sink, Avro single-object encoding, the librdkafka producer, 6 partitions) already in a topic;
 * then the archiver, a new group, from the beginning until every one is in a Parquet file. Its records/s
 * over the time it was busy, its CPU µs per record (its own process, user + system, from its start-up's
 * end to its exit), its peak RSS, the files, and the Parquet bytes per million trades beside the Avro
 * bytes of the same trades in Kafka (their values, and the broker's log segments when its folder is known).
 * Every file is read back by DuckDB: each offset once, or the bench throws.
 *
 * Live (`bench/archive-live.ts`): the whole simulated market through `market-feed run` with the
 * archiver following its topics.
 *
 * Alone: `KAFKA_BROKERS=127.0.0.1:29440 npx tsx bench/archive.ts` (`BENCH_ARCHIVE_TRADES`, default
 * 1,000,000; `BENCH_ARCHIVE_PARTS`, default `catch-up,live`; `BENCH_ARCHIVE_SECONDS`, default 60; `BENCH_ARCHIVE_ROLL_MB`, default 16;
 * `BENCH_ARCHIVE_PROFILE_DIR` profiles the archiver with `--cpu-prof`; `KAFKA_RUN_DIR` names the broker's folder).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import kafkajs from 'kafkajs';
import { createLogger } from '../src/logging/create-logger.js';
import type { TradeEvent } from '../src/model/index.js';
import { createLibrdkafkaProducer } from '../src/kafka/librdkafka-producer.js';
import { createKafkaSink } from '../src/sink/kafka-sink.js';
import { RecordEncoder } from '../src/sink/record-encoder.js';
import { RECORD_TOPICS, sinkTopics } from '../src/sink/sink-topics.js';
import { formatTable, type BenchRow } from './bench-report.js';
import { procStats, sleep } from './bench-processes.js';
import { benchKafka } from './kafka-readback.js';
import { archivedRows, awaitCommitted, brokerLogBytes, parquetFiles, spawnArchiver, stopArchiver } from './archive-process.js';
import { benchArchiveLive, type ArchiveLiveOptions } from './archive-live.js';

export interface ArchiveBenchOptions extends ArchiveLiveOptions {
  readonly trades: number;
  /** `--roll-mb` of the catch-up. */
  readonly rollMb: number;
  /** The broker's `log.dirs`, when it is this machine's. */
  readonly brokerLogDir?: string;
  /** `catch-up`, `live` or both (`BENCH_ARCHIVE_PARTS`). */
  readonly parts: readonly string[];
}

const PARTITIONS = 6;
const SYMBOLS = 200;

/** A seeded random walk: trade `n` of `SYMBOLS` symbols, about 1,000 trades a second in all, each symbol's ids in sequence. */
export function tradeGenerator(seed = 7): (n: number) => TradeEvent {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const prices = Array.from({ length: SYMBOLS }, (_, i) => 10 ** (4 - (i % 6)) * (1 + random()));
  const ids = Array.from({ length: SYMBOLS }, () => Math.floor(random() * 1e9));
  let ts = Date.UTC(2026, 10, 26);
  return (n) => {
    // Busier symbols first: a long tail as at a venue.
    const s = Math.min(SYMBOLS - 1, Math.floor(SYMBOLS * random() ** 2));
    const price = (prices[s] as number) * (1 + (random() - 0.5) * 0.0004);
    prices[s] = price;
    ids[s] = (ids[s] as number) + 1;
    ts += random() < 0.5 ? 0 : Math.round(random() * 4);
    const decimals = Math.max(0, 6 - Math.floor(Math.log10(price)));
    const buy = random() < 0.5;
    return {
      type: 'trade',
      exchange: n % 3 === 0 ? 'binance' : 'bybit',
      symbol: `S${s}USDT`,
      coin: `S${s}`,
      quote: 'USDT',
      exchangeTs: ts,
      receivedTs: ts + 3 + Math.floor(random() * 20),
      isFallback: false,
      env: 'prod',
      connectionId: 'bench-archive-1',
      tradeId: String(ids[s]),
      price: Number(price.toFixed(decimals)),
      quantity: Number((-Math.log(1 - random()) * 100).toPrecision(4)) / (1 + price / 100),
      side: buy ? 'BUY' : 'SELL',
      isBuyerMaker: !buy,
    };
  };
}

/** Writes `count` trades through the Kafka sink into `<prefix>market.trades.v1`; returns the Avro bytes of their values. */
export async function produceTrades(brokers: readonly string[], prefix: string, count: number): Promise<number> {
  const logger = createLogger({ level: 'silent' });
  const producer = createLibrdkafkaProducer({
    brokers,
    clientId: 'market-feed-bench-archive',
    admin: new kafkajs.Kafka({ clientId: 'market-feed-bench-archive', brokers: [...brokers], logLevel: kafkajs.logLevel.NOTHING }),
    topics: { partitions: PARTITIONS },
    logger,
  });
  const spoolDir = mkdtempSync(join(tmpdir(), 'mf-bench-archive-spool-'));
  const sink = createKafkaSink({ producer, topicPrefix: prefix, encoding: { kind: 'single-object' }, batch: { maxRecords: 2000 }, spoolDir, logger });
  const encoder = await RecordEncoder.create({ kind: 'single-object' }, sinkTopics(prefix));
  await sink.start();
  const next = tradeGenerator();
  let avroBytes = 0;
  try {
    let n = 0;
    while (n < count) {
      const room = Math.min(2000, 40_000 - sink.counters.buffered);
      for (const end = Math.min(count, n + room); n < end; n++) {
        const trade = next(n);
        avroBytes += encoder.encodeRecord(trade).value.length;
        sink.write(trade);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    const { undelivered } = await sink.close({ deadlineMs: 300_000 });
    if (undelivered !== 0 || sink.counters.acked !== count) throw new Error(`archive bench: ${sink.counters.acked} of ${count} trades acked`);
    return avroBytes;
  } finally {
    rmSync(spoolDir, { recursive: true, force: true });
  }
}

async function benchCatchUp(options: ArchiveBenchOptions): Promise<BenchRow[]> {
  const prefix = `bench-archive-${Date.now()}.`;
  const topic = `${prefix}${RECORD_TOPICS.trade}`;
  const kafka = benchKafka(options.brokers);
  const producedAt = performance.now();
  const avroBytes = await produceTrades(options.brokers, prefix, options.trades);
  const produceSeconds = (performance.now() - producedAt) / 1000;
  const dir = mkdtempSync(join(tmpdir(), 'mf-bench-archive-'));
  const group = `bench-archive-${Date.now()}`;
  const profile = options.profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`];
  const archiver = spawnArchiver(
    ['--dir', dir, '--topic', topic, '--topic-prefix', prefix, '--group', group, '--roll-mb', String(options.rollMb), '--brokers', options.brokers.join(',')],
    profile,
  );
  try {
    // CPU sampled every 200 ms: busy from the first sample over 20 % of a core once its partitions are
    // assigned, until 3 s with none (every record read); then SIGTERM writes the rest. Its time counts from the signal to the exit.
    const samples: { readonly at: number; readonly cpu: number }[] = [];
    let busyStart: { at: number; cpu: number } | undefined;
    let busyEnd = 0;
    const started = performance.now();
    for (;;) {
      await sleep(200);
      const cpu = procStats(archiver.pid)?.cpuSeconds;
      if (cpu === undefined) throw new Error(`archiver exited: ${archiver.stderr().slice(-2000)}`);
      const at = performance.now();
      const last = samples.at(-1);
      samples.push({ at, cpu });
      const busy = last !== undefined && (cpu - last.cpu) / ((at - last.at) / 1000) > 0.2;
      // Start-up (node, DuckDB, the group's join) ends where the records start coming: its CPU is left out.
      if (busy && busyStart === undefined && archiver.stderr().includes('partitions assigned')) busyStart = last;
      if (busy) busyEnd = at;
      if (busyStart !== undefined && at - busyEnd > 3000) break;
      if (at - started > 600_000) throw new Error('archiver: not done in 10 minutes');
    }
    const signalled = performance.now();
    const { code, usage } = await stopArchiver(archiver);
    const finished = performance.now();
    if (code !== 0 || usage === undefined || busyStart === undefined) throw new Error(`archiver exited ${code}: ${archiver.stderr().slice(-2000)}`);
    if (!(await awaitCommitted(kafka, group, [topic], 10_000))) throw new Error('archiver: not every offset committed at its exit');
    const files = parquetFiles(dir);
    const parquetBytes = files.reduce((sum, f) => sum + f.bytes, 0);
    const { rows, distinct } = await archivedRows(dir);
    if (rows !== options.trades || distinct !== options.trades)
      throw new Error(`archive: ${rows} rows, ${distinct} distinct offsets, of ${options.trades} trades`);
    const seconds = (busyEnd - busyStart.at + (finished - signalled)) / 1000;
    const cpu = usage.cpuSeconds - busyStart.cpu;
    const perMillion = (bytes: number): number => (bytes * 1e6) / options.trades / 2 ** 20;
    const logBytes = brokerLogBytes(options.brokerLogDir, [topic]);
    const bench = `archive catch-up (${options.trades.toLocaleString('en-US')} trades, 6 partitions, --roll-mb ${options.rollMb})`;
    const row = (metric: string, value: number, unit: string, extra: Partial<BenchRow> = {}): BenchRow => ({ bench, metric, value, unit, ...extra });
    return [
      row('trades/s archived (busy time, the final write after SIGTERM included)', options.trades / seconds, 'records/s', {
        baseline: { name: 'trades/s written into Kafka by the sink', value: options.trades / produceSeconds },
      }),
      row('CPU archiver per record (user + system, start-up left out)', (cpu * 1e6) / options.trades, 'µs'),
      row('CPU archiver start-up (node, DuckDB, the group join)', busyStart.cpu, 's'),
      row('CPU archiver while busy', (cpu / seconds) * 100, '% of a core'),
      row('archiver peak RSS', usage.maxRssBytes / 2 ** 20, 'MB'),
      row('Parquet files', files.length, 'files'),
      row('Parquet file size, mean', parquetBytes / files.length / 2 ** 20, 'MB'),
      row('Parquet bytes per million trades', perMillion(parquetBytes), 'MB', { baseline: { name: 'Avro values in Kafka', value: perMillion(avroBytes) } }),
      ...(logBytes === undefined
        ? []
        : [
            row('Parquet bytes per million trades, against the broker log', perMillion(parquetBytes), 'MB', {
              baseline: { name: 'broker log segments', value: perMillion(logBytes) },
            }),
          ]),
    ];
  } finally {
    if (archiver.child.exitCode === null) await stopArchiver(archiver, 10_000);
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchArchive(options: ArchiveBenchOptions): Promise<BenchRow[]> {
  const catchUp = options.parts.includes('catch-up') ? await benchCatchUp(options) : [];
  if (catchUp.length > 0) process.stderr.write(formatTable(catchUp));
  return [...catchUp, ...(options.parts.includes('live') ? await benchArchiveLive(options) : [])];
}

export function archiveOptionsFromEnv(env: NodeJS.ProcessEnv): ArchiveBenchOptions {
  const runDir = env.KAFKA_RUN_DIR;
  return {
    brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    parts: (env.BENCH_ARCHIVE_PARTS ?? 'catch-up,live').split(','),
    trades: Number(env.BENCH_ARCHIVE_TRADES ?? 1_000_000),
    rollMb: Number(env.BENCH_ARCHIVE_ROLL_MB ?? 16),
    seconds: Number(env.BENCH_ARCHIVE_SECONDS ?? 60),
    rollSeconds: Number(env.BENCH_ARCHIVE_ROLL_SECONDS ?? 20),
    instruments: Number(env.BENCH_UNIVERSE_INSTRUMENTS ?? 2600),
    tradesPerSecond: Number(env.BENCH_UNIVERSE_RATE ?? 2000),
    books: Number(env.BENCH_UNIVERSE_BOOKS ?? 200),
    ...(runDir === undefined ? {} : { brokerLogDir: join(runDir, 'data') }),
    ...(env.BENCH_ARCHIVE_PROFILE_DIR === undefined ? {} : { profileDir: env.BENCH_ARCHIVE_PROFILE_DIR }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(formatTable(await benchArchive(archiveOptionsFromEnv(process.env))));
}
