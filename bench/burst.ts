/**
 * Burst run: `market-feed run` into Kafka (`acks: -1`, idempotent) while the simulator offers a
 * quarter of the capacity, then twice the capacity for `burstSeconds`, then a quarter again.
 * Reports what Kafka acknowledged during the burst against the capacity, how long after the
 * fall-back the per-second p99 receive -> ack stays under 50 ms, trades lost and written twice
 * (the simulator's count against the distinct trade ids read back), and the worst event-loop
 * delay the pipeline reported meanwhile.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RECORD_TOPICS } from '../src/sink/sink-topics.js';
import { formatTable, percentile, type BenchRow } from './bench-report.js';
import { BENCH_COINS, ROOT, freePort, simTradesSent, sleep, startSimProcess, stopProcess, type SimProcess, marketFeedEntry } from './bench-processes.js';
import { benchKafka, createAppendTimeTopics, readTrades, type TradeTimes } from './kafka-readback.js';
import { scrapeMetrics } from './pipeline-metrics.js';

export interface BurstOptions {
  readonly brokers: readonly string[];
  /** The sustained capacity the burst doubles, trades/s over all symbols. */
  readonly capacity: number;
  readonly warmupSeconds: number;
  readonly burstSeconds: number;
  readonly recoverySeconds: number;
  readonly batchMaxRecords: number;
  /** Extra `run` arguments, e.g. `--kafka-client librdkafka`. */
  readonly runArgs?: readonly string[];
}

const PARTITIONS = 6;

async function offer(sim: SimProcess, total: number): Promise<void> {
  const response = await fetch(`${sim.controlUrl}/bybit/trade-rate?per-symbol=${total / BENCH_COINS.length}`, { method: 'POST' });
  if (!response.ok) throw new Error(`trade-rate: ${response.status} ${await response.text()}`);
}

/** Seconds after `from` until every later one-second bucket's p99 receive -> ack is below `limitMs` (undefined: never). */
export function secondsUntilSettled(trades: readonly TradeTimes[], from: number, to: number, limitMs: number): number | undefined {
  const buckets: number[][] = [];
  for (const t of trades) {
    if (t.appendTs < from || t.appendTs >= to) continue;
    const second = Math.floor((t.appendTs - from) / 1000);
    (buckets[second] ??= []).push(t.appendTs - t.receivedTs);
  }
  let settled: number | undefined;
  for (let second = 0; second < buckets.length; second++) {
    const values = buckets[second];
    const late = values !== undefined && values.length > 0 && percentile(values, 99) >= limitMs;
    if (late) settled = undefined;
    else settled ??= second;
  }
  return settled;
}

