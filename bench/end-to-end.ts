/**
 * Simulator (own process) -> WebSocket -> `market-feed run` (own process) -> local Kafka
 * (`acks: -1`, idempotent). Per offered rate: trades/s acked over the window, latency
 * percentiles read back from Kafka, pipeline RSS and event-loop delay, CPU of each process.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RECORD_TOPICS } from '../src/sink/sink-topics.js';
import { formatTable, percentile, type BenchRow } from './bench-report.js';
import {
  BENCH_COINS,
  CpuMeter,
  ROOT,
  brokerPid,
  freePort,
  procStats,
  simTradesSent,
  sleep,
  startSimProcess,
  stopProcess,
  marketFeedEntry,
} from './bench-processes.js';
import { benchKafka, createAppendTimeTopics, readTrades } from './kafka-readback.js';
import { bucketPercentileBetween, scrapeMetrics } from './pipeline-metrics.js';

export interface EndToEndOptions {
  readonly brokers: readonly string[];
  /** Offered rates, trades/s over all symbols. */
  readonly rates: readonly number[];
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly batchMaxRecords: number;
  /** Write a V8 CPU profile of the pipeline into this folder. */
  readonly cpuProfDir?: string;
  /** Extra `run` arguments, e.g. `--kafka-client librdkafka`. */
  readonly runArgs?: readonly string[];
}

const PARTITIONS = 6;

export async function benchEndToEnd(options: EndToEndOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const offered of options.rates) rows.push(...(await oneRate(offered, options)));
  return rows;
}

