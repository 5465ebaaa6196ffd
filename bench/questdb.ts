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
import { RECORD_TOPICS } from '../src/sink/sink-topics.js';
import { produceTrades } from './archive.js';
import { awaitCommitted, spawnArchiver, stopArchiver } from './archive-process.js';
import { formatTable, type BenchRow } from './bench-report.js';
import { ROOT, procStats, sleep } from './bench-processes.js';
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
  const prefix = `bench-questdb-${Date.now()}.`;
  const topic = `${prefix}${RECORD_TOPICS.trade}`;
  const kafka = benchKafka(options.brokers);
  const producedAt = performance.now();
  await produceTrades(options.brokers, prefix, options.trades);
  const produceSeconds = (performance.now() - producedAt) / 1000;
  const group = `bench-questdb-${Date.now()}`;
  const { host } = new URL(options.questdbUrl);
  const loader = spawnArchiver(
    ['--questdb-url', `http::addr=${host};`, '--topic', topic, '--topic-prefix', prefix, '--group', group, '--brokers', options.brokers.join(',')],
    options.profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`],
    'questdb',
  );
  const server = (): number | undefined => (options.questdbPid === undefined ? undefined : procStats(options.questdbPid)?.cpuSeconds);
  try {
    // CPU sampled every 200 ms: busy from the first sample over 20 % of a core once its partitions are
    // assigned, until 3 s with none (every record read); then SIGTERM. Its time counts from the signal to the exit.
    let last: { at: number; cpu: number; server: number | undefined } | undefined;
    let busyStart: typeof last;
    let busyEnd: typeof last;
    let peakRss = 0;
    const started = performance.now();
    for (;;) {
      await sleep(200);
      const stats = procStats(loader.pid);
      if (stats === undefined) throw new Error(`questdb loader exited: ${loader.stderr().slice(-2000)}`);
      peakRss = Math.max(peakRss, stats.rssBytes);
      const now = { at: performance.now(), cpu: stats.cpuSeconds, server: server() };
      const busy = last !== undefined && (now.cpu - last.cpu) / ((now.at - last.at) / 1000) > 0.2;
      if (busy && busyStart === undefined && loader.stderr().includes('partitions assigned')) busyStart = last;
      if (busy) busyEnd = now;
      last = now;
      if (busyStart !== undefined && busyEnd !== undefined && now.at - busyEnd.at > 3000) break;
      if (now.at - started > 600_000) throw new Error('questdb loader: not done in 10 minutes');
    }
    const signalled = performance.now();
    const { code, usage } = await stopArchiver(loader);
    const finished = performance.now();
    if (code !== 0 || usage === undefined || busyStart === undefined || busyEnd === undefined)
      throw new Error(`questdb loader exited ${code}: ${loader.stderr().slice(-2000)}`);
    if (!(await awaitCommitted(kafka, group, [topic], 10_000))) throw new Error('questdb loader: not every offset committed at its exit');
    await walApplied(options.questdbUrl);
    const [[rows, distinct] = []] = await sql(
      options.questdbUrl,
      `SELECT count(), count_distinct(concat(kafka_partition, '/', kafka_offset)) FROM trades WHERE kafka_topic = '${topic}'`,
    );
    if (rows !== options.trades || distinct !== options.trades)
      throw new Error(`questdb: ${String(rows)} rows, ${String(distinct)} distinct offsets, of ${options.trades} trades`);
    const seconds = (busyEnd.at - busyStart.at + (finished - signalled)) / 1000;
    const cpu = usage.cpuSeconds - busyStart.cpu;
    const serverCpu = busyStart.server === undefined || busyEnd.server === undefined ? undefined : busyEnd.server - busyStart.server;
    const bench = `questdb (${options.trades.toLocaleString('en-US')} trades, 6 partitions, from Kafka into QuestDB ${host})`;
    const row = (metric: string, value: number, unit: string, extra: Partial<BenchRow> = {}): BenchRow => ({ bench, metric, value, unit, ...extra });
    return [
      row('rows/s written (busy time, the stop after SIGTERM included)', options.trades / seconds, 'rows/s', {
        baseline: { name: 'trades/s written into Kafka by the sink', value: options.trades / produceSeconds },
      }),
      row('CPU loader per row (user + system, start-up left out)', (cpu * 1e6) / options.trades, 'µs'),
      row('CPU loader start-up (node, the group join)', busyStart.cpu, 's'),
      row('CPU loader while busy', (cpu / seconds) * 100, '% of a core'),
      ...(serverCpu === undefined ? [] : [row('CPU QuestDB server per row (its process, over the busy time)', (serverCpu * 1e6) / options.trades, 'µs')]),
      row('loader peak RSS (sampled every 200 ms)', peakRss / 2 ** 20, 'MB'),
      row('loader peak RSS (its own, at exit)', usage.maxRssBytes / 2 ** 20, 'MB'),
    ];
  } finally {
    if (loader.child.exitCode === null) await stopArchiver(loader, 10_000);
  }
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
