/**
 * CPU per trade, per book update and per derivative ticker of the inverse venues, Bybit inverse
 * (`bybit_inverse`) and Binance COIN-M (`binance_coinm`), beside Bybit spot (`bybit`) and linear
 * (`bybit_linear`), in the same run: frames recorded from the simulator's venues (whose frames the
 * specs hold to the recorded and documented ones in `test/fixtures/exchange-frames/`: Bybit's
 * `publicTrade`, `orderbook.50` and derivatives' `tickers` on `/v5/public/{spot,linear,inverse}`;
 * Binance COIN-M's `aggTrade` and `markPrice@1s` on `/coinm/stream`), then replayed in this process
 * through the frame decoder, the venue's book rule or ticker merge, the operators and Avro encoding of
 * every record (`in-process-replay.ts`). The inverse venues' sizes are contracts told in the coin: the
 * replay is given the simulated venue's own instrument list (as `market-feed replay --listings`), so
 * that Binance COIN-M's contract sizes (100 USD BTC, 10 USD the others) are known, as live. Binance
 * COIN-M's books are left out: they start from a REST snapshot (`/dapi/v1/depth`), which a replay
 * does not fetch, so none goes live. Every unit counted in the frames (a trade, a book update, a mark
 * price push) must come out as one record, or the bench throws (Bybit's derivative tickers: the records
 * made are the units). Every row is recorded and replayed once before any is measured, then replayed
 * in 5 rounds (each row once a round), its least CPU kept. Baseline: `JSON.parse` of the same frames,
 * the least of 5 passes. CPU of the book runs is counted from the first update after the last
 * snapshot. `npx tsx bench/inverse.ts [recordMs]`.
 */
import { recordVenueFrames } from './record-venue-frames.js';
import { fileURLToPath } from 'node:url';
import type { CaptureLine } from '../src/capture/capture-line.js';
import type { VenueSymbol } from '../src/exchanges/adapter-config.js';
import { VENUES } from '../src/exchanges/venues.js';
import type { VenueListing } from '../src/model/instrument.js';
import { startSimulator, type RunningSimulator } from '../simulator/start-simulator.js';
import { formatTable, type BenchRow } from './bench-report.js';
import { parseOnly, replayInProcess, type ReplayCpu } from './in-process-replay.js';

const COINS = ['BTC', 'ETH', 'SOL', 'XRP', 'DOGE', 'ADA', 'AVAX', 'LINK'];
const BENCH_VENUES = ['bybit', 'bybit_linear', 'bybit_inverse', 'binance_coinm'] as const;
type BenchVenue = (typeof BENCH_VENUES)[number];
type Kind = 'trade' | 'order_book' | 'derivative_ticker';

/** The quote the venue lists the coins at: the inverse venues' contracts are USD (`BTCUSD`, `BTCUSD_PERP`). */
const quoteOf = (venue: BenchVenue): string => (venue === 'bybit_inverse' || venue === 'binance_coinm' ? 'USD' : 'USDT');

const urlOf = (sim: RunningSimulator, venue: BenchVenue): string => sim.urls[venue];

/** The venue's instrument list as the simulated venue answers it (contract sizes included), read as the feed reads it. */
async function listingsOf(sim: RunningSimulator, venue: BenchVenue): Promise<readonly VenueListing[]> {
  const { listings } = VENUES[venue].catalog;
  // The simulator answers every venue's REST at one URL, each venue on its own routes.
  const answer: unknown = await (await fetch(`${sim.restUrl}${listings.path}`)).json();
  return listings.read(answer, venue).listings;
}

/** The listed perpetuals of the bench's coins, as the feed is told them (contract value and instrument key with each). */
function perpetualsOf(listings: readonly VenueListing[]): readonly VenueSymbol[] {
  return listings
    .filter((l) => l.state === 'trading' && COINS.includes(l.base) && l.symbol.endsWith('_PERP'))
    .map(({ symbol, base, quote, contractValue, key }) => ({
      symbol,
      coin: base,
      quote,
      ...(contractValue === undefined ? {} : { contractValue }),
      ...(key === undefined ? {} : { instrument: key }),
    }));
}

interface BybitFrame {
  readonly topic?: string;
  readonly type?: string;
  readonly data?: unknown;
}
/** A combined-stream frame of Binance (`{stream, data}`). */
interface BinanceFrame {
  readonly data?: { readonly e?: string };
}

/** Trades a frame carries (Bybit `publicTrade`: a batch; Binance COIN-M `aggTrade`: one a frame). */
function tradesIn(venue: BenchVenue, frame: unknown): number {
  if (venue === 'binance_coinm') return (frame as BinanceFrame).data?.e === 'aggTrade' ? 1 : 0;
  const f = frame as BybitFrame;
  return String(f.topic).startsWith('publicTrade.') && Array.isArray(f.data) ? f.data.length : 0;
}

