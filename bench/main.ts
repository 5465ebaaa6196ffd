/**
 * `make bench`: every benchmark in turn, one table. Durations and rates come from the
 * environment (see bench/RESULTS.md); the broker from KAFKA_BROKERS.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import { formatTable, type BenchRow } from './bench-report.js';
import { benchBookDeltas } from './book-deltas.js';
import { benchBurst, burstOptionsFromEnv } from './burst.js';
import { benchCapacity, capacityOptionsFromEnv, capacityVenues } from './capacity.js';
import { benchCodec } from './codec.js';
import { benchEndToEnd } from './end-to-end.js';
import { benchPipeline } from './pipeline.js';
import { benchSocketPath } from './socket-path.js';
import { benchNormalize } from './normalize.js';
import { benchPeer } from './peer.js';
import { benchSink } from './sink.js';
import { benchStdoutOverload, stdoutOverloadOptionsFromEnv } from './stdout-overload.js';
import { benchCluster } from './cluster.js';
import { benchHandOvers } from './hand-overs.js';
import { benchClusterLosses, clusterLossesOptionsFromEnv } from './cluster-losses.js';
import { benchStandbyHold } from './standby-hold.js';
import { benchHandOverGate } from './hand-over-gate.js';
import { benchUniverse } from './universe.js';
import { benchVenues } from './venues.js';
import { benchPerpetuals } from './perpetuals.js';
import { benchOkx } from './okx.js';
import { benchBitget } from './bitget.js';
import { benchDerived } from './derived.js';
import { benchGate } from './gate.js';
import { benchInverse } from './inverse.js';
import { benchHyperliquid } from './hyperliquid.js';
import { benchDeribit, deribitOptionsFromEnv } from './deribit.js';
import { benchOptions, optionsBenchFromEnv } from './options.js';
import { benchReaderProbe } from './reader-probe.js';
import { archiveOptionsFromEnv, benchArchive } from './archive.js';
import { benchQuestdb, questdbOptionsFromEnv } from './questdb.js';

const env = process.env;
const numbers = (value: string): number[] => value.split(',').map(Number);
const only = new Set(
  (
    env.BENCH_ONLY ??
    'normalize,codec,pipeline,socket-path,book-deltas,venues,perpetuals,okx,bitget,derived,gate,inverse,hyperliquid,deribit,options,sink,reader-probe,end-to-end,peer,capacity,stdout-overload,burst,universe,archive,cluster,hand-overs,standby-hold,hand-over-gate'
  ).split(','),
);
const machine = `${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

process.stderr.write(`bench: ${machine}; load average ${load()}\n`);
const rows: BenchRow[] = [];
const section = async (name: string, run: () => Promise<BenchRow[]> | BenchRow[]): Promise<void> => {
  if (!only.has(name)) return;
  process.stderr.write(`bench: ${name}...\n`);
  const result = await run();
  process.stderr.write(formatTable(result));
  rows.push(...result);
};

await section('normalize', () => benchNormalize(Number(env.BENCH_NORMALIZE_MS ?? 4000)));
await section('codec', () => benchCodec(Number(env.BENCH_CODEC_MS ?? 4000)));
await section('pipeline', () => benchPipeline(Number(env.BENCH_PIPELINE_TRADES ?? 200_000)));
await section('socket-path', () => benchSocketPath(Number(env.BENCH_SOCKET_PATH_TRADES ?? 200_000)));
await section('book-deltas', () => benchBookDeltas(Number(env.BENCH_BOOK_DELTAS ?? 100_000)));
await section('venues', () => benchVenues(Number(env.BENCH_VENUES_MS ?? 6000)));
await section('perpetuals', () => benchPerpetuals(Number(env.BENCH_PERPETUALS_MS ?? 8000)));
await section('okx', () => benchOkx(Number(env.BENCH_OKX_MS ?? 6000)));
await section('bitget', () => benchBitget(Number(env.BENCH_BITGET_MS ?? 6000)));
await section('derived', () =>
  benchDerived({
    recordMs: Number(env.BENCH_DERIVED_MS ?? 8000),
    ...(env.BENCH_DERIVED_PORT === undefined ? {} : { port: Number(env.BENCH_DERIVED_PORT) }),
  }),
);
await section('gate', () => benchGate(Number(env.BENCH_GATE_MS ?? 6000)));
await section('inverse', () => benchInverse(Number(env.BENCH_INVERSE_MS ?? 6000)));
await section('hyperliquid', () => benchHyperliquid(Number(env.BENCH_HYPERLIQUID_MS ?? 6000)));
await section('deribit', () => benchDeribit(deribitOptionsFromEnv(env)));
await section('options', () => benchOptions(optionsBenchFromEnv(env)));
await section('sink', () =>
  benchSink({
    brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    records: Number(env.BENCH_SINK_RECORDS ?? 200_000),
    runs: Number(env.BENCH_SINK_RUNS ?? 3),
    batchMaxRecords: Number(env.BENCH_SINK_BATCH_MAX_RECORDS ?? 1000),
    librdkafka: env.BENCH_SINK_LIBRDKAFKA !== '0',
  }),
);
await section('reader-probe', () =>
  benchReaderProbe({
    brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    probes: Number(env.BENCH_READER_PROBES ?? 100),
    rounds: Number(env.BENCH_READER_ROUNDS ?? 3),
  }),
);
await section('end-to-end', () =>
  benchEndToEnd({
    brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    rates: numbers(env.BENCH_RATES ?? '10000,20000,40000'),
    seconds: Number(env.BENCH_SECONDS ?? 60),
    warmupSeconds: Number(env.BENCH_WARMUP_SECONDS ?? 5),
    batchMaxRecords: Number(env.BENCH_BATCH_MAX_RECORDS ?? 2000),
    ...(env.BENCH_CPU_PROF_DIR === undefined ? {} : { cpuProfDir: env.BENCH_CPU_PROF_DIR }),
    ...(env.BENCH_RUN_ARGS === undefined ? {} : { runArgs: env.BENCH_RUN_ARGS.split(' ') }),
  }),
);
await section('peer', () =>
  benchPeer({
    venues: (env.BENCH_PEER_VENUES ?? 'bybit,binance').split(',').filter((v): v is 'bybit' | 'binance' => v === 'bybit' || v === 'binance'),
    rates: numbers(env.BENCH_PEER_RATES ?? '20000,40000'),
    seconds: Number(env.BENCH_PEER_SECONDS ?? 20),
    warmupSeconds: Number(env.BENCH_WARMUP_SECONDS ?? 5),
  }),
);

await section('capacity', async () => {
  const found: BenchRow[] = [];
  for (const venue of capacityVenues(env)) found.push(...(await benchCapacity(capacityOptionsFromEnv(env, venue))));
  return found;
});
// About 3 minutes: a capacity search of `run --sink stdout`, then 2x that offered.
await section('stdout-overload', () => benchStdoutOverload(stdoutOverloadOptionsFromEnv(env)));
await section('burst', () => benchBurst(burstOptionsFromEnv(env)));
await section('universe', () =>
  benchUniverse({
    brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    instruments: Number(env.BENCH_UNIVERSE_INSTRUMENTS ?? 2600),
    tradesPerSecond: Number(env.BENCH_UNIVERSE_RATE ?? 2000),
    books: Number(env.BENCH_UNIVERSE_BOOKS ?? 200),
    seconds: Number(env.BENCH_SECONDS ?? 60),
    dataTypes: (env.BENCH_UNIVERSE_DATA_TYPES ?? '').split(',').filter((name) => name !== ''),
    ...(env.BENCH_UNIVERSE_PORT === undefined ? {} : { port: Number(env.BENCH_UNIVERSE_PORT) }),
  }),
);
// About 3 minutes: a million trades archived from Kafka, then the universe run with the archiver following it.
await section('archive', () => benchArchive(archiveOptionsFromEnv(env)));
// Only when asked for (BENCH_ONLY=questdb): it needs a QuestDB (`make questdb`, BENCH_QUESTDB_URL).
await section('questdb', () => benchQuestdb(questdbOptionsFromEnv(env)));

await section('cluster', () =>
  benchCluster({
    brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    instruments: Number(env.BENCH_UNIVERSE_INSTRUMENTS ?? 2600),
    tradesPerSecond: Number(env.BENCH_UNIVERSE_RATE ?? 2000),
    seconds: Number(env.BENCH_SECONDS ?? 60),
    sizes: (env.BENCH_CLUSTER_SIZES ?? '0,1,2,3').split(',').map(Number),
  }),
);

// On a cluster of three brokers of its own, every topic with three replicas (BENCH_HAND_OVER_BROKERS
// names others instead): what a production cluster's rolling deploy runs on.
await section('hand-overs', async () => {
  const own = env.BENCH_HAND_OVER_BROKERS === undefined;
  const cluster = { KAFKA_NODES: '3', KAFKA_PORT: '19192', KAFKA_RUN_DIR: '.cache/kafka/bench-hand-overs' };
  if (own) execFileSync('bash', ['scripts/kafka.sh', 'up'], { env: { ...process.env, ...cluster }, stdio: 'inherit' });
  try {
    return await benchHandOvers({
      brokers: (env.BENCH_HAND_OVER_BROKERS ?? '127.0.0.1:19192,127.0.0.1:19194,127.0.0.1:19196').split(','),
      instruments: Number(env.BENCH_UNIVERSE_INSTRUMENTS ?? 2600),
      tradesPerSecond: Number(env.BENCH_UNIVERSE_RATE ?? 2000),
      replicationFactor: Number(env.BENCH_REPLICATION_FACTOR ?? 3),
    });
  } finally {
    if (own) execFileSync('bash', ['scripts/kafka.sh', 'clean'], { env: { ...process.env, ...cluster }, stdio: 'inherit' });
  }
});

// A cluster shard's standby: the hold's CPU and heap per trade (100 instruments at 20 trades/s, held 22 s).
await section('standby-hold', () => benchStandbyHold({ instruments: 100, rate: 20, holdMs: 22_000, seconds: 60 }));
await section('hand-over-gate', () => benchHandOverGate({ instruments: 400, trades: 1_000_000 }));

// Not in the default list (about 8 minutes; BENCH_ONLY=cluster-losses): three brokers of its own on
// 27100-27105 (BENCH_CLUSTER_LOSSES_KAFKA_PORT), one of them SIGKILLed, as is one instance of the cluster.
await section('cluster-losses', () => benchClusterLosses(clusterLossesOptionsFromEnv(env)));

const table = formatTable(rows);
const header = `machine: ${machine}\nload average after the run (1, 5, 15 min): ${load()}\n\n`;
process.stdout.write(`\n${header}${table}`);
if (env.BENCH_OUT !== undefined) writeFileSync(env.BENCH_OUT, `${header}${table}`);
