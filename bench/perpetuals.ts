/**
 * CPU per derivative ticker and per liquidation beside CPU per trade, Bybit linear and Binance USD-M
 * with Bybit spot's trades as the yardstick, in the same run: frames recorded from the simulator's
 * venues (one socket per kind of stream: Bybit linear's `publicTrade`, `tickers` (a snapshot then
 * 100 ms deltas of the changed fields) and `allLiquidation`; Binance USD-M's `aggTrade`,
 * `markPrice@1s` and `forceOrder` on its `/market` route), with the price swinging so that positions
 * are liquidated, then replayed in this process through the frame decoder, the venue's ticker merge,
 * the operators and Avro encoding of every record (`in-process-replay.ts`). Baseline: `JSON.parse` of
 * the same frames. `npx tsx bench/perpetuals.ts [recordMs]`.
 */
import { fileURLToPath } from 'node:url';
import { firstValueFrom, take, timer } from 'rxjs';
import type { CaptureLine } from '../src/capture/capture-line.js';
import { protocolFor } from '../src/exchanges/protocol-registry.js';
import { venueFeed } from '../src/exchanges/venue-feed.js';
import { startSimulator, type RunningSimulator } from '../simulator/start-simulator.js';
import { formatTable, type BenchRow } from './bench-report.js';
import { parseOnly, replayInProcess } from './in-process-replay.js';

const COINS = ['BTC', 'ETH', 'SOL', 'DOGE'];
const QUOTE = 'USDT';
type BenchVenue = 'bybit' | 'bybit_linear' | 'binance_usdm';
type Kind = 'trade' | 'derivative_ticker' | 'liquidation';

const urlOf = (sim: RunningSimulator, venue: BenchVenue): string =>
  venue === 'bybit' ? sim.urls.bybit : venue === 'bybit_linear' ? sim.urls.bybit_linear : sim.urls.binance_usdm;

/** Every frame the sockets of `venue` receive for `ms` on the streams of one record kind. */
async function record(sim: RunningSimulator, venue: BenchVenue, kind: Kind, ms: number): Promise<CaptureLine[]> {
  const protocol = protocolFor(venue);
  const lines: CaptureLine[] = [];
  const feed = venueFeed(protocol, {
    exchange: venue,
    url: urlOf(sim, venue),
    symbols: { coins: COINS, quote: QUOTE },
    streams: protocol.streams.filter((stream) => stream.record === kind),
    onFrame: ({ connectionId, text, receivedTs }) => void lines.push({ exchange: venue, connectionId, frame: text, receivedTs }),
  });
  const subscription = feed.subscribe({ error: (error: unknown) => process.stderr.write(`${venue} ${kind}: ${String(error)}\n`) });
  await firstValueFrom(timer(ms).pipe(take(1)));
  subscription.unsubscribe();
  return lines;
}

/** The units of `kind` a frame carries: trades, or liquidations (a derivative ticker is counted from what the replay emits). */
function unitsIn(venue: BenchVenue, kind: Kind, frame: unknown): number {
  const f = frame as { topic?: string; data?: unknown; stream?: string };
  if (venue === 'binance_usdm') return typeof f.stream === 'string' && f.stream.endsWith(kind === 'trade' ? '@aggTrade' : '@forceOrder') ? 1 : 0;
  const prefix = kind === 'trade' ? 'publicTrade.' : 'allLiquidation.';
  return String(f.topic).startsWith(prefix) && Array.isArray(f.data) ? f.data.length : 0;
}

/** CPU µs per record of `kind` of the least of 5 replays (after a warm-up), and how many records each replay made. */
async function cpuPer(lines: readonly CaptureLine[], venue: BenchVenue, kind: Kind, units: number | undefined): Promise<{ cpu: number; count: number }> {
  const flags = { coins: COINS.join(','), quote: QUOTE, klines: 'false', markets: venue === 'bybit' ? 'spot' : 'linear' };
  const warm = await replayInProcess(lines, flags, { venue });
  const made = warm.events.get(kind) ?? 0;
  const count = units ?? made;
  if (count === 0 || made < count) throw new Error(`${venue}: ${made} ${kind} records of ${count}`);
  const runs: number[] = [];
  for (let r = 0; r < 5; r++) runs.push((await replayInProcess(lines, flags, { venue })).cpuUs / count);
  return { cpu: Math.min(...runs), count };
}

export async function benchPerpetuals(recordMs: number): Promise<BenchRow[]> {
  const sim = await startSimulator({ venues: ['bybit', 'bybit_linear', 'binance_usdm'], coins: COINS, quote: QUOTE, tradesPerSecond: 100, limits: false });
  // Swings of 3 % each way every 2 s: liquidations on both sides all through the recording.
  let down = true;
  const swings = setInterval(() => {
    for (const venue of ['bybit_linear', 'binance_usdm'] as const)
      sim.control.movePrice(venue, { pct: down ? -3 : 3, durationMs: 1500, buyRatio: down ? 0.1 : 0.9 });
    down = !down;
  }, 2000);
  const rows: BenchRow[] = [];
  const row = (venue: BenchVenue, kind: Kind, lines: readonly CaptureLine[], cpu: number, count: number, baseline: number): void =>
    void rows.push({
      bench: 'perpetuals',
      metric: `${venue}: CPU per ${kind.replace('_', ' ')} (${count} in ${lines.length} frames)`,
      value: cpu,
      unit: `µs/${kind === 'trade' ? 'trade' : kind === 'liquidation' ? 'liquidation' : 'ticker'}`,
      baseline: { name: 'JSON.parse of the frames', value: baseline },
    });
  try {
    // Spot's trades after linear's, so that neither pays for the replay's first compilation alone.
    const cases: readonly (readonly [BenchVenue, Kind])[] = [
      ['bybit_linear', 'trade'],
      ['bybit', 'trade'],
      ['bybit_linear', 'derivative_ticker'],
      ['bybit_linear', 'liquidation'],
      ['binance_usdm', 'trade'],
      ['binance_usdm', 'derivative_ticker'],
      ['binance_usdm', 'liquidation'],
    ];
    for (const [venue, kind] of cases) {
      // Binance's mark price and sampled liquidations come once a second per symbol at most: recorded 3 times longer.
      const lines = await record(sim, venue, kind, venue === 'binance_usdm' && kind !== 'trade' ? 3 * recordMs : recordMs);
      const counted = kind === 'derivative_ticker' ? undefined : lines.reduce((n, line) => n + unitsIn(venue, kind, JSON.parse(line.frame)), 0);
      const { cpu, count } = await cpuPer(lines, venue, kind, counted);
      row(venue, kind, lines, cpu, count, parseOnly(lines, lines.length, () => 1) * (lines.length / count));
    }
  } finally {
    clearInterval(swings);
    await sim.close();
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(formatTable(await benchPerpetuals(Number(process.argv[2] ?? process.env.BENCH_PERPETUALS_MS ?? 6000))));
}
