/**
 * A cluster of `market-feed run --instruments all --cluster NAME` instances (own processes) over the
 * simulated universe (own process, the venues' limits on) -> local Kafka, with 1, 2 and 3 instances,
 * beside a single process without `--cluster` in the same run. Per configuration: instruments and
 * trades/s each instance holds, CPU per trade per instance, trades/s acked by Kafka; with two or
 * more, the last instance is SIGKILLed and the time until the first trade of one of its instruments
 * reaches Kafka from a survivor is measured. `KAFKA_BROKERS=... npx tsx bench/cluster.ts`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { shardOf } from '../src/cluster/shard-of.js';
import { metricSum } from '../src/dashboard/pipeline-health.js';
import { RECORD_TOPICS } from '../src/sink/sink-topics.js';
import { formatTable, type BenchRow } from './bench-report.js';
import { CpuMeter, ROOT, freePort, marketFeedEntry, sleep, stopProcess } from './bench-processes.js';
import { benchKafka, createAppendTimeTopics, readTrades } from './kafka-readback.js';

export interface ClusterBenchOptions {
  readonly brokers: readonly string[];
  readonly instruments: number;
  /** Trades per second the simulator offers over both venues. */
  readonly tradesPerSecond: number;
  readonly seconds: number;
  /** Instance counts to measure; 0 is the single process without `--cluster`. */
  readonly sizes: readonly number[];
}

const PARTITIONS = 6;
const SHARDS = 64;

/** `run` over the whole simulated market on both venues into Kafka (`--instruments all`, logs as JSON lines). */
export function universeRunArgs(options: {
  readonly sim: { readonly bybitUrl: string; readonly binanceUrl: string; readonly restUrl: string };
  readonly brokers: readonly string[];
  readonly prefix: string;
  readonly metricsPort: number;
  readonly spoolDir: string;
  /** Copies of each topic the instances create (the cluster's control topic); default 1. */
  readonly replicationFactor?: number;
}): string[] {
  const { sim } = options;
  return [
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
    '--kafka-brokers',
    options.brokers.join(','),
    '--kafka-topic-prefix',
    options.prefix,
    '--kafka-partitions',
    String(PARTITIONS),
    '--metrics-port',
    String(options.metricsPort),
    '--spool-dir',
    options.spoolDir,
    '--log-level',
    'info',
    '--log-pretty',
    'false',
    '--klines',
    'false',
    '--kafka-replication-factor',
    String(options.replicationFactor ?? 1),
  ];
}

export interface Instance {
  readonly child: ChildProcess;
  readonly metricsPort: number;
  readonly logFile: string;
}

export async function startUniverseSim(
  instruments: number,
  rate: number,
): Promise<{ readonly child: ChildProcess; readonly bybitUrl: string; readonly binanceUrl: string; readonly restUrl: string; readonly controlUrl: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/universe-sim-process.ts', String(instruments), String(rate)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [first] = (await once(lines, 'line')) as [string];
  lines.close();
  return { child, ...(JSON.parse(first) as { bybitUrl: string; binanceUrl: string; restUrl: string; controlUrl: string }) };
}

const scrape = async (instance: Instance): Promise<string> => (await fetch(`http://127.0.0.1:${instance.metricsPort}/metrics`)).text().catch(() => '');

/** The cluster shards an instance holds, from its log lines. */
export function shardsHeld(instance: Instance): Set<number> {
  const held = new Set<number>();
  for (const text of readFileSync(instance.logFile, 'utf8').split('\n')) {
    if (!text.includes('"shards"')) continue;
    const line = JSON.parse(text) as { readonly msg?: string; readonly shards?: readonly number[] };
    if (line.msg === 'shards assigned') for (const shard of line.shards ?? []) held.add(shard);
    else if (line.msg?.startsWith('shards ') === true) for (const shard of line.shards ?? []) held.delete(shard);
  }
  return held;
}

