/**
 * CPU per trade of the pipeline itself, in one process, with no network: synthetic Bybit
 * `publicTrade` frames (10 symbols, `tradesPerFrame` trades each, consecutive ids) through the
 * frame decoder, the operators (failover, de-duplication, gaps, statistics windows, large trades,
 * klines cross-check, volume profiles), the feed monitor's metrics, and Avro encoding of every
 * record: everything `market-feed run` does per trade except the socket and the Kafka producer.
 * Baseline: `JSON.parse` of the same frames. `npx tsx bench/pipeline.ts [trades]`.
 */
import { Subject } from 'rxjs';
import { pino } from 'pino';
import { fileURLToPath } from 'node:url';
import { CaptureScheduler } from '../src/capture/capture-scheduler.js';
import type { CaptureLine } from '../src/capture/capture-line.js';
import { replayVenueFeed } from '../src/capture/replay-venue-feed.js';
import { loadConfig } from '../src/config/load-config.js';
import { FeedMetrics } from '../src/metrics/feed-metrics.js';
import { createMarketFeed } from '../src/pipeline/create-market-feed.js';
import { FeedMonitor } from '../src/pipeline/feed-monitor.js';
import { RecordEncoder } from '../src/sink/record-encoder.js';
import { sinkTopics } from '../src/sink/sink-topics.js';
import type { BenchRow } from './bench-report.js';
import { formatTable } from './bench-report.js';

const COINS = ['BTC', 'ETH', 'SOL', 'XRP', 'DOGE', 'ADA', 'AVAX', 'LINK', 'DOT', 'LTC'];

/** Bybit `publicTrade` frames: `frames` of them, round-robin over the coins, `tradesPerFrame` trades each, 1 ms apart. */
export function syntheticBybitFrames(frames: number, tradesPerFrame: number, startTs = 1_700_000_000_000): CaptureLine[] {
  const ids = new Map<string, number>();
  const lines: CaptureLine[] = [];
  let price = 100;
  for (let n = 0; n < frames; n++) {
    const coin = COINS[n % COINS.length] ?? 'BTC';
    const symbol = `${coin}USDT`;
    const ts = startTs + Math.floor(n / COINS.length);
    const data = [];
    for (let t = 0; t < tradesPerFrame; t++) {
      const id = (ids.get(symbol) ?? 1_000_000) + 1;
      ids.set(symbol, id);
      price = Math.max(1, price + (((n * 7919 + t * 104729) % 21) - 10) * 0.01);
      data.push({ i: String(id), T: ts, p: price.toFixed(2), v: (0.001 + ((id * 31) % 1000) / 1000).toFixed(4), S: id % 2 === 0 ? 'Buy' : 'Sell', s: symbol, BT: false, RPI: false });
    }
    lines.push({ receivedTs: ts + 3, exchange: 'bybit', connectionId: 'bench-1', frame: JSON.stringify({ topic: `publicTrade.${symbol}`, ts, type: 'snapshot', data }) });
  }
  return lines;
}

interface PipelineCpu {
  readonly cpuUsPerTrade: number;
  readonly records: number;
}

/** Runs `lines` through the pipeline once; CPU µs (user + system) per trade. */
async function runPipeline(lines: readonly CaptureLine[], trades: number): Promise<PipelineCpu> {
  const config = loadConfig({ env: {}, flags: { venues: 'bybit', coins: COINS.join(','), 'retry-jitter': '0' } });
  const logger = pino({ level: 'silent' });
  const first = lines[0];
  if (first === undefined) throw new Error('no frames');
  const scheduler = new CaptureScheduler(first.receivedTs);
  const frames = new Subject<CaptureLine>();
  const metrics = new FeedMetrics({ processMetrics: false });
  const monitor = new FeedMonitor({ metrics, logger, primary: 'bybit' });
  const encoder = await RecordEncoder.create({ kind: 'single-object' }, sinkTopics());
  const feed = createMarketFeed({ config, logger, openVenue: replayVenueFeed(frames), scheduler });
  let records = 0;
  let bytes = 0;
  feed.events$.subscribe((event) => monitor.observe(event));
  feed.records$.subscribe((record) => {
    records++;
    bytes += encoder.encodeRecord(record).value.length;
  });
  feed.start();
  const before = process.cpuUsage();
  for (const line of lines) {
    scheduler.advanceTo(line.receivedTs);
    frames.next(line);
  }
  const used = process.cpuUsage(before);
  feed.stop();
  if (bytes === 0) throw new Error('nothing encoded');
  return { cpuUsPerTrade: (used.user + used.system) / trades, records };
}

function parseOnly(lines: readonly CaptureLine[], trades: number): number {
  const before = process.cpuUsage();
  let n = 0;
  for (const line of lines) n += (JSON.parse(line.frame) as { data: unknown[] }).data.length;
  const used = process.cpuUsage(before);
  if (n !== trades) throw new Error('frame count mismatch');
  return (used.user + used.system) / trades;
}

/**
 * CPU per trade at 1, 10 and 100 trades per frame, each the least of 5 runs after a warm-up (on a
 * shared machine the least is the run least disturbed by other work; every run does the same work).
 */
export async function benchPipeline(totalTrades: number): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const perFrame of [1, 10, 100]) {
    const lines = syntheticBybitFrames(Math.ceil(totalTrades / perFrame), perFrame);
    const trades = lines.length * perFrame;
    await runPipeline(lines.slice(0, Math.min(lines.length, 2000)), Math.min(lines.length, 2000) * perFrame);
    const runs: PipelineCpu[] = [];
    const parses: number[] = [];
    for (let r = 0; r < 5; r++) {
      runs.push(await runPipeline(lines, trades));
      parses.push(parseOnly(lines, trades));
    }
    const cpu = Math.min(...runs.map((run) => run.cpuUsPerTrade));
    const parse = Math.min(...parses);
    rows.push({
      bench: 'pipeline',
      metric: `CPU per trade, ${perFrame} trade(s) per frame (${trades} trades, ${runs[0]?.records ?? 0} records)`,
      value: cpu,
      unit: 'µs/trade',
      baseline: { name: 'JSON.parse of the frames', value: parse },
    });
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await benchPipeline(Number(process.argv[2] ?? process.env.BENCH_PIPELINE_TRADES ?? 200_000));
  process.stdout.write(formatTable(rows));
}
