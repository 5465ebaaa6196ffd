/**
 * CPU per trade and per book message of Hyperliquid (`hyperliquid`, perpetuals) beside Bybit linear's
 * (`bybit_linear`), in the same run: frames recorded from the simulator's venues (one socket per kind
 * of stream: Hyperliquid's `trades` and `l2Book`, a whole 20-level snapshot each message; Bybit's
 * `publicTrade` and `orderbook.50`, a snapshot then deltas), then replayed in this process through the
 * frame decoder, the venue's book rule, the operators and Avro encoding of every record
 * (`in-process-replay.ts`). Hyperliquid's symbols are coins (`BTC`) at USDC, keyed `BTC-USDC-PERP`.
 * Measured from the line after each row's openings: Bybit's book snapshot; Hyperliquid's first message
 * of each coin on the socket (the `trades` backlog, which the product never publishes, and the first
 * book), so that no backlog trade is counted. Every unit counted in the measured frames (a trade, a
 * Hyperliquid snapshot, a Bybit book update) must come out as a record there, or the bench throws.
 * Every row is replayed once before any is measured, then in 5 rounds (each row once a round), its
 * least CPU kept. Baseline: `JSON.parse` of the same frames, the least of 5 passes. The simulated
 * venue pushes `l2Book` every 100 ms here (`l2BookIntervalMs`; 5 s by default, as the venue does now).
 * `npx tsx bench/hyperliquid.ts [recordMs]`.
 */
import { recordVenueFrames } from './record-venue-frames.js';
import { fileURLToPath } from 'node:url';
import type { CaptureLine } from '../src/capture/capture-line.js';
import { VENUES } from '../src/exchanges/venues.js';
import { startSimulator, type RunningSimulator } from '../simulator/start-simulator.js';
import { formatTable, type BenchRow } from './bench-report.js';
import { parseOnly, replayInProcess, type ReplayCpu } from './in-process-replay.js';

const COINS = ['BTC', 'ETH', 'SOL', 'XRP', 'DOGE', 'ADA', 'AVAX', 'LINK'];
const BENCH_VENUES = ['hyperliquid', 'bybit_linear'] as const;
type BenchVenue = (typeof BENCH_VENUES)[number];
type Kind = 'trade' | 'order_book';
const QUOTE: Readonly<Record<BenchVenue, string>> = { hyperliquid: 'USDC', bybit_linear: 'USDT' };

/** Hyperliquid's `l2Book` interval while recording, ms: 10 snapshots a second a coin, as OKX's 100 ms books in `okx.ts`. */
const L2BOOK_INTERVAL_MS = 100;

/**
 * Hyperliquid subscribes one topic a request, 3 requests a second (`HYPERLIQUID_CONNECTION_LIMITS`):
 * its 8 coins take 2.7 s, recorded on top of `recordMs` so that its measured part is as long as Bybit's.
 */
const HYPERLIQUID_SUBSCRIBE_MS = 3000;

interface HyperliquidFrame {
  readonly channel?: string;
  readonly data?: unknown;
}
interface BybitFrame {
  readonly topic?: string;
  readonly type?: string;
  readonly data?: unknown;
}

/** The channel, and coin, of a Hyperliquid data message (`trades`: the coin of its first trade; an empty backlog names none). */
function hyperliquidMessage(frame: unknown): { readonly channel: string; readonly coin: string | undefined; readonly trades: number } {
  const { channel = '', data } = frame as HyperliquidFrame;
  if (Array.isArray(data)) return { channel, coin: (data[0] as { coin?: string } | undefined)?.coin, trades: channel === 'trades' ? data.length : 0 };
  return { channel, coin: (data as { coin?: string } | undefined)?.coin, trades: 0 };
}

/** Units a frame carries: trades (Hyperliquid `trades`, Bybit `publicTrade`), or book messages (a snapshot; a Bybit delta). */
function unitsIn(venue: BenchVenue, kind: Kind, frame: unknown): number {
  if (venue === 'hyperliquid') {
    const message = hyperliquidMessage(frame);
    return kind === 'trade' ? message.trades : message.channel === 'l2Book' ? 1 : 0;
  }
  const f = frame as BybitFrame;
  if (kind === 'trade') return String(f.topic).startsWith('publicTrade.') && Array.isArray(f.data) ? f.data.length : 0;
  return String(f.topic).startsWith('orderbook.') && f.type === 'delta' ? 1 : 0;
}

/**
 * The line after the row's last opening: Bybit's last book snapshot; Hyperliquid's last first message
 * of a coin on its socket (the product drops the `trades` one as backlog: after an empty backlog, the
 * coin's first message naming it, as the product does). 0 for Bybit's trades.
 */
