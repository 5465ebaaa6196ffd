/**
 * CPU per published option summary of every options venue, in one run: `deribit_options`,
 * `bybit_options`, `okx_options` and `binance_options`.
 *
 * One simulator process (`options-sim.ts`, no limits) serves them all off its shared option board; each
 * venue follows the same BTC and ETH options (those every measured venue lists), in shards of 200 as the
 * product packs them (`--max-instruments-per-connection`), each shard on a socket of its own recording
 * the venue's summary channels for the same time, all shards of a venue at once, as live. A family's
 * channel (OKX's `opt-summary`, Binance's `optionMarkPrice`) comes to every shard that follows one of its
 * options, whole: each shard decodes all of it and keeps its own. Each shard's frames are then replayed
 * in this process with its options' listings given (as `market-feed replay --listings`) through the
 * frame decoder, the venue's merge, the operators and Avro encoding of every record
 * (`in-process-replay.ts`), from the line after its last option's first summary was published. What
 * makes one summary (`option-summary-frames.ts`): Deribit one `ticker` notification, Bybit one `tickers`
 * push, OKX one `opt-summary` entry (its options' `mark-price`, `open-interest` and `tickers` pushes make
 * no record: they are merged, so its CPU is over all its frames, and also given per `opt-summary` push),
 * Binance one `optionMarkPrice` entry. Every summary counted must come out as one record, or the bench
 * throws. Every row replayed once before any is measured, then in 5 rounds, its least CPU kept;
 * baseline `JSON.parse` of the same frames, the least of 5 passes.
 * `npx tsx bench/options.ts [recordMs]`; `BENCH_OPTIONS_MS` (default 10 s), `BENCH_OPTIONS_PORT` (default 29490).
 */
import { fileURLToPath } from 'node:url';
import type { CaptureLine } from '../src/capture/capture-line.js';
import { VENUES } from '../src/exchanges/venues.js';
import { EXCHANGE_IDS, type ExchangeId } from '../src/model/index.js';
import { listingKey, type VenueListing } from '../src/model/instrument.js';
import { formatTable, type BenchRow } from './bench-report.js';
import { stopProcess } from './bench-processes.js';
import { parseOnly, replayInProcess, type ReplayCpu } from './in-process-replay.js';
import {
  OPTION_SUMMARY_FRAMES,
  OPTION_VENUES,
  afterFirstSummaries,
  summariesOf,
  type OptionSummaryFrames,
  type OptionVenueName,
} from './option-summary-frames.js';
import { UNDERLYINGS, commonChains, startOptionsSim, type OptionsSim } from './options-sim.js';
import { recordVenueFrames } from './record-venue-frames.js';

/** The options a shard holds: the product's default (`--max-instruments-per-connection`). */
const SHARD_INSTRUMENTS = 200;
const ROUNDS = 5;

type MeasuredVenue = Extract<OptionVenueName, ExchangeId>;

/** Whether the pipeline reads the venue (every options venue the simulator serves). */
const isPipelineVenue = (venue: OptionVenueName): venue is MeasuredVenue => (EXCHANGE_IDS as readonly string[]).includes(venue);

/** One shard's frames, as its socket got them, and their replay. */
interface Part {
  readonly lines: readonly CaptureLine[];
  readonly followed: ReadonlySet<string>;
  /** The first line measured: every option of the shard has had its first summary published before it. */
  readonly from: number;
  readonly summaries: number;
  /** Family pushes (OKX's `opt-summary`) in the measured lines. */
  readonly pushes: number;
  readonly replay: () => Promise<ReplayCpu>;
}

interface Row {
  readonly venue: MeasuredVenue;
  readonly frames: OptionSummaryFrames;
  readonly parts: readonly Part[];
}

/** A shard's options recorded on one socket for `ms`, then how to replay them. */
async function recordedShard(sim: OptionsSim, venue: MeasuredVenue, listings: readonly VenueListing[], ms: number): Promise<Part> {
  const frames = OPTION_SUMMARY_FRAMES[venue];
  const instruments = listings.map((l) => ({
    symbol: l.symbol,
    coin: l.base,
    quote: l.quote,
    instrument: listingKey(l, VENUES[venue].market),
    ...(l.contractValue === undefined ? {} : { contractValue: l.contractValue }),
  }));
  const quote = listings[0]?.quote ?? 'USD';
  const lines = await recordVenueFrames({ venue, url: sim.urlOf(venue), coins: [], quote, record: 'option_summary', ms, instruments });
  const followed = new Set(listings.map((l) => l.symbol));
  const from = afterFirstSummaries(lines, frames, followed);
  const measured = lines.slice(from);
  const summaries = summariesOf(measured, frames, followed);
  const push = frames.familyPush;
  const pushes = push === undefined ? 0 : measured.filter((line) => push.is(JSON.parse(line.frame))).length;
  const flags = { markets: 'option', 'option-underlyings': UNDERLYINGS.join(','), klines: 'false' };
  return { lines, followed, from, summaries, pushes, replay: () => replayInProcess(lines, flags, { venue, measureFrom: from, listings }) };
}