/** Whether a Bybit frame is a book update (not a snapshot). */
function isUpdate(frame: unknown): boolean {
  const f = frame as BybitFrame;
  return String(f.topic).startsWith('orderbook.') && f.type === 'delta';
}

/** Mark price pushes of Binance COIN-M a frame carries (each one `derivative_ticker`). */
const markPushesIn = (frame: unknown): number => ((frame as BinanceFrame).data?.e === 'markPriceUpdate' ? 1 : 0);

const isSnapshot = (line: CaptureLine): boolean => line.frame.includes('"snapshot"');

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
  /** The units counted in the measured frames; undefined: the records the replay makes (Bybit's derivative tickers). */
  readonly counted: number | undefined;
  readonly replay: () => Promise<ReplayCpu>;
}

/** Frames of `venue` for one record kind, recorded for `ms`, and their replay with the venue's instrument list given. */
async function recorded(sim: RunningSimulator, venue: BenchVenue, kind: Kind, ms: number): Promise<Recorded> {
  const listings = await listingsOf(sim, venue);
  const quote = quoteOf(venue);
  // Binance COIN-M subscribes the instruments its list names (the perpetuals of the coins here), not coins at a quote.
  const instruments = venue === 'binance_coinm' ? perpetualsOf(listings) : undefined;
  const lines = await recordVenueFrames({
    venue,
    url: urlOf(sim, venue),
    coins: COINS,
    quote,
    record: kind,
    ms,
    ...(instruments === undefined ? {} : { instruments }),
  });
  const from = kind === 'order_book' ? lines.reduce((last, line, n) => (isSnapshot(line) ? n + 1 : last), 0) : 0;
  const unitsOf = (frame: unknown): number =>
    kind === 'trade' ? tradesIn(venue, frame) : kind === 'order_book' ? (isUpdate(frame) ? 1 : 0) : markPushesIn(frame);
  // Bybit's derivative tickers: the records made are the units (a frame of best bid/ask alone makes none).
  const counted =
    venue !== 'binance_coinm' && kind === 'derivative_ticker' ? undefined : lines.slice(from).reduce((n, line) => n + unitsOf(JSON.parse(line.frame)), 0);
  const flags = {
    coins: COINS.join(','),
    quote,
    klines: 'false',
    markets: VENUES[venue].market,
    ...(kind === 'order_book' ? { books: 'all' } : {}),
  };
  // The list given, as `market-feed replay --listings` gives it: contract sizes from it, no REST read.
  const options = { venue, measureFrom: from, listings };
  return { venue, kind, lines, from, unitsOf, counted, replay: () => replayInProcess(lines, flags, options) };
}

/**
 * The units of one replay (a warm-up): every unit counted from line `from` on must have come out as
 * one record of `kind` there (a trade, a book view, a derivative ticker), no more, no fewer.
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

export async function benchInverse(recordMs: number): Promise<BenchRow[]> {
  const sim = await startSimulator({ venues: [...BENCH_VENUES], coins: COINS, quote: 'USDT', tradesPerSecond: 100, limits: false });
  const cases: readonly (readonly [BenchVenue, Kind])[] = [
    ['bybit', 'trade'],
    ['bybit_linear', 'trade'],
    ['bybit_inverse', 'trade'],
    ['binance_coinm', 'trade'],
    ['bybit', 'order_book'],
    ['bybit_linear', 'order_book'],
    ['bybit_inverse', 'order_book'],
    ['bybit_linear', 'derivative_ticker'],
    ['bybit_inverse', 'derivative_ticker'],
    ['binance_coinm', 'derivative_ticker'],
  ];
  const rows: Recorded[] = [];
  try {
    // Binance pushes a mark price once a second a symbol: tickers are recorded 3 times longer.
    for (const [venue, kind] of cases) rows.push(await recorded(sim, venue, kind, kind === 'derivative_ticker' ? 3 * recordMs : recordMs));
  } finally {
    await sim.close();
  }
  // Every row checked (one replay each) before any is measured, then measured in rounds of one replay each, so that
  // no row pays for its place (the process's first replays are slower; see okx.ts).
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
      bench: 'inverse',
      metric: `${row.venue}: CPU per ${row.kind === 'order_book' ? 'book update' : row.kind.replace('_', ' ')} (${count} in ${measured.length} frames)`,
      value: least[n] ?? 0,
      unit: UNIT[row.kind],
      baseline: { name: 'JSON.parse of the frames', value: baseline },
    });
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(formatTable(await benchInverse(Number(process.argv[2] ?? process.env.BENCH_INVERSE_MS ?? 6000))));
}
