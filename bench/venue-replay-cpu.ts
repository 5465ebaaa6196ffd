/**
 * CPU per unit (a trade, a book message, a derivative ticker) of venues' frames recorded from the
 * simulator and replayed in this process, each row beside the others of the same run: what `okx.ts`,
 * `inverse.ts`, `hyperliquid.ts` and `bitget.ts` share; they differ in their venues and in what a frame
 * counts. One socket per row records its venue's streams of one record kind (`record-venue-frames.ts`),
 * the simulator is closed, and each row's frames go through the frame decoder, the venue's book rule or
 * ticker merge, the operators and Avro encoding of every record (`in-process-replay.ts`), measured from
 * the row's first measured line. Every unit counted there must come out as one record of the row's kind,
 * or the bench throws. Every row is replayed once before any is measured, then in 5 rounds (each row
 * once a round), its least CPU kept. Baseline: `JSON.parse` of the same frames, the least of 5 passes.
 */
import type { CaptureLine } from '../src/capture/capture-line.js';
import type { VenueSymbol } from '../src/exchanges/adapter-config.js';
import { VENUES } from '../src/exchanges/venues.js';
import type { ExchangeId } from '../src/model/index.js';
import type { VenueListing } from '../src/model/instrument.js';
import type { SimVenueName } from '../simulator/sim-venues.js';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../simulator/start-simulator.js';
import type { BenchRow } from './bench-report.js';
import { parseOnly, replayInProcess, type ReplayCpu } from './in-process-replay.js';
import { recordVenueFrames } from './record-venue-frames.js';

/** The coins every venue row follows. */
export const BENCH_COINS: readonly string[] = ['BTC', 'ETH', 'SOL', 'XRP', 'DOGE', 'ADA', 'AVAX', 'LINK'];

/** A venue both simulated and fed. */
export type BenchVenue = SimVenueName & ExchangeId;
export type BenchKind = 'trade' | 'order_book' | 'derivative_ticker';

/** One row: a venue's frames of one record kind, and what they count. */
export interface VenueCase {
  readonly venue: BenchVenue;
  readonly kind: BenchKind;
  /** The quote the venue lists the coins at. */
  readonly quote: string;
  /** How long its frames are recorded, ms. */
  readonly ms: number;
  /** The units (trades, book updates, ticker pushes) a parsed frame carries. */
  readonly unitsIn: (frame: unknown) => number;
  /** The first line measured; default the line after the last snapshot on a book row (the first update), 0 otherwise. */
  readonly measuredFrom?: (lines: readonly CaptureLine[]) => number;
  /** The units are the records the replay makes, not counted in the frames (Bybit's derivative tickers: a frame of best bid/ask alone makes none). */
  readonly recordsAreUnits?: boolean;
  /** The instruments followed, named by the venue's list, instead of the coins at `quote` (Binance COIN-M's perpetuals). */
  readonly instruments?: (listings: readonly VenueListing[]) => readonly VenueSymbol[];
  /** The unit's name in the row (`book snapshot`); default by kind: `trade`, `book update`, `derivative ticker`. */
  readonly unit?: string;
}

export interface VenueReplayBench {
  /** The rows' `bench` column. */
  readonly bench: string;
  /** The simulator's options over the shared ones (the bench's coins, 100 trades/s, no limits, the cases' venues). */
  readonly simulator?: SimulatorOptions;
  /**
   * Whether each venue's instrument list, as the simulated venue answers it, is given to the replay (as
   * `market-feed replay --listings`): contract values and sizes from it, no REST read, as live.
   */
  readonly listings: boolean;
  readonly cases: readonly VenueCase[];
}

/** The line after the last one whose frame says `"snapshot"` (a book's snapshot, a backlog), 0 without one. */
export function afterLastSnapshot(lines: readonly CaptureLine[]): number {
  return lines.reduce((last, line, n) => (line.frame.includes('"snapshot"') ? n + 1 : last), 0);
}

interface BybitFrame {
  readonly topic?: string;
  readonly type?: string;
  readonly data?: unknown;
}

/** Trades a Bybit frame carries (`publicTrade`: a batch). */
export function bybitTradesIn(frame: unknown): number {
  const f = frame as BybitFrame;
  return String(f.topic).startsWith('publicTrade.') && Array.isArray(f.data) ? f.data.length : 0;
}

/** Whether a Bybit frame is a book update (an `orderbook` delta, not a snapshot): 1 or 0. */
export function bybitBookUpdatesIn(frame: unknown): number {
  const f = frame as BybitFrame;
  return String(f.topic).startsWith('orderbook.') && f.type === 'delta' ? 1 : 0;
}

/** Bybit's derivative tickers (`tickers`, linear or inverse): the records made are the units, recorded for `ms`. */
export function bybitTickerCase(venue: 'bybit_linear' | 'bybit_inverse', quote: string, ms: number): VenueCase {
  return { venue, kind: 'derivative_ticker', quote, ms, unitsIn: () => 0, recordsAreUnits: true };
}

/** Bybit's trades and book updates on `venue`, recorded for `ms`. */
export function bybitCase(venue: 'bybit' | 'bybit_linear' | 'bybit_inverse', kind: 'trade' | 'order_book', quote: string, ms: number): VenueCase {
  return { venue, kind, quote, ms, unitsIn: kind === 'trade' ? bybitTradesIn : bybitBookUpdatesIn };
}

