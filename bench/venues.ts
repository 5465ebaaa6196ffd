/**
 * CPU per trade and per book update of each venue's path through the whole pipeline, Bybit beside
 * Coinbase and Kraken, in the same run: frames recorded from the simulator's three venues (their
 * own framing: Bybit's batched `publicTrade` and `orderbook.50` deltas, Coinbase's `market_trades`
 * and `l2_data` with its connection-wide `sequence_num`, Kraken's `trade` and checksummed `book`
 * updates), then replayed in this process through the frame decoder, the venue's book rule, the
 * operators and Avro encoding of every record (`in-process-replay.ts`). Baseline: `JSON.parse` of the
 * same frames. CPU of the book runs is counted from the first update after the last snapshot.
 * `npx tsx bench/venues.ts [recordMs]`.
 */
import { recordVenueFrames } from './record-venue-frames.js';
import { fileURLToPath } from 'node:url';
import type { CaptureLine } from '../src/capture/capture-line.js';
import type { ExchangeId } from '../src/model/index.js';
import { startSimulator, type RunningSimulator } from '../simulator/start-simulator.js';
import { formatTable, type BenchRow } from './bench-report.js';
import { parseOnly, replayInProcess } from './in-process-replay.js';

const COINS = ['BTC', 'ETH', 'SOL', 'XRP', 'DOGE', 'ADA', 'AVAX', 'LINK', 'DOT', 'LTC'];
const QUOTE = 'USDT';
const VENUES = ['bybit', 'coinbase', 'kraken'] as const;
type BenchVenue = (typeof VENUES)[number];

const urlOf = (sim: RunningSimulator, venue: BenchVenue): string => sim.urls[venue];

/** Trades a frame of `venue` carries. */
function tradesIn(venue: BenchVenue, frame: unknown): number {
  const f = frame as { data?: unknown; events?: readonly { trades?: readonly unknown[] }[]; channel?: string };
  if (venue === 'coinbase') return f.channel === 'market_trades' ? (f.events ?? []).reduce((n, e) => n + (e.trades?.length ?? 0), 0) : 0;
  if (venue === 'kraken') return f.channel === 'trade' && Array.isArray(f.data) ? f.data.length : 0;
  return Array.isArray(f.data) && String((frame as { topic?: string }).topic).startsWith('publicTrade.') ? f.data.length : 0;
}

/** Whether a frame of `venue` is a book update (not a snapshot). */
function isUpdate(venue: BenchVenue, frame: unknown): boolean {
  const f = frame as { type?: string; topic?: string; channel?: string; events?: readonly { type?: string }[] };
  if (venue === 'coinbase') return f.channel === 'l2_data' && f.events?.[0]?.type === 'update';
  if (venue === 'kraken') return f.channel === 'book' && f.type === 'update';
  return String(f.topic).startsWith('orderbook.50.') && f.type === 'delta';
}

const isSnapshot = (line: CaptureLine): boolean => line.frame.includes('"snapshot"');

/**
 * CPU µs per unit of the least of 5 replays (after one warm-up); every unit must have come out as a
 * record of `kind` (a trade, a book view: a book that resynced instead would not count as kept).
 */
async function cpuPer(
  lines: readonly CaptureLine[],
  venue: ExchangeId,
  flags: Readonly<Record<string, string>>,
  units: number,
  measureFrom: number,
  kind: 'trade' | 'order_book',
): Promise<number> {
  const warm = await replayInProcess(lines, flags, { venue, measureFrom });
  if ((warm.events.get(kind) ?? 0) < units) throw new Error(`${venue}: ${warm.events.get(kind) ?? 0} ${kind} records of ${units}`);
  const runs: number[] = [];
  for (let r = 0; r < 5; r++) runs.push((await replayInProcess(lines, flags, { venue, measureFrom })).cpuUs / units);
  return Math.min(...runs);
}

export async function benchVenues(recordMs: number): Promise<BenchRow[]> {
  const sim = await startSimulator({
    venues: [...VENUES],
    coins: COINS,
    quote: QUOTE,
    tradesPerSecond: 100,
    tickerIntervalMs: 60_000,
    bookDepth: 200,
    limits: false,
  });
  const rows: BenchRow[] = [];
  try {
    for (const venue of VENUES) {
      const flags = { coins: COINS.join(','), quote: QUOTE, klines: 'false' };
      const trades = await recordVenueFrames({ venue, url: urlOf(sim, venue), coins: COINS, quote: QUOTE, record: 'trade', ms: recordMs });
      const tradeCount = trades.reduce((n, line) => n + tradesIn(venue, JSON.parse(line.frame)), 0);
      const tradeCpu = await cpuPer(trades, venue, flags, tradeCount, 0, 'trade');
      rows.push({
        bench: 'venues',
        metric: `${venue}: CPU per trade (${tradeCount} trades in ${trades.length} frames)`,
        value: tradeCpu,
        unit: 'µs/trade',
        baseline: { name: 'JSON.parse of the frames', value: parseOnly(trades, tradeCount, (frame) => tradesIn(venue, frame)) },
      });

      const books = await recordVenueFrames({ venue, url: urlOf(sim, venue), coins: COINS, quote: QUOTE, record: 'order_book', ms: recordMs });
      const from = books.reduce((last, line, n) => (isSnapshot(line) ? n + 1 : last), 0);
      const measured = books.slice(from);
      const updates = measured.filter((line) => isUpdate(venue, JSON.parse(line.frame))).length;
      const bookCpu = await cpuPer(books, venue, { ...flags, books: 'all' }, updates, from, 'order_book');
      rows.push({
        bench: 'venues',
        metric: `${venue}: CPU per book update (${updates} updates over ${COINS.length} books)`,
        value: bookCpu,
        unit: 'µs/update',
        baseline: { name: 'JSON.parse of the frames', value: parseOnly(measured, updates, (frame) => (isUpdate(venue, frame) ? 1 : 0)) },
      });
    }
  } finally {
    await sim.close();
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(formatTable(await benchVenues(Number(process.argv[2] ?? process.env.BENCH_VENUES_MS ?? 6000))));
}
