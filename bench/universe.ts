/**
 * The whole market: a simulated universe (own process, the venues' limits on) -> `market-feed run
 * --instruments all` (own process) -> local Kafka. Two runs in the same session, one without books
 * and one with `--books top:N`, so that the CPU a book delta costs is the difference of the two
 * divided by the deltas applied; with `dataTypes`, a third with the same books and `--data-types`, so
 * that what the derived data costs is its difference from the second. Per run: every instrument
 * subscribed after how long, trades and book deltas per second, pipeline CPU, p99 receive -> Kafka
 * ack (read back from Kafka), RSS.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { metricSum } from '../src/dashboard/pipeline-health.js';
import { RECORD_TOPICS } from '../src/sink/sink-topics.js';
import { formatTable, percentile, type BenchRow } from './bench-report.js';
import { CpuMeter, ROOT, freePort, marketFeedEntry, procStats, sleep, stopProcess } from './bench-processes.js';
import { benchKafka, createAppendTimeTopics, readTrades } from './kafka-readback.js';

export interface UniverseBenchOptions {
  readonly brokers: readonly string[];
  readonly instruments: number;
  /** Trades per second the simulator offers over both venues. */
  readonly tradesPerSecond: number;
  /** `top:N` books in the second run. */
  readonly books: number;
  readonly seconds: number;
  /** Derived data types (`--data-types`) of a third run, with the books of the second; empty or absent: no third run. */
  readonly dataTypes?: readonly string[];
  /** The simulator's port, the pipeline's metrics on the next one; default any free ones. */
  readonly port?: number;
}

const PARTITIONS = 6;

async function startUniverseSim(instruments: number, rate: number, port = 0) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/universe-sim-process.ts', String(instruments), String(rate), String(port)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [first] = (await once(lines, 'line')) as [string];
  lines.close();
  return { child, ...(JSON.parse(first) as { bybitUrl: string; binanceUrl: string; restUrl: string; controlUrl: string }) };
}

/** Trades the simulator wrote to sockets so far, both venues. */
async function tradesSent(controlUrl: string): Promise<number> {
  let total = 0;
  for (const venue of ['bybit', 'binance'])
    total += ((await (await fetch(`${controlUrl}/${venue}/counters`)).json()) as { tradesSent?: number }).tradesSent ?? 0;
  return total;
}

/** Sum of a metric's series matching `labels` (0 when there is none), from the exposition text. */
const metricTotal = (text: string, name: string, labels: Readonly<Record<string, string>> = {}): number => metricSum(text, name, labels) ?? 0;

/** The record types the derived data types make. */
const DERIVED_TYPES = ['book_change', 'interval_book_snapshot', 'quote', 'trade_bar'] as const;