function measuredFrom(venue: BenchVenue, kind: Kind, lines: readonly CaptureLine[]): number {
  if (venue === 'bybit_linear') return kind === 'trade' ? 0 : lines.reduce((last, line, n) => (line.frame.includes('"snapshot"') ? n + 1 : last), 0);
  const channel = kind === 'trade' ? 'trades' : 'l2Book';
  const opened = new Set<string>();
  let from = 0;
  for (const [n, line] of lines.entries()) {
    const message = hyperliquidMessage(JSON.parse(line.frame));
    if (message.channel !== channel || message.coin === undefined || opened.has(`${line.connectionId} ${message.coin}`)) continue;
    opened.add(`${line.connectionId} ${message.coin}`);
    from = n + 1;
  }
  return from;
}

/** One row's frames, recorded, and how to replay them. */
interface Recorded {
  readonly venue: BenchVenue;
  readonly kind: Kind;
  readonly lines: readonly CaptureLine[];
  /** The first line measured. */
  readonly from: number;
  /** The units counted in the measured frames. */
  readonly counted: number;
  readonly replay: () => Promise<ReplayCpu>;
}

async function recorded(sim: RunningSimulator, venue: BenchVenue, kind: Kind, recordMs: number): Promise<Recorded> {
  const ms = venue === 'hyperliquid' ? recordMs + HYPERLIQUID_SUBSCRIBE_MS : recordMs;
  const lines = await recordVenueFrames({ venue, url: sim.urls[venue], coins: COINS, quote: QUOTE[venue], record: kind, ms });
  const from = measuredFrom(venue, kind, lines);
  const counted = lines.slice(from).reduce((n, line) => n + unitsIn(venue, kind, JSON.parse(line.frame)), 0);
  const flags = {
    coins: COINS.join(','),
    quote: QUOTE[venue],
    klines: 'false',
    markets: VENUES[venue].market,
    ...(kind === 'order_book' ? { books: 'all' } : {}),
  };
  return { venue, kind, lines, from, counted, replay: () => replayInProcess(lines, flags, { venue, measureFrom: from }) };
}

/** The units of one replay (a warm-up): every unit counted from line `from` on must have come out as one record of `kind` there. */
async function checkedUnits({ venue, kind, counted, replay }: Recorded): Promise<number> {
  const made = (await replay()).measured.get(kind) ?? 0;
  if (counted === 0 || made !== counted) throw new Error(`${venue}: ${made} ${kind} records of ${counted}`);
  return counted;
}

/** Rounds of replays: each row replayed once a round, its least CPU kept. */
const ROUNDS = 5;

const unitOf = (venue: BenchVenue, kind: Kind): string => (kind === 'trade' ? 'trade' : venue === 'hyperliquid' ? 'book snapshot' : 'book update');

export async function benchHyperliquid(recordMs: number): Promise<BenchRow[]> {
  const sim = await startSimulator({
    venues: [...BENCH_VENUES],
    coins: COINS,
    tradesPerSecond: 100,
    limits: false,
    venueOptions: { hyperliquid: { l2BookIntervalMs: L2BOOK_INTERVAL_MS } },
  });
  const cases: readonly (readonly [BenchVenue, Kind])[] = [
    ['hyperliquid', 'trade'],
    ['bybit_linear', 'trade'],
    ['hyperliquid', 'order_book'],
    ['bybit_linear', 'order_book'],
  ];
  const rows: Recorded[] = [];
  try {
    for (const [venue, kind] of cases) rows.push(await recorded(sim, venue, kind, recordMs));
  } finally {
    await sim.close();
  }
  // Every row checked (one replay each) before any is measured: the process's first replays are slower, and no row should pay for its place.
  const counts: number[] = [];
  for (const row of rows) counts.push(await checkedUnits(row));
  const least = rows.map(() => Infinity);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [n, row] of rows.entries()) least[n] = Math.min(least[n] ?? Infinity, (await row.replay()).cpuUs / (counts[n] ?? 1));
  }
  return rows.map((row, n): BenchRow => {
    const count = counts[n] ?? 0;
    const measured = row.lines.slice(row.from);
    const unitsOf = (frame: unknown): number => unitsIn(row.venue, row.kind, frame);
    const baseline = Math.min(...Array.from({ length: 5 }, () => parseOnly(measured, count, unitsOf)));
    const unit = unitOf(row.venue, row.kind);
    return {
      bench: 'hyperliquid',
      metric: `${row.venue}: CPU per ${unit} (${count} in ${measured.length} frames)`,
      value: least[n] ?? 0,
      unit: `µs/${unit.replace('book ', '')}`,
      baseline: { name: 'JSON.parse of the frames', value: baseline },
    };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(formatTable(await benchHyperliquid(Number(process.argv[2] ?? process.env.BENCH_HYPERLIQUID_MS ?? 6000))));
}
