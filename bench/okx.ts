/**
 * CPU per trade, per book update and per derivative ticker of OKX (spot `okx`, swaps `okx_swap`)
 * beside Bybit's (spot `bybit`, linear `bybit_linear`), in the same run: frames recorded from the
 * simulator's venues (one socket per kind of stream: OKX's `trades-all` on `/business`, `books` (a
 * 400-level snapshot, then 100 ms increments chained by `seqId`) and the swaps' four ticker channels
 * (`funding-rate`, `mark-price`, `index-tickers`, `open-interest`); Bybit's `publicTrade`,
 * `orderbook.50` and linear `tickers`), then replayed in this process through the frame decoder, the
 * venue's book rule or ticker merge, the operators and Avro encoding of every record
 * (`in-process-replay.ts`). The swaps' sizes are contracts: the replay is given the simulated venue's
 * own instrument list (as `market-feed replay --listings`), so that the shard planned from it tells
 * the replayed feed each instrument's contract value (`ctVal`), as live. Every unit counted in the
 * frames (a trade, a book update, a push of one of OKX's four ticker channels) must come out as a
 * record, or the bench throws. Every row is recorded and replayed once before any is measured, then
 * replayed in 5 rounds (each row once a round), its least CPU kept. Baseline: `JSON.parse` of the
 * same frames, the least of 5 passes. CPU of the book runs is counted from the first update after the
 * last snapshot. `npx tsx bench/okx.ts [recordMs]`.
 */
import { recordVenueFrames } from './record-venue-frames.js';
import { fileURLToPath } from 'node:url';
import type { CaptureLine } from '../src/capture/capture-line.js';
import { VENUES } from '../src/exchanges/venues.js';
import type { VenueListing } from '../src/model/instrument.js';
import { startSimulator, type RunningSimulator } from '../simulator/start-simulator.js';
import { formatTable, type BenchRow } from './bench-report.js';
import { parseOnly, replayInProcess, type ReplayCpu } from './in-process-replay.js';

const COINS = ['BTC', 'ETH', 'SOL', 'XRP', 'DOGE', 'ADA', 'AVAX', 'LINK'];
const QUOTE = 'USDT';
const BENCH_VENUES = ['okx', 'bybit', 'okx_swap', 'bybit_linear'] as const;
type BenchVenue = (typeof BENCH_VENUES)[number];
type Kind = 'trade' | 'order_book' | 'derivative_ticker';

const urlOf = (sim: RunningSimulator, venue: BenchVenue): string => sim.urls[venue];

/** The venue's instrument list as the simulated venue answers it (contract values included), read as the feed reads it. */
async function listingsOf(sim: RunningSimulator, venue: BenchVenue): Promise<readonly VenueListing[]> {
  const { listings } = VENUES[venue].catalog;
  // The simulator answers every venue's REST at one URL, each venue on its own routes.
  const answer: unknown = await (await fetch(`${sim.restUrl}${listings.path}`)).json();
  return listings.read(answer, venue).listings;
}

interface OkxFrame {
  readonly arg?: { readonly channel?: string };
  readonly action?: string;
  readonly data?: readonly unknown[];
}
interface BybitFrame {
  readonly topic?: string;
  readonly type?: string;
  readonly data?: unknown;
}

/** Trades a frame carries (OKX `trades-all`: one a message; Bybit `publicTrade`: a batch). */
function tradesIn(venue: BenchVenue, frame: unknown): number {
  if (venue === 'okx' || venue === 'okx_swap') {
    const f = frame as OkxFrame;
    return f.arg?.channel === 'trades-all' ? (f.data?.length ?? 0) : 0;
  }
  const f = frame as BybitFrame;
  return String(f.topic).startsWith('publicTrade.') && Array.isArray(f.data) ? f.data.length : 0;
}

/** Whether a frame is a book update (not a snapshot). */
function isUpdate(venue: BenchVenue, frame: unknown): boolean {
  if (venue === 'okx' || venue === 'okx_swap') {
    const f = frame as OkxFrame;
    return f.arg?.channel === 'books' && f.action === 'update';
  }
  const f = frame as BybitFrame;
  return String(f.topic).startsWith('orderbook.') && f.type === 'delta';
}

const isSnapshot = (line: CaptureLine): boolean => line.frame.includes('"snapshot"');

/** The four channels OKX merges into a swap's derivative ticker (docs: "Funding rate", "Mark price", "Index tickers", "Open interest" channels). */
const OKX_TICKER_CHANNELS: ReadonlySet<string> = new Set(['funding-rate', 'mark-price', 'index-tickers', 'open-interest']);

/** Pushes of OKX's ticker channels a frame carries (each merged into one `derivative_ticker`; acks carry none). */
function tickerPushesIn(frame: unknown): number {
  const f = frame as OkxFrame;
  return OKX_TICKER_CHANNELS.has(f.arg?.channel ?? '') ? (f.data?.length ?? 0) : 0;
}

/** CPU µs per unit of `JSON.parse` of the frames: the least of 5 passes (one pass alone moves by 2x on a shared machine). */
function parseBaseline(lines: readonly CaptureLine[], units: number, count: (frame: unknown) => number): number {
  return Math.min(...Array.from({ length: 5 }, () => parseOnly(lines, units, count)));
}