/** The venue's instrument list as the simulated venue answers it, read as the feed reads it. */
export async function listingsOf(sim: RunningSimulator, venue: BenchVenue): Promise<readonly VenueListing[]> {
  const { listings } = VENUES[venue].catalog;
  // The simulator answers every venue's REST at one URL, each venue on its own routes.
  const answer: unknown = await (await fetch(`${sim.restUrl}${listings.path}`)).json();
  return listings.read(answer, venue).listings;
}

/** CPU µs per unit of `JSON.parse` of the frames: the least of 5 passes (one pass alone moves by 2x on a shared machine). */
function parseBaseline(lines: readonly CaptureLine[], units: number, count: (frame: unknown) => number): number {
  return Math.min(...Array.from({ length: 5 }, () => parseOnly(lines, units, count)));
}

/** One row's frames, recorded, and how to replay them. */
interface Recorded {
  readonly row: VenueCase;
  readonly lines: readonly CaptureLine[];
  /** The first line measured. */
  readonly from: number;
  /** The units counted in the measured frames; undefined: the records the replay makes. */
  readonly counted: number | undefined;
  readonly replay: () => Promise<ReplayCpu>;
}

/** A row's frames, recorded for its `ms`, and their replay (with the venue's instrument list given, when the bench gives it). */
async function recorded(sim: RunningSimulator, row: VenueCase, givesListings: boolean): Promise<Recorded> {
  const { venue, kind, quote, ms } = row;
  const listings = givesListings || row.instruments !== undefined ? await listingsOf(sim, venue) : undefined;
  const instruments = row.instruments === undefined || listings === undefined ? undefined : row.instruments(listings);
  const lines = await recordVenueFrames({
    venue,
    url: sim.urls[venue],
    coins: BENCH_COINS,
    quote,
    record: kind,
    ms,
    ...(instruments === undefined ? {} : { instruments }),
  });
  const from = row.measuredFrom === undefined ? (kind === 'order_book' ? afterLastSnapshot(lines) : 0) : row.measuredFrom(lines);
  const counted = row.recordsAreUnits === true ? undefined : lines.slice(from).reduce((n, line) => n + row.unitsIn(JSON.parse(line.frame)), 0);
  const flags = {
    coins: BENCH_COINS.join(','),
    quote,
    klines: 'false',
    markets: VENUES[venue].market,
    ...(kind === 'order_book' ? { books: 'all' } : {}),
  };
  const options = { venue, measureFrom: from, ...(givesListings && listings !== undefined ? { listings } : {}) };
  return { row, lines, from, counted, replay: () => replayInProcess(lines, flags, options) };
}

/**
 * The units of one replay (a warm-up): every unit counted from line `from` on must have come out as
 * one record of the row's kind there (a trade, a book view, a derivative ticker), no more, no fewer.
 */
async function checkedUnits({ row: { venue, kind }, counted, replay }: Recorded): Promise<number> {
  const made = (await replay()).measured.get(kind) ?? 0;
  const count = counted ?? made;
  if (count === 0 || made !== count) throw new Error(`${venue}: ${made} ${kind} records of ${count}`);
  return count;
}

/** Rounds of replays: each row replayed once a round, its least CPU kept. */
const ROUNDS = 5;

const UNIT: Readonly<Record<BenchKind, string>> = { trade: 'trade', order_book: 'book update', derivative_ticker: 'derivative ticker' };

/** Every case recorded in one run of the simulator, then replayed: one row each, in the cases' order. */
export async function benchVenueReplays({ bench, simulator, listings, cases }: VenueReplayBench): Promise<BenchRow[]> {
  const venues = [...new Set(cases.map((row) => row.venue))];
  const sim = await startSimulator({ venues, coins: BENCH_COINS, tradesPerSecond: 100, limits: false, ...simulator });
  const rows: Recorded[] = [];
  try {
    for (const row of cases) rows.push(await recorded(sim, row, listings));
  } finally {
    await sim.close();
  }
  // Every row checked (one replay each) before any is measured, then measured in rounds of one replay each: the
  // process's first replays are slower (OKX's trade row measured first, 5 times in a row, came out at 10.1-15.6 µs
  // where the rounds give 8.3-9.2), and no row should pay for its place.
  const counts: number[] = [];
  for (const row of rows) counts.push(await checkedUnits(row));
  const least = rows.map(() => Infinity);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [n, row] of rows.entries()) least[n] = Math.min(least[n] ?? Infinity, (await row.replay()).cpuUs / (counts[n] ?? 1));
  }
  return rows.map(({ row, lines, from, counted }, n): BenchRow => {
    const count = counts[n] ?? 0;
    const measured = lines.slice(from);
    const baseline = counted === undefined ? parseBaseline(lines, lines.length, () => 1) * (lines.length / count) : parseBaseline(measured, count, row.unitsIn);
    const unit = row.unit ?? UNIT[row.kind];
    return {
      bench,
      metric: `${row.venue}: CPU per ${unit} (${count} in ${measured.length} frames)`,
      value: least[n] ?? 0,
      unit: `µs/${unit.slice(unit.lastIndexOf(' ') + 1)}`,
      baseline: { name: 'JSON.parse of the frames', value: baseline },
    };
  });
}
