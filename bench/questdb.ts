/**
 * `market-feed questdb`: what it costs to write the topics into QuestDB.
 *
 * `trades` generated trades (the archive bench's random walk of 200 symbols, written by the Kafka sink,
 * single-object Avro, 6 partitions) already in a topic; then `market-feed questdb`, a new group, from
 * the beginning until every one is committed. Its rows/s over the time it was busy, its CPU µs per row
 * (its own process, user + system, start-up left out), its peak RSS, and QuestDB's own CPU per row over
 * the same time (the server's process, from /proc, when it runs on this machine: `BENCH_QUESTDB_PID`
 * or scripts/questdb.sh's pid file under `QUESTDB_ROOT`). Every trade is then counted in its table by SQL:
 * each once, or the bench throws.
 *
 * Alone: `KAFKA_BROKERS=127.0.0.1:29440 BENCH_QUESTDB_URL=http://127.0.0.1:9000 npx tsx bench/questdb.ts`
 * (`BENCH_QUESTDB_TRADES`, default 1,000,000; `BENCH_QUESTDB_PROFILE_DIR` profiles the loader with `--cpu-prof`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnArchiver } from './archive-process.js';
import { formatTable, type BenchRow } from './bench-report.js';
import { ROOT, procStats, sleep } from './bench-processes.js';
import { measureCatchUp, produceCatchUp } from './catch-up.js';
import { benchKafka } from './kafka-readback.js';

export interface QuestdbBenchOptions {
  readonly brokers: readonly string[];
  /** `http://host:port` of QuestDB's HTTP server. */
  readonly questdbUrl: string;
  readonly trades: number;
  /** The QuestDB server's pid on this machine, for its CPU; none when it runs elsewhere. */
  readonly questdbPid?: number;
  /** Profiles the loader with `--cpu-prof` into this folder (`BENCH_QUESTDB_PROFILE_DIR`). */
  readonly profileDir?: string;
}

async function sql(url: string, query: string): Promise<readonly (readonly unknown[])[]> {
  const response = await fetch(`${url}/exec?query=${encodeURIComponent(query)}`);
  const body = (await response.json()) as { readonly dataset?: readonly (readonly unknown[])[]; readonly error?: string };
  if (!response.ok || body.error !== undefined) throw new Error(`QuestDB: ${body.error ?? response.status}`);
  return body.dataset ?? [];
}

/** Until QuestDB has applied every WAL table's transactions (rows acknowledged are then counted). */
async function walApplied(url: string): Promise<void> {
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(200)) {
    const tables = await sql(url, 'SELECT writerTxn, sequencerTxn FROM wal_tables()');
    if (tables.every(([writer, sequencer]) => writer === sequencer)) return;
  }
  throw new Error('QuestDB: WAL not applied within 2 minutes');
}

export async function benchQuestdb(options: QuestdbBenchOptions): Promise<BenchRow[]> {
  const trades = await produceCatchUp(options.brokers, 'questdb', options.trades);
  const { prefix, topic, group, produceSeconds } = trades;
  const { host } = new URL(options.questdbUrl);
  const loader = spawnArchiver(
    ['--questdb-url', `http::addr=${host};`, '--topic', topic, '--topic-prefix', prefix, '--group', group, '--brokers', options.brokers.join(',')],
    options.profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`],
    'questdb',
  );
  const { questdbPid } = options;
  const {
    seconds,
    cpuSeconds: cpu,
    startUpCpuSeconds,
    sampledPeakRssBytes,
    peakRssBytes,
    serverCpuSeconds,
  } = await measureCatchUp({
    name: 'questdb loader',
    consumer: loader,
    kafka: benchKafka(options.brokers),
    topic: trades,
    ...(questdbPid === undefined ? {} : { serverCpuSeconds: () => procStats(questdbPid)?.cpuSeconds }),
  });
  await walApplied(options.questdbUrl);
  const [[rows, distinct] = []] = await sql(
    options.questdbUrl,
    `SELECT count(), count_distinct(concat(kafka_partition, '/', kafka_offset)) FROM trades WHERE kafka_topic = '${topic}'`,
  );
  if (rows !== options.trades || distinct !== options.trades)
    throw new Error(`questdb: ${String(rows)} rows, ${String(distinct)} distinct offsets, of ${options.trades} trades`);
  const bench = `questdb (${options.trades.toLocaleString('en-US')} trades, 6 partitions, from Kafka into QuestDB ${host})`;
  const row = (metric: string, value: number, unit: string, extra: Partial<BenchRow> = {}): BenchRow => ({ bench, metric, value, unit, ...extra });
  return [
    row('rows/s written (busy time, the stop after SIGTERM included)', options.trades / seconds, 'rows/s', {
      baseline: { name: 'trades/s written into Kafka by the sink', value: options.trades / produceSeconds },
    }),
    row('CPU loader per row (user + system, start-up left out)', (cpu * 1e6) / options.trades, 'µs'),
    row('CPU loader start-up (node, the group join)', startUpCpuSeconds, 's'),
    row('CPU loader while busy', (cpu / seconds) * 100, '% of a core'),
    ...(serverCpuSeconds === undefined
      ? []
      : [row('CPU QuestDB server per row (its process, over the busy time)', (serverCpuSeconds * 1e6) / options.trades, 'µs')]),
    row('loader peak RSS (sampled every 200 ms)', sampledPeakRssBytes / 2 ** 20, 'MB'),
    row('loader peak RSS (its own, at exit)', peakRssBytes / 2 ** 20, 'MB'),
  ];
}

/** The QuestDB server's pid: `BENCH_QUESTDB_PID`, else scripts/questdb.sh's pid file (under `QUESTDB_ROOT`). */
function questdbPid(env: NodeJS.ProcessEnv): number | undefined {
  if (env.BENCH_QUESTDB_PID !== undefined) return Number(env.BENCH_QUESTDB_PID);
  const file = join(env.QUESTDB_ROOT ?? join(ROOT, '.cache', 'questdb', 'run'), 'questdb.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : undefined;
}

export function questdbOptionsFromEnv(env: NodeJS.ProcessEnv): QuestdbBenchOptions {
  const pid = questdbPid(env);
  return {
    brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    questdbUrl: env.BENCH_QUESTDB_URL ?? 'http://127.0.0.1:9000',
    trades: Number(env.BENCH_QUESTDB_TRADES ?? 1_000_000),
    ...(pid === undefined ? {} : { questdbPid: pid }),
    ...(env.BENCH_QUESTDB_PROFILE_DIR === undefined ? {} : { profileDir: env.BENCH_QUESTDB_PROFILE_DIR }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(formatTable(await benchQuestdb(questdbOptionsFromEnv(process.env))));
}