async function oneRate(offered: number, options: EndToEndOptions): Promise<BenchRow[]> {
  const bench = `end-to-end @${offered.toLocaleString('en-US')}/s offered`;
  const prefix = `bench-${Date.now()}-${offered}.`;
  const tradesTopic = `${prefix}${RECORD_TOPICS.trade}`;
  const kafka = benchKafka(options.brokers);
  await createAppendTimeTopics(
    kafka,
    Object.values(RECORD_TOPICS).map((t) => `${prefix}${t}`),
    PARTITIONS,
  );
  const sim = await startSimProcess(offered);
  const metricsPort = await freePort();
  const work = mkdtempSync(join(tmpdir(), 'mf-bench-'));
  const log = openSync(join(work, 'pipeline.log'), 'w');
  const nodeFlags = [
    ...(process.env['BENCH_NODE_FLAGS'] ?? '').split(' ').filter((flag) => flag !== ''),
    ...(options.cpuProfDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`]),
  ];
  const pipeline = spawn(
    process.execPath,
    [
      ...nodeFlags,
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
  const pid = pipeline.pid ?? -1;
  try {
    await sleep(options.warmupSeconds * 1000);
    const cpu = { pipeline: new CpuMeter(pid), simulator: new CpuMeter(sim.child.pid), broker: new CpuMeter(brokerPid()) };
    const sentAtStart = await simTradesSent(sim, 'bybit');
    const metricsAtStart = await scrapeMetrics(metricsPort).catch(() => undefined);
    const windowStart = Date.now();
    let rssMax = 0;
    const lag: number[] = [];
    while (Date.now() - windowStart < options.seconds * 1000) {
      await sleep(1000);
      rssMax = Math.max(rssMax, procStats(pid)?.rssBytes ?? 0);
      const scraped = await scrapeMetrics(metricsPort).catch(() => undefined);
      if (scraped?.eventLoopLagP99 !== undefined) lag.push(scraped.eventLoopLagP99 * 1000);
    }
    const windowEnd = Date.now();
    const sent = (await simTradesSent(sim, 'bybit')) - sentAtStart;
    const cores = { pipeline: cpu.pipeline.cores(), simulator: cpu.simulator.cores(), broker: cpu.broker.cores() };
    const metricsAtEnd = await scrapeMetrics(metricsPort).catch(() => undefined);
    const histogramP99 = metricsAtStart === undefined || metricsAtEnd === undefined ? undefined : bucketPercentileBetween(metricsAtStart, metricsAtEnd, 99);
    await stopProcess(sim.child);
    await stopProcess(pipeline);
    const trades = (await readTrades(kafka, tradesTopic)).filter((t) => t.appendTs >= windowStart && t.appendTs < windowEnd);
    const seconds = (windowEnd - windowStart) / 1000;
    const toAck = trades.map((t) => t.appendTs - t.receivedTs);
    const fromSend = trades.map((t) => t.appendTs - t.exchangeTs);
    const row = (metric: string, value: number, unit: string, extra: Partial<BenchRow> = {}): BenchRow => ({ bench, metric, value, unit, ...extra });
    const ackedRate = trades.length / seconds;
    const rows: BenchRow[] = [
      row('trades/s acked by Kafka', ackedRate, 'trades/s', {
        baseline: { name: 'simulator sent', value: sent / seconds },
        ...(offered >= 100_000 ? { target: { text: '>= 100,000/s', met: ackedRate >= 100_000 } } : {}),
      }),
    ];
    for (const p of [50, 99, 99.9]) {
      const receive = percentile(toAck, p);
      rows.push(
        row(`p${p} receive -> Kafka append (ack)`, receive, 'ms', offered <= 20_000 && p === 99 ? { target: { text: '<= 50 ms', met: receive <= 50 } } : {}),
      );
    }
    for (const p of [50, 99, 99.9]) rows.push(row(`p${p} simulator send -> Kafka append (ack)`, percentile(fromSend, p), 'ms'));
    if (histogramP99 !== undefined) rows.push(row('p99 receive -> ack (pipeline histogram over the window, bucket bound)', histogramP99 * 1000, 'ms'));
    rows.push(
      row('pipeline RSS max', rssMax / 2 ** 20, 'MB', offered === 50_000 ? { target: { text: '<= 200 MB', met: rssMax / 2 ** 20 <= 200 } } : {}),
      row('pipeline event-loop delay p99 (max of 1 s samples)', lag.length === 0 ? Number.NaN : Math.max(...lag), 'ms'),
      row('CPU pipeline', cores.pipeline * 100, '% of a core'),
      row(
        'CPU pipeline per acked trade',
        ackedRate === 0 ? Number.NaN : (cores.pipeline * 1e6) / ackedRate,
        'µs/trade',
        offered === 10_000 ? { target: { text: '<= 15 µs', met: (cores.pipeline * 1e6) / ackedRate <= 15 } } : {},
      ),
      row('CPU simulator', cores.simulator * 100, '% of a core'),
      // The simulator's work per trade does not change between pipeline builds, and a busier machine slows it as it
      // slows the pipeline: this ratio moves far less with the machine's load than µs per trade do.
      row('CPU pipeline / CPU simulator (load-steady yardstick)', cores.simulator === 0 ? Number.NaN : cores.pipeline / cores.simulator, 'x'),
      row('CPU broker', cores.broker * 100, '% of a core'),
    );
    return rows;
  } finally {
    await stopProcess(sim.child);
    await stopProcess(pipeline);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await benchEndToEnd({
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    rates: (process.env.BENCH_RATES ?? '10000,20000,40000').split(',').map(Number),
    seconds: Number(process.env.BENCH_SECONDS ?? 60),
    warmupSeconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 5),
    batchMaxRecords: Number(process.env.BENCH_BATCH_MAX_RECORDS ?? 2000),
    ...(process.env.BENCH_CPU_PROF_DIR === undefined ? {} : { cpuProfDir: process.env.BENCH_CPU_PROF_DIR }),
    ...(process.env.BENCH_RUN_ARGS === undefined ? {} : { runArgs: process.env.BENCH_RUN_ARGS.split(' ') }),
  });
  process.stdout.write(formatTable(rows));
}