async function oneRun(
  options: UniverseBenchOptions,
  books: number,
  dataTypes: readonly string[] = [],
): Promise<{ readonly rows: BenchRow[]; readonly cores: number; readonly deltasPerSecond: number }> {
  const named = dataTypes.join(',');
  const bench = `universe ${options.instruments.toLocaleString('en-US')} instruments${books > 0 ? `, books top:${books}` : ''}${named === '' ? '' : `, ${named}`}`;
  const prefix = `bench-universe-${Date.now()}.`;
  const kafka = benchKafka(options.brokers);
  await createAppendTimeTopics(
    kafka,
    Object.values(RECORD_TOPICS).map((t) => `${prefix}${t}`),
    PARTITIONS,
  );
  // Resolved before the simulator starts: a missing build throws here, leaving no process behind.
  const entry = marketFeedEntry();
  const sim = await startUniverseSim(options.instruments, options.tradesPerSecond, options.port);
  const metricsPort = options.port === undefined ? await freePort() : options.port + 1;
  const work = mkdtempSync(join(tmpdir(), 'mf-bench-universe-'));
  const log = openSync(join(work, 'pipeline.log'), 'w');
  const startedAt = Date.now();
  const profile = process.env['BENCH_CPU_PROF_DIR'] === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_CPU_PROF_DIR']}`];
  const pipeline = spawn(
    process.execPath,
    [
      ...profile,
      ...entry,
      'run',
      '--instruments',
      'all',
      '--quotes',
      'USDT,USDC',
      '--venues',
      'bybit,binance',
      '--bybit-url',
      sim.bybitUrl,
      '--binance-url',
      sim.binanceUrl,
      '--bybit-rest-url',
      sim.restUrl,
      '--binance-rest-url',
      sim.restUrl,
      '--books',
      books > 0 ? `top:${books}` : 'none',
      ...(named === '' ? [] : ['--data-types', named]),
      '--kafka-brokers',
      options.brokers.join(','),
      '--kafka-topic-prefix',
      prefix,
      '--kafka-partitions',
      String(PARTITIONS),
      '--metrics-port',
      String(metricsPort),
      '--spool-dir',
      join(work, 'spool'),
      '--log-level',
      'warn',
      '--log-pretty',
      'false',
    ],
    { cwd: ROOT, stdio: ['ignore', log, log] },
  );
  const pid = pipeline.pid ?? -1;
  const scrape = async (): Promise<string> => (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  try {
    let subscribedMs = Number.NaN;
    while (Date.now() - startedAt < 300_000) {
      await sleep(500);
      const text = await scrape().catch(() => '');
      const shards = text.split('\n').filter((line) => line.startsWith('market_feed_shard_instruments{')).length;
      if (
        shards > 0 &&
        metricTotal(text, 'market_feed_shard_state', { state: 'subscribed' }) === shards &&
        metricTotal(text, 'market_feed_shard_instruments') >= options.instruments
      ) {
        subscribedMs = Date.now() - startedAt;
        break;
      }
    }
    // Books (top:N waits for the 24 h volumes, then the snapshots) settle before the window.
    await sleep(books > 0 ? 30_000 : 5_000);
    const cpu = new CpuMeter(pid);
    const simCpu = new CpuMeter(sim.child.pid);
    const sentBefore = await tradesSent(sim.controlUrl);
    const before = await scrape();
    const windowStart = Date.now();
    let rssMax = 0;
    while (Date.now() - windowStart < options.seconds * 1000) {
      await sleep(1000);
      rssMax = Math.max(rssMax, procStats(pid)?.rssBytes ?? 0);
    }
    const windowEnd = Date.now();
    const cores = cpu.cores();
    const simCores = simCpu.cores();
    const sent = ((await tradesSent(sim.controlUrl)) - sentBefore) / ((windowEnd - windowStart) / 1000);
    const after = await scrape();
    const seconds = (windowEnd - windowStart) / 1000;
    const rate = (name: string, labels: Readonly<Record<string, string>>): number =>
      (metricTotal(after, name, labels) - metricTotal(before, name, labels)) / seconds;
    const tradesIn = rate('market_feed_events_in_total', { type: 'trade' });
    const deltasPerSecond = rate('market_feed_events_in_total', { type: 'order_book' });
    const booksLive = metricTotal(after, 'market_feed_events_in_total', { type: 'order_book' }) > 0;
    await stopProcess(sim.child);
    await stopProcess(pipeline);
    const trades = (await readTrades(kafka, `${prefix}${RECORD_TOPICS.trade}`)).filter((t) => t.appendTs >= windowStart && t.appendTs < windowEnd);
    const toAck = trades.map((t) => t.appendTs - t.receivedTs);
    const row = (metric: string, value: number, unit: string, extra: Partial<BenchRow> = {}): BenchRow => ({ bench, metric, value, unit, ...extra });
    const p99 = percentile(toAck, 99);
    return {
      cores,
      deltasPerSecond,
      rows: [
        row('every instrument subscribed after', subscribedMs / 1000, 's'),
        row('trades/s received', tradesIn, 'trades/s', { baseline: { name: 'simulator sent to the sockets', value: sent } }),
        row('trades/s acked by Kafka', trades.length / seconds, 'trades/s'),
        row('book deltas/s applied', deltasPerSecond, 'deltas/s', books > 0 && !booksLive ? { target: { text: 'books live', met: false } } : {}),
        row(
          'book snapshots/s published (top 20 levels, each changed book every 100 ms)',
          rate('market_feed_records_out_total', { topic: `${prefix}${RECORD_TOPICS.book_snapshot}` }),
          'records/s',
        ),
        row(
          'book stats/s published (each live book every second)',
          rate('market_feed_records_out_total', { topic: `${prefix}${RECORD_TOPICS.book_stats}` }),
          'records/s',
        ),
        ...(named === ''
          ? []
          : [
              row(
                `derived records/s published (${named})`,
                DERIVED_TYPES.reduce((n, type) => n + rate('market_feed_records_out_total', { topic: `${prefix}${RECORD_TOPICS[type]}` }), 0),
                'records/s',
              ),
            ]),
        row('p99 receive -> Kafka append (ack)', p99, 'ms', { target: { text: '<= 50 ms', met: p99 <= 50 } }),
        row('pipeline RSS max', rssMax / 2 ** 20, 'MB', { target: { text: '<= 1 GB', met: rssMax <= 2 ** 30 } }),
        row('CPU pipeline', cores * 100, '% of a core', { target: { text: '<= one core', met: cores <= 1 } }),
        row('CPU simulator', simCores * 100, '% of a core'),
      ],
    };
  } finally {
    await stopProcess(sim.child);
    await stopProcess(pipeline);
  }
}

export async function benchUniverse(options: UniverseBenchOptions): Promise<BenchRow[]> {
  const plain = await oneRun(options, 0);
  const withBooks = await oneRun(options, options.books);
  const perDelta = withBooks.deltasPerSecond === 0 ? Number.NaN : ((withBooks.cores - plain.cores) * 1e6) / withBooks.deltasPerSecond;
  const bench = `universe ${options.instruments.toLocaleString('en-US')} instruments`;
  const rows: BenchRow[] = [
    ...plain.rows,
    ...withBooks.rows,
    {
      bench,
      metric: `CPU per book delta (run with books top:${options.books} less the run without, per delta applied)`,
      value: perDelta,
      unit: 'µs/delta',
      target: { text: '<= 8 µs', met: perDelta <= 8 },
    },
  ];
  const dataTypes = options.dataTypes ?? [];
  if (dataTypes.length === 0) return rows;
  // Right after the books run, on the same simulated market: the difference is what the data types cost.
  const withTypes = await oneRun(options, options.books, dataTypes);
  const added = withTypes.cores - withBooks.cores;
  return [
    ...rows,
    ...withTypes.rows,
    {
      bench,
      metric: `CPU added by ${dataTypes.join(',')} (run with them less the books run before it)`,
      value: added * 100,
      unit: '% of a core',
      baseline: { name: 'books run', value: withBooks.cores * 100 },
    },
    {
      bench,
      metric: `CPU added by ${dataTypes.join(',')} per book delta applied`,
      value: withTypes.deltasPerSecond === 0 ? Number.NaN : (added * 1e6) / withTypes.deltasPerSecond,
      unit: 'µs/delta',
    },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await benchUniverse({
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    instruments: Number(process.env.BENCH_UNIVERSE_INSTRUMENTS ?? 2600),
    tradesPerSecond: Number(process.env.BENCH_UNIVERSE_RATE ?? 2000),
    books: Number(process.env.BENCH_UNIVERSE_BOOKS ?? 200),
    seconds: Number(process.env.BENCH_SECONDS ?? 60),
    dataTypes: (process.env.BENCH_UNIVERSE_DATA_TYPES ?? '').split(',').filter((name) => name !== ''),
    ...(process.env.BENCH_UNIVERSE_PORT === undefined ? {} : { port: Number(process.env.BENCH_UNIVERSE_PORT) }),
  });
  process.stdout.write(formatTable(rows));
}
