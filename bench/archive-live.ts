/**
 * The archive benchmark's live part: the whole simulated market (the universe simulator, both venues,
 * limits on) -> `market-feed run --instruments all --books top:N --agg-trades true` (klines on, as by
 * default) -> Kafka, with `market-feed archive` following every topic of the run (a group of its own,
 * from the beginning, `--roll-seconds` short enough for several rolls in the window). Over `seconds`,
 * once the archiver has caught up with what the run wrote before it started: the feed's records/s
 * (acked by Kafka, every topic) and its CPU per record beside the archiver's records/s (offsets its
 * group committed over the window), CPU per record and share of one core, each from its own /proc.
 * Then the run stops, the archiver commits the rest and stops, and every file is read back by DuckDB:
 * as many rows as records in the topics, each offset once, or the bench throws.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metricSum } from '../src/dashboard/pipeline-health.js';
import { allTopics, sinkTopics, RECORD_TOPICS } from '../src/sink/sink-topics.js';
import type { BenchRow } from './bench-report.js';
import { CpuMeter, ROOT, freePort, marketFeedEntry, sleep, stopProcess } from './bench-processes.js';
import { startUniverseSim } from './cluster.js';
import { benchKafka } from './kafka-readback.js';
import { archivedRows, awaitCommitted, groupProgress, parquetFiles, peakRss, spawnArchiver, stopArchiver } from './archive-process.js';

export interface ArchiveLiveOptions {
  readonly brokers: readonly string[];
  readonly seconds: number;
  /** `--roll-seconds` of the archiver. */
  readonly rollSeconds: number;
  readonly instruments: number;
  readonly tradesPerSecond: number;
  readonly books: number;
  /** `--cpu-prof` of the archiver into this folder. */
  readonly profileDir?: string;
}

const PARTITIONS = 6;

const total = (text: string, name: string, labels: Readonly<Record<string, string>> = {}): number => metricSum(text, name, labels) ?? 0;

