/**
 * CPU per trade of the pipeline itself, in one process, with no network: synthetic Bybit
 * `publicTrade` frames (10 symbols, `tradesPerFrame` trades each, consecutive ids) through the
 * frame decoder, the operators (failover, de-duplication, gaps, statistics windows, large trades,
 * klines cross-check, volume profiles), the feed monitor's metrics, and Avro encoding of every
 * record: everything `market-feed run` does per trade except the socket and the Kafka producer.
 * Baseline: `JSON.parse` of the same frames. `npx tsx bench/pipeline.ts [trades]`.
 */
import { fileURLToPath } from 'node:url';
import type { CaptureLine } from '../src/capture/capture-line.js';
import type { BenchRow } from './bench-report.js';
import { formatTable } from './bench-report.js';
import { parseOnly, replayInProcess } from './in-process-replay.js';

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
      data.push({
        i: String(id),
        T: ts,
        p: price.toFixed(2),
        v: (0.001 + ((id * 31) % 1000) / 1000).toFixed(4),
        S: id % 2 === 0 ? 'Buy' : 'Sell',
        s: symbol,
        BT: false,
        RPI: false,
      });
    }
    lines.push({
      receivedTs: ts + 3,
      exchange: 'bybit',
      connectionId: 'bench-1',
      frame: JSON.stringify({ topic: `publicTrade.${symbol}`, ts, type: 'snapshot', data }),
    });
  }
  return lines;
}

interface PipelineCpu {
  readonly cpuUsPerTrade: number;
  readonly records: number;
}

/** Runs `lines` through the pipeline once; CPU µs (user + system) per trade. */
async function runPipeline(lines: readonly CaptureLine[], trades: number): Promise<PipelineCpu> {
  const run = await replayInProcess(lines, { coins: COINS.join(',') });
  return { cpuUsPerTrade: run.cpuUs / trades, records: run.records };
}

const tradesIn = (frame: unknown): number => (frame as { data: unknown[] }).data.length;

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
      parses.push(parseOnly(lines, trades, tradesIn));
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