export async function benchBurst(options: BurstOptions): Promise<BenchRow[]> {
  const bench = `burst: 2x of ${options.capacity.toLocaleString('en-US')}/s for ${options.burstSeconds} s, then 25 %`;
  const prefix = `bench-burst-${Date.now()}.`;
  const kafka = benchKafka(options.brokers);
  await createAppendTimeTopics(
    kafka,
    Object.values(RECORD_TOPICS).map((t) => `${prefix}${t}`),
    PARTITIONS,
  );
  const sim = await startSimProcess(options.capacity / 4);
  const metricsPort = await freePort();
  const work = mkdtempSync(join(tmpdir(), 'mf-burst-'));
  const log = openSync(join(work, 'pipeline.log'), 'w');
  const pipeline = spawn(
    process.execPath,
    [
      ...marketFeedEntry(),
      'run',
      '--venues',
      'bybit',
      '--coins',
      BENCH_COINS.join(','),
      '--bybit-url',
      sim.bybitUrl,
      '--kafka-brokers',
      options.brokers.join(','),
      '--kafka-topic-prefix',
      prefix,
      '--kafka-partitions',
      String(PARTITIONS),
      '--kafka-batch-max-records',
      String(options.batchMaxRecords),
      '--metrics-port',
      String(metricsPort),
      '--spool-dir',
      join(work, 'spool'),
      '--log-level',
      'warn',
      '--log-pretty',
      'false',
      ...(options.runArgs ?? []),
    ],
    { cwd: ROOT, stdio: ['ignore', log, log] },
  );
  try {
    await sleep(options.warmupSeconds * 1000);
    const lag: number[] = [];
    const sampleLag = async (seconds: number): Promise<void> => {
      for (let s = 0; s < seconds; s++) {
        await sleep(1000);
        const scraped = await scrapeMetrics(metricsPort).catch(() => undefined);
        if (scraped?.eventLoopLagP99 !== undefined) lag.push(scraped.eventLoopLagP99 * 1000);
      }
    };
    const burstStart = Date.now();
    await offer(sim, options.capacity * 2);
    await sampleLag(options.burstSeconds);
    const burstEnd = Date.now();
    await offer(sim, options.capacity / 4);
    await sampleLag(options.recoverySeconds);
    const recoveryEnd = Date.now();
    await offer(sim, 0);
    await sleep(2000);
    const sent = await simTradesSent(sim, 'bybit');
    await stopProcess(pipeline, 120_000);
    await stopProcess(sim.child);

    const trades = await readTrades(kafka, `${prefix}${RECORD_TOPICS.trade}`);
    const distinct = new Set(trades.map((t) => t.id)).size;
    const inBurst = trades.filter((t) => t.appendTs >= burstStart && t.appendTs < burstEnd).length;
    const burstRate = inBurst / ((burstEnd - burstStart) / 1000);
    const settled = secondsUntilSettled(trades, burstEnd, recoveryEnd, 50);
    const worstLag = lag.length === 0 ? Number.NaN : Math.max(...lag);
    const row = (metric: string, value: number, unit: string, extra: Partial<BenchRow> = {}): BenchRow => ({ bench, metric, value, unit, ...extra });
    return [
      row('trades/s acked during the burst', burstRate, 'trades/s', {
        baseline: { name: 'capacity', value: options.capacity },
        target: { text: '>= 90 % of capacity', met: burstRate >= 0.9 * options.capacity },
      }),
      row('s after the fall-back until p99 receive -> ack stays < 50 ms', settled ?? Number.NaN, 's', {
        target: { text: '<= 30 s', met: settled !== undefined && settled <= 30 },
      }),
      row('trades lost (simulator sent - distinct in Kafka)', sent - distinct, 'trades', {
        baseline: { name: 'simulator sent', value: sent },
        target: { text: '0', met: sent === distinct },
      }),
      row('trades written twice', trades.length - distinct, 'trades', { target: { text: '0', met: trades.length === distinct } }),
      row('worst event-loop delay p99 (1 s samples)', worstLag, 'ms', { target: { text: '<= 50 ms', met: worstLag <= 50 } }),
    ];
  } finally {
    await stopProcess(sim.child);
    await stopProcess(pipeline);
  }
}

/** The burst run's settings from `BENCH_*` variables (see bench/RESULTS.md). */
export function burstOptionsFromEnv(env: NodeJS.ProcessEnv): BurstOptions {
  return {
    brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    capacity: Number(env.BENCH_BURST_CAPACITY ?? 10_000),
    warmupSeconds: Number(env.BENCH_WARMUP_SECONDS ?? 5),
    burstSeconds: Number(env.BENCH_BURST_SECONDS ?? 30),
    recoverySeconds: Number(env.BENCH_BURST_RECOVERY_SECONDS ?? 45),
    batchMaxRecords: Number(env.BENCH_BATCH_MAX_RECORDS ?? 2000),
    ...(env.BENCH_BURST_RUN_ARGS === undefined ? {} : { runArgs: env.BENCH_BURST_RUN_ARGS.split(' ') }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(formatTable(await benchBurst(burstOptionsFromEnv(process.env))));
}
