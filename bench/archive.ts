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
import { formatTable, type BenchRow } from './bench-report.js';
import { measureCatchUp, produceCatchUp } from './catch-up.js';
import { benchKafka } from './kafka-readback.js';
import { archivedRows, brokerLogBytes, parquetFiles, spawnArchiver } from './archive-process.js';
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

async function benchCatchUp(options: ArchiveBenchOptions): Promise<BenchRow[]> {
  const trades = await produceCatchUp(options.brokers, 'archive', options.trades);
  const { prefix, topic, group, avroBytes, produceSeconds } = trades;
  const dir = mkdtempSync(join(tmpdir(), 'mf-bench-archive-'));
  const profile = options.profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`];
  const archiver = spawnArchiver(
    ['--dir', dir, '--topic', topic, '--topic-prefix', prefix, '--group', group, '--roll-mb', String(options.rollMb), '--brokers', options.brokers.join(',')],
    profile,
  );
  try {
    // SIGTERM writes the rest: its time counts.
    const {
      seconds,
      cpuSeconds: cpu,
      startUpCpuSeconds,
      peakRssBytes,
    } = await measureCatchUp({
      name: 'archiver',
      consumer: archiver,
      kafka: benchKafka(options.brokers),
      topic: trades,
    });
    const files = parquetFiles(dir);
    const parquetBytes = files.reduce((sum, f) => sum + f.bytes, 0);
    const { rows, distinct } = await archivedRows(dir);
    if (rows !== options.trades || distinct !== options.trades)
      throw new Error(`archive: ${rows} rows, ${distinct} distinct offsets, of ${options.trades} trades`);
    const perMillion = (bytes: number): number => (bytes * 1e6) / options.trades / 2 ** 20;
    const logBytes = brokerLogBytes(options.brokerLogDir, [topic]);
    const bench = `archive catch-up (${options.trades.toLocaleString('en-US')} trades, 6 partitions, --roll-mb ${options.rollMb})`;
    const row = (metric: string, value: number, unit: string, extra: Partial<BenchRow> = {}): BenchRow => ({ bench, metric, value, unit, ...extra });
    return [
      row('trades/s archived (busy time, the final write after SIGTERM included)', options.trades / seconds, 'records/s', {
        baseline: { name: 'trades/s written into Kafka by the sink', value: options.trades / produceSeconds },
      }),
      row('CPU archiver per record (user + system, start-up left out)', (cpu * 1e6) / options.trades, 'µs'),
      row('CPU archiver start-up (node, DuckDB, the group join)', startUpCpuSeconds, 's'),
      row('CPU archiver while busy', (cpu / seconds) * 100, '% of a core'),
      row('archiver peak RSS', peakRssBytes / 2 ** 20, 'MB'),
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