/** A venue's chain in shards, all recorded at once. */
async function recordedRow(sim: OptionsSim, venue: MeasuredVenue, chain: readonly VenueListing[], ms: number): Promise<Row> {
  const shards: VenueListing[][] = [];
  for (let n = 0; n < chain.length; n += SHARD_INSTRUMENTS) shards.push(chain.slice(n, n + SHARD_INSTRUMENTS));
  const parts = await Promise.all(shards.map((shard) => recordedShard(sim, venue, shard, ms)));
  return { venue, frames: OPTION_SUMMARY_FRAMES[venue], parts };
}

/** CPU µs of one replay of every shard of a row, and the summaries published while measured. */
async function replayed(row: Row): Promise<{ readonly cpuUs: number; readonly made: number }> {
  let cpuUs = 0;
  let made = 0;
  for (const part of row.parts) {
    const cpu = await part.replay();
    cpuUs += cpu.cpuUs;
    made += cpu.measured.get('option_summary') ?? 0;
  }
  return { cpuUs, made };
}

/** One replay (a warm-up): each shard's summaries counted must have come out as one record each, no more, no fewer. */
async function checked(row: Row): Promise<void> {
  const counted = row.parts.reduce((n, part) => n + part.summaries, 0);
  const { made } = await replayed(row);
  if (row.parts.some((part) => part.summaries === 0) || made !== counted)
    throw new Error(`${row.venue}: ${made} option_summary records of ${counted} summaries`);
}

/** CPU µs of `JSON.parse` of a row's measured frames, every shard's: the least of 5 passes. */
function parseCpu(row: Row): number {
  const pass = (): number =>
    row.parts.reduce((us, { lines, from, summaries, followed }) => {
      const count = (frame: unknown): number => row.frames.summariesIn(frame).filter((option) => followed.has(option)).length;
      return us + parseOnly(lines.slice(from), summaries, count) * summaries;
    }, 0);
  return Math.min(...Array.from({ length: 5 }, pass));
}

export interface OptionsBenchOptions {
  /** How long each venue's shards record, ms. */
  readonly recordMs: number;
  /** The simulator's loopback port. */
  readonly port: number;
}

export function optionsBenchFromEnv(env: NodeJS.ProcessEnv): OptionsBenchOptions {
  return { recordMs: Number(env.BENCH_OPTIONS_MS ?? 10_000), port: Number(env.BENCH_OPTIONS_PORT ?? 29490) };
}

/** The rows of one measured venue: CPU per summary, and per family push where it has them. */
function rowsOf(row: Row, cpuUs: number, parseUs: number, options: number): BenchRow[] {
  const summaries = row.parts.reduce((n, part) => n + part.summaries, 0);
  const frames = row.parts.reduce((n, part) => n + part.lines.length - part.from, 0);
  const pushes = row.parts.reduce((n, part) => n + part.pushes, 0);
  const over = row.frames.marksIn === undefined ? '' : ', CPU over all its frames';
  const shards = `${options} options, ${row.parts.length} shards each replayed with its own socket's frames`;
  const rows: BenchRow[] = [
    {
      bench: 'options',
      metric: `${row.venue}: CPU per option summary (${row.frames.unit}${over}; ${summaries} in ${frames} frames, ${shards})`,
      value: cpuUs / summaries,
      unit: 'µs/summary',
      baseline: { name: 'JSON.parse of the frames', value: parseUs / summaries },
    },
  ];
  const push = row.frames.familyPush;
  if (push !== undefined)
    rows.push({
      bench: 'options',
      metric: `${row.venue}: CPU per ${push.name} (${pushes} pushes over the shards' sockets, ${(summaries / pushes).toFixed(1)} summaries each; the same CPU)`,
      value: cpuUs / pushes,
      unit: 'µs/push',
      baseline: { name: 'JSON.parse of the frames', value: parseUs / pushes },
    });
  return rows;
}

export async function benchOptions({ recordMs, port }: OptionsBenchOptions): Promise<BenchRow[]> {
  const venues = OPTION_VENUES.filter(isPipelineVenue);
  const sim = await startOptionsSim(venues, port);
  const rows: Row[] = [];
  let options = 0;
  try {
    const { chains, listed } = await commonChains(sim, venues);
    options = chains.get(venues[0] ?? 'deribit_options')?.length ?? 0;
    const each = [...listed].map(([venue, n]) => `${venue} ${n}`).join(', ');
    process.stderr.write(`options: ${options} BTC and ETH options listed by every venue (${each}), recorded ${recordMs} ms a venue\n`);
    for (const venue of venues) rows.push(await recordedRow(sim, venue, chains.get(venue) ?? [], recordMs));
  } finally {
    await stopProcess(sim.child);
  }
  // Every row checked before any is measured, then measured in rounds: a process's first replays are slower.
  for (const row of rows) await checked(row);
  const least = rows.map(() => Infinity);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [n, row] of rows.entries()) least[n] = Math.min(least[n] ?? Infinity, (await replayed(row)).cpuUs);
  }
  const measured = rows.flatMap((row, n) => rowsOf(row, least[n] ?? 0, parseCpu(row), options));
  return measured;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const options = optionsBenchFromEnv(process.env);
  const recordMs = process.argv[2] === undefined ? options.recordMs : Number(process.argv[2]);
  process.stdout.write(formatTable(await benchOptions({ ...options, recordMs })));
}