export async function benchArchiveLive(options: ArchiveLiveOptions): Promise<BenchRow[]> {
  const prefix = `bench-archive-live-${Date.now()}.`;
  const topics = allTopics(sinkTopics(prefix));
  const kafka = benchKafka(options.brokers);
  const entry = marketFeedEntry();
  const sim = await startUniverseSim(options.instruments, options.tradesPerSecond);
  const metricsPort = await freePort();
  const work = mkdtempSync(join(tmpdir(), 'mf-bench-archive-live-'));
  const dir = join(work, 'archive');
  const log = openSync(join(work, 'pipeline.log'), 'w');
  const runArgs = [
    ...['run', '--instruments', 'all', '--quotes', 'USDT,USDC', '--venues', 'bybit,binance'],
    ...['--bybit-url', sim.bybitUrl, '--binance-url', sim.binanceUrl, '--bybit-rest-url', sim.restUrl, '--binance-rest-url', sim.restUrl],
    ...['--books', `top:${options.books}`, '--agg-trades', 'true', '--klines', 'true'],
    ...['--kafka-brokers', options.brokers.join(','), '--kafka-topic-prefix', prefix, '--kafka-partitions', String(PARTITIONS)],
    ...['--metrics-port', String(metricsPort), '--spool-dir', join(work, 'spool'), '--log-level', 'warn', '--log-pretty', 'false'],
  ];
  const feed = spawn(process.execPath, [...entry, ...runArgs], { cwd: ROOT, stdio: ['ignore', log, log] });
  const scrape = async (): Promise<string> =>
    fetch(`http://127.0.0.1:${metricsPort}/metrics`)
      .then((response) => response.text())
      .catch(() => '');
  const group = `bench-archive-live-${Date.now()}`;
  let archiver: ReturnType<typeof spawnArchiver> | undefined;
  try {
    const startedAt = Date.now();
    let subscribedMs = Number.NaN;
    while (Date.now() - startedAt < 300_000) {
      await sleep(500);
      const text = await scrape();
      const shards = text.split('\n').filter((line) => line.startsWith('market_feed_shard_instruments{')).length;
      if (
        shards > 0 &&
        total(text, 'market_feed_shard_state', { state: 'subscribed' }) === shards &&
        total(text, 'market_feed_shard_instruments') >= options.instruments
      ) {
        subscribedMs = Date.now() - startedAt;
        break;
      }
    }
    if (Number.isNaN(subscribedMs)) throw new Error(`run: ${options.instruments} instruments not subscribed in 300 s`);
    // The run created every topic at its start: the archiver subscribes to them all, from the beginning.
    const profile = options.profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`];
    archiver = spawnArchiver(
      [
        ...['--dir', dir, '--topic-prefix', prefix, '--group', group, '--brokers', options.brokers.join(',')],
        ...['--types', [...Object.keys(RECORD_TOPICS), 'dead_letter'].join(','), '--roll-seconds', String(options.rollSeconds)],
      ],
      profile,
    );
    // Books settle (top:N waits for the 24 h volumes, then the snapshots) while the archiver catches up; then one roll more.
    const caughtUp = Date.now();
    while ((await groupProgress(kafka, group, topics)).committed === 0) {
      if (Date.now() - caughtUp > 120_000) throw new Error(`archiver: nothing committed in 120 s: ${archiver.stderr().slice(-2000)}`);
      await sleep(1000);
    }
    await sleep(Math.max(30_000, options.rollSeconds * 1000 + 5_000));
    const feedCpu = new CpuMeter(feed.pid);
    const archiverCpu = new CpuMeter(archiver.pid);
    const simCpu = new CpuMeter(sim.child.pid);
    const before = { text: await scrape(), group: await groupProgress(kafka, group, topics) };
    const windowStart = Date.now();
    await sleep(options.seconds * 1000);
    const windowSeconds = (Date.now() - windowStart) / 1000;
    const cores = { feed: feedCpu.cores(), archiver: archiverCpu.cores(), sim: simCpu.cores() };
    const after = { text: await scrape(), group: await groupProgress(kafka, group, topics) };
    const rate = (name: string, labels: Readonly<Record<string, string>> = {}): number =>
      (total(after.text, name, labels) - total(before.text, name, labels)) / windowSeconds;
    const feedRate = rate('market_feed_records_out_total');
    const tradeRate = rate('market_feed_records_out_total', { topic: `${prefix}${RECORD_TOPICS.trade}` });
    const archiverRate = (after.group.committed - before.group.committed) / windowSeconds;
    const lagAtEnd = after.group.end - after.group.committed;
    const archiverRss = peakRss(archiver.pid);
    await stopProcess(sim.child);
    await stopProcess(feed);
    // Every record the run wrote, committed by the archiver within two rolls of the run's stop.
    const committedAll = await awaitCommitted(kafka, group, topics, options.rollSeconds * 2000 + 30_000);
    const { code, usage } = await stopArchiver(archiver);
    if (code !== 0 || !committedAll) throw new Error(`archiver: exit ${code}, every record committed: ${committedAll}: ${archiver.stderr().slice(-2000)}`);
    const { end } = await groupProgress(kafka, group, topics);
    const { rows, distinct } = await archivedRows(dir);
    if (rows !== end || distinct !== end) throw new Error(`archive: ${rows} rows, ${distinct} distinct offsets, of ${end} records in the topics`);
    const files = parquetFiles(dir);
    const tradeFiles = files.filter((f) => f.path.startsWith('type=trades/'));
    const trades = await archivedRows(dir, 'type=trades/**/*.parquet');
    const bench = `archive live (universe ${options.instruments.toLocaleString('en-US')} instruments, books top:${options.books}, --roll-seconds ${options.rollSeconds})`;
    const row = (metric: string, value: number, unit: string, extra: Partial<BenchRow> = {}): BenchRow => ({ bench, metric, value, unit, ...extra });
    const perRecord = (coreShare: number, perSecond: number): number => (perSecond === 0 ? Number.NaN : (coreShare * 1e6) / perSecond);
    return [
      row('every instrument subscribed after', subscribedMs / 1000, 's'),
      row('records/s archived (offsets committed in the window)', archiverRate, 'records/s', {
        baseline: { name: 'feed records/s acked by Kafka', value: feedRate },
      }),
      row('trades/s acked by Kafka (of the records)', tradeRate, 'trades/s'),
      row('CPU archiver per record', perRecord(cores.archiver, feedRate), 'µs', {
        baseline: { name: 'feed CPU per record', value: perRecord(cores.feed, feedRate) },
      }),
      row('CPU archiver', cores.archiver * 100, '% of a core', { baseline: { name: 'feed', value: cores.feed * 100 } }),
      row('CPU simulator', cores.sim * 100, '% of a core'),
      row('records in the topics not yet committed by the archiver, at the window end', lagAtEnd, 'records'),
      row('archiver peak RSS', (usage?.maxRssBytes ?? archiverRss) / 2 ** 20, 'MB'),
      row('records archived in all (every offset once, read back by DuckDB)', rows, 'records'),
      row('Parquet files written', files.length, 'files'),
      row('Parquet bytes per million trades (files of one roll)', (tradeFiles.reduce((s, f) => s + f.bytes, 0) * 1e6) / trades.rows / 2 ** 20, 'MB'),
    ];
  } finally {
    if (archiver !== undefined && archiver.child.exitCode === null) await stopArchiver(archiver, 10_000);
    await stopProcess(sim.child);
    await stopProcess(feed);
    rmSync(work, { recursive: true, force: true });
  }
}