/** One row's frames, recorded, and how to replay them. */
interface Recorded {
  readonly venue: BenchVenue;
  readonly kind: Kind;
  readonly lines: readonly CaptureLine[];
  /** The first line measured (the first update after the last snapshot on a book run; 0 otherwise). */
  readonly from: number;
  readonly unitsOf: (frame: unknown) => number;
  /** The units counted in the measured frames; undefined: the records the replay makes (Bybit's linear tickers). */
  readonly counted: number | undefined;
  readonly replay: () => Promise<ReplayCpu>;
}

/** Frames of `venue` for one record kind, recorded for `ms`, and their replay with the venue's instrument list given. */
async function recorded(sim: RunningSimulator, venue: BenchVenue, kind: Kind, ms: number): Promise<Recorded> {
  const listings = await listingsOf(sim, venue);
  const lines = await recordVenueFrames({ venue, url: urlOf(sim, venue), coins: COINS, quote: QUOTE, record: kind, ms });
  const from = kind === 'order_book' ? lines.reduce((last, line, n) => (isSnapshot(line) ? n + 1 : last), 0) : 0;
  const unitsOf = (frame: unknown): number =>
    kind === 'trade' ? tradesIn(venue, frame) : kind === 'order_book' ? (isUpdate(venue, frame) ? 1 : 0) : tickerPushesIn(frame);
  // Bybit's linear tickers: the records made are the units (a frame of best bid/ask alone makes none).
  const counted =
    venue === 'bybit_linear' && kind === 'derivative_ticker' ? undefined : lines.slice(from).reduce((n, line) => n + unitsOf(JSON.parse(line.frame)), 0);
  const flags = {
    coins: COINS.join(','),
    quote: QUOTE,
    klines: 'false',
    markets: VENUES[venue].market,
    ...(kind === 'order_book' ? { books: 'all' } : {}),
  };
  // The list given, as `market-feed replay --listings` gives it: the swaps sized with its contract values, no REST read.
  const options = { venue, measureFrom: from, listings };
  return { venue, kind, lines, from, unitsOf, counted, replay: () => replayInProcess(lines, flags, options) };
}

/**
 * The units of one replay (a warm-up): every unit counted from line `from` on must have come out as
 * one record of `kind` there (a trade, a book view, a merged derivative ticker), no more, no fewer.
 */
async function checkedUnits({ venue, kind, counted, replay }: Recorded): Promise<number> {
  const made = (await replay()).measured.get(kind) ?? 0;
  const count = counted ?? made;
  if (count === 0 || made !== count) throw new Error(`${venue}: ${made} ${kind} records of ${count}`);
  return count;
}

/** Rounds of replays: each row replayed once a round, its least CPU kept. */
const ROUNDS = 5;

const UNIT: Readonly<Record<Kind, string>> = { trade: 'µs/trade', order_book: 'µs/update', derivative_ticker: 'µs/ticker' };

export async function benchOkx(recordMs: number): Promise<BenchRow[]> {
  const sim = await startSimulator({ venues: [...BENCH_VENUES], coins: COINS, quote: QUOTE, tradesPerSecond: 100, limits: false });
  const cases: readonly (readonly [BenchVenue, Kind])[] = [
    ['okx', 'trade'],
    ['bybit', 'trade'],
    ['okx_swap', 'trade'],
    ['bybit_linear', 'trade'],
    ['okx', 'order_book'],
    ['bybit', 'order_book'],
    ['okx_swap', 'derivative_ticker'],
    ['bybit_linear', 'derivative_ticker'],
  ];
  const rows: Recorded[] = [];
  try {
    // OKX pushes funding every 30 to 90 s (the simulator at subscribe, then every 30 s) and open interest every 3 s:
    // tickers are recorded 3 times longer, so that every channel is in the mix (mark every 200 ms and index every 100 ms dominate it).
    for (const [venue, kind] of cases) rows.push(await recorded(sim, venue, kind, kind === 'derivative_ticker' ? 3 * recordMs : recordMs));
  } finally {
    await sim.close();
  }
  // Every row checked (one replay each) before any is measured, then measured in rounds of one replay each: the
  // process's first replays are slower (the trade row measured first, 5 times in a row, came out at 10.1-15.6 µs where
  // the rounds give 8.3-9.2), and no row should pay for its place.
  const counts: number[] = [];
  for (const row of rows) counts.push(await checkedUnits(row));
  const least = rows.map(() => Infinity);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [n, row] of rows.entries()) least[n] = Math.min(least[n] ?? Infinity, (await row.replay()).cpuUs / (counts[n] ?? 1));
  }
  const results: BenchRow[] = [];
  for (const [n, row] of rows.entries()) {
    const count = counts[n] ?? 0;
    const measured = row.lines.slice(row.from);
    const baseline =
      row.counted === undefined
        ? parseBaseline(row.lines, row.lines.length, () => 1) * (row.lines.length / count)
        : parseBaseline(measured, count, row.unitsOf);
    results.push({
      bench: 'okx',
      metric: `${row.venue}: CPU per ${row.kind === 'order_book' ? 'book update' : row.kind.replace('_', ' ')} (${count} in ${measured.length} frames)`,
      value: least[n] ?? 0,
      unit: UNIT[row.kind],
      baseline: { name: 'JSON.parse of the frames', value: baseline },
    });
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(formatTable(await benchOkx(Number(process.argv[2] ?? process.env.BENCH_OKX_MS ?? 6000))));
}