async function oneSize(options: ClusterBenchOptions, size: number): Promise<BenchRow[]> {
  const bench = size === 0 ? 'cluster: one process without --cluster (baseline)' : `cluster of ${size}`;
  const prefix = `bench-cluster-${Date.now()}.`;
  const kafka = benchKafka(options.brokers);
  await createAppendTimeTopics(
    kafka,
    Object.values(RECORD_TOPICS).map((t) => `${prefix}${t}`),
    PARTITIONS,
  );
  const entry = marketFeedEntry();
  const sim = await startUniverseSim(options.instruments, options.tradesPerSecond);
  const name = `bench-${Date.now()}`;
  const work = mkdtempSync(join(tmpdir(), 'mf-bench-cluster-'));
  const instances: Instance[] = [];
  try {
    for (let n = 0; n < Math.max(1, size); n++) {
      const metricsPort = await freePort();
      const logFile = join(work, `instance-${n}.log`);
      const log = openSync(logFile, 'w');
      const child = spawn(
        process.execPath,
        [
          ...entry,
          ...universeRunArgs({ sim, brokers: options.brokers, prefix, metricsPort, spoolDir: join(work, `spool-${n}`) }),
          ...(size === 0 ? [] : ['--cluster', name, '--instance-id', `i${n}`, '--cluster-shards', String(SHARDS)]),
        ],
        { cwd: ROOT, stdio: ['ignore', log, log] },
      );
      instances.push({ child, metricsPort, logFile });
    }
    // The universe's instruments (trading on either venue), as the instances key them.
    const universe = new Set<string>();
    for (const venue of ['bybit', 'binance']) {
      const listed = (await (await fetch(`${sim.controlUrl}/${venue}/instruments`)).json()) as readonly {
        readonly base: string;
        readonly quote: string;
        readonly status: string;
      }[];
      for (const listing of listed) if (listing.status === 'trading') universe.add(`${listing.base}-${listing.quote}`);
    }
    // Every shard held by one instance, and every instance's connections subscribed: one instance
    // alone reports every connection shard subscribed; a cluster's instances are given 30 s once the
    // shards are settled (a connection shard's metrics keep the instrument count of its last status).
    const started = Date.now();
    for (;;) {
      await sleep(1000);
      if (size <= 1) {
        const text = await scrape(instances[0] as Instance);
        const shards = text.split('\n').filter((line) => line.startsWith('market_feed_shard_instruments{')).length;
        if (
          shards > 0 &&
          metricSum(text, 'market_feed_shard_state', { state: 'subscribed' }) === shards &&
          (metricSum(text, 'market_feed_shard_instruments') ?? 0) >= universe.size
        )
          break;
      } else {
        const held = instances.map(shardsHeld);
        if (
          held.every((shards) => shards.size > 0) &&
          held.reduce((sum, shards) => sum + shards.size, 0) === SHARDS &&
          new Set(held.flatMap((shards) => [...shards])).size === SHARDS
        ) {
          await sleep(30_000);
          break;
        }
      }
      if (Date.now() - started > 180_000) throw new Error(`${bench}: not settled after 180 s`);
    }
    await sleep(5_000);
    const meters = instances.map((instance) => new CpuMeter(instance.child.pid));
    const before = await Promise.all(instances.map(scrape));
    const windowStart = Date.now();
    await sleep(options.seconds * 1000);
    const windowEnd = Date.now();
    const seconds = (windowEnd - windowStart) / 1000;
    const after = await Promise.all(instances.map(scrape));
    const rows: BenchRow[] = [];
    const row = (metric: string, value: number, unit: string): void => void rows.push({ bench, metric, value, unit });
    instances.forEach((_, n) => {
      const trades =
        ((metricSum(after[n] ?? '', 'market_feed_events_in_total', { type: 'trade' }) ?? 0) -
          (metricSum(before[n] ?? '', 'market_feed_events_in_total', { type: 'trade' }) ?? 0)) /
        seconds;
      const cores = meters[n]?.cores() ?? Number.NaN;
      const shards = size === 0 ? undefined : shardsHeld(instances[n] as Instance);
      row(
        `instance ${n}: instruments held`,
        shards === undefined ? universe.size : [...universe].filter((key) => shards.has(shardOf(key, SHARDS))).length,
        'instruments',
      );
      row(`instance ${n}: trades/s received`, trades, 'trades/s');
      row(`instance ${n}: CPU`, cores * 100, '% of a core');
      row(`instance ${n}: CPU per trade received`, trades === 0 ? Number.NaN : (cores * 1e6) / trades, 'µs/trade');
    });
    if (size >= 2) {
      const victim = instances[instances.length - 1] as Instance;
      const moved = shardsHeld(victim);
      const killedAt = Date.now();
      victim.child.kill('SIGKILL');
      await sleep(30_000);
      const trades = await readTrades(kafka, `${prefix}${RECORD_TOPICS.trade}`);
      const acked = trades.filter((t) => t.appendTs >= windowStart && t.appendTs < windowEnd).length / seconds;
      row('trades/s acked by Kafka (all instances)', acked, 'trades/s');
      const firstMoved = trades
        .filter((t) => t.receivedTs > killedAt && moved.has(shardOf(instrumentOfTradeId(t.id), SHARDS)))
        .reduce((first, t) => Math.min(first, t.appendTs), Number.POSITIVE_INFINITY);
      row(
        `SIGKILL of one instance -> first trade of one of its ${moved.size} shards acked from a survivor (session timeout 12 s)`,
        (firstMoved - killedAt) / 1000,
        's',
      );
    } else {
      const trades = await readTrades(kafka, `${prefix}${RECORD_TOPICS.trade}`);
      row('trades/s acked by Kafka', trades.filter((t) => t.appendTs >= windowStart && t.appendTs < windowEnd).length / seconds, 'trades/s');
    }
    return rows;
  } finally {
    for (const instance of instances) await stopProcess(instance.child);
    await stopProcess(sim.child);
  }
}

/** The canonical instrument of a universe symbol in a read-back trade id (`SYMBOL/tradeId`): the simulated universe's symbols are BASE + QUOTE. */
function instrumentOfTradeId(id: string): string {
  const symbol = id.slice(0, id.indexOf('/'));
  for (const quote of ['USDT', 'USDC']) if (symbol.endsWith(quote)) return `${symbol.slice(0, -quote.length)}-${quote}`;
  return symbol;
}

export async function benchCluster(options: ClusterBenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const size of options.sizes) rows.push(...(await oneSize(options, size)));
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await benchCluster({
    brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','),
    instruments: Number(process.env['BENCH_UNIVERSE_INSTRUMENTS'] ?? 2600),
    tradesPerSecond: Number(process.env['BENCH_UNIVERSE_RATE'] ?? 2000),
    seconds: Number(process.env['BENCH_SECONDS'] ?? 30),
    sizes: (process.env['BENCH_CLUSTER_SIZES'] ?? '0,1,2,3').split(',').map(Number),
  });
  process.stdout.write(`${formatTable(rows)}\n`);
}
