/**
 * CPU per order-book delta of the pipeline itself, in one process, with no network: synthetic Bybit
 * `orderbook.50` frames (20 symbols, a 50-level snapshot each, then deltas of `levels` changed levels,
 * as real deltas carry a handful) through the frame decoder, the book reducer, the live books, book
 * snapshots (top 20, every 100 ms when changed) and book stats (every second), and Avro encoding of
 * every record: everything `market-feed run --books` does per delta except the socket and the Kafka
 * producer. Baseline: `JSON.parse` of the same frames. `npx tsx bench/book-deltas.ts [deltas]`.
 */
import { fileURLToPath } from 'node:url';
import type { CaptureLine } from '../src/capture/capture-line.js';
import { formatTable, type BenchRow } from './bench-report.js';
import { parseOnly, replayInProcess } from './in-process-replay.js';

const COINS = ['BTC', 'ETH', 'SOL', 'XRP', 'DOGE', 'ADA', 'AVAX', 'LINK', 'DOT', 'LTC', 'TRX', 'TON', 'SUI', 'NEAR', 'APT', 'ARB', 'OP', 'PEPE', 'SHIB', 'BNB'];

type Level = [string, string];

/** Bybit pushes `orderbook.50` every 20 ms when the book changed: a busy book's delta cadence. */
const PUSH_INTERVAL_MS = 20;

/** A snapshot of 50 levels per side per symbol, then `deltas` deltas round-robin over the symbols, each changing `levels` levels (sizes, some removed and re-added), one per symbol every {@link PUSH_INTERVAL_MS}. */
export function syntheticBybitBookFrames(deltas: number, levels: number, startTs = 1_700_000_000_000): CaptureLine[] {
  const lines: CaptureLine[] = [];
  const line = (ts: number, frame: unknown): void =>
    void lines.push({ receivedTs: ts + 2, exchange: 'bybit', connectionId: 'bench-1', frame: JSON.stringify(frame) });
  const side = (mid: number, sign: number, count: number, offset: number): Level[] =>
    Array.from({ length: count }, (_, i) => [(mid + sign * (i + 1 + offset) * 0.01).toFixed(2), (1 + ((i * 7) % 13) / 10).toFixed(3)]);
  COINS.forEach((coin, n) => {
    const symbol = `${coin}USDT`;
    line(startTs + n, {
      topic: `orderbook.50.${symbol}`,
      ts: startTs + n,
      type: 'snapshot',
      data: { s: symbol, b: side(100, -1, 50, 0), a: side(100, 1, 50, 0), u: 1, seq: 1 },
      cts: startTs + n,
    });
  });
  for (let d = 0; d < deltas; d++) {
    const coin = COINS[d % COINS.length] ?? 'BTC';
    const symbol = `${coin}USDT`;
    const u = 2 + Math.floor(d / COINS.length);
    const ts = startTs + 100 + d * (PUSH_INTERVAL_MS / COINS.length);
    const changes = (sign: number): Level[] =>
      Array.from({ length: Math.ceil(levels / 2) }, (_, i) => {
        const depth = ((d * 13 + i * 7) % 50) + 1;
        // Every fifth change removes a level (size 0); it comes back with a later change.
        return [(100 + sign * depth * 0.01).toFixed(2), (d + i) % 5 === 0 ? '0' : (1 + ((d + i) % 17) / 10).toFixed(3)];
      });
    line(ts, { topic: `orderbook.50.${symbol}`, ts, type: 'delta', data: { s: symbol, b: changes(-1), a: changes(1), u, seq: u }, cts: ts });
  }
  return lines;
}

/** Runs `lines` through the pipeline with books on; CPU µs (user + system) per delta. */
async function runBooks(lines: readonly CaptureLine[], deltas: number): Promise<{ readonly cpuUsPerDelta: number; readonly records: number }> {
  const run = await replayInProcess(lines, { coins: COINS.join(','), books: 'all', klines: 'false' });
  const views = run.events.get('order_book') ?? 0;
  if (views < deltas) throw new Error(`${views} book views of ${deltas} deltas: the books did not follow`);
  return { cpuUsPerDelta: run.cpuUs / deltas, records: run.records };
}

const deltasIn = (frame: unknown): number => ((frame as { type: string }).type === 'delta' ? 1 : 0);

/** CPU per delta at 2, 5 and 10 changed levels per delta, each the least of 5 runs after a warm-up. */
export async function benchBookDeltas(totalDeltas: number): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const levels of [2, 5, 10]) {
    const lines = syntheticBybitBookFrames(totalDeltas, levels);
    await runBooks(syntheticBybitBookFrames(2000, levels), 2000);
    const runs = [];
    const parses: number[] = [];
    for (let r = 0; r < 5; r++) {
      runs.push(await runBooks(lines, totalDeltas));
      parses.push(parseOnly(lines, totalDeltas, deltasIn));
    }
    const cpu = Math.min(...runs.map((run) => run.cpuUsPerDelta));
    rows.push({
      bench: 'book deltas',
      metric: `CPU per book delta, ${levels} levels changed (${totalDeltas} deltas over 20 books, ${runs[0]?.records ?? 0} records)`,
      value: cpu,
      unit: 'µs/delta',
      baseline: { name: 'JSON.parse of the frames', value: Math.min(...parses) },
      target: { text: '<= 8 µs', met: cpu <= 8 },
    });
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await benchBookDeltas(Number(process.argv[2] ?? process.env.BENCH_BOOK_DELTAS ?? 100_000));
  process.stdout.write(formatTable(rows));
}
