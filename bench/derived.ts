/**
 * What the derived data types cost per book update, beside none, in the same run: Bybit spot
 * `orderbook.50` (deltas every 20 ms, `u` chained) and OKX spot `books` (100 ms increments chained by
 * `seqId`/`prevSeqId` over a 400-level snapshot) recorded once each from the simulator, then replayed in
 * this process through the frame decoder, the venue's book rule, the live books, the book records of
 * `--books all`, the data types asked for and Avro encoding of every record (`in-process-replay.ts`),
 * once with no data types, once with `book_snapshot_25_100ms,trade_bar_1m`, once with `book_change`
 * too. Book frames carry no trades, so `trade_bar_1m` is also measured where it works: Bybit's
 * `publicTrade` frames, without and with it. Every unit counted in the measured frames (a book update
 * after the last snapshot, a trade) must come out as one record of its kind, every book update as one
 * `book_change` when asked for, and interval snapshots must come out when asked for (none of any data
 * type when none is), or the bench throws. Every replay is run once before any is measured, then in 5
 * rounds (each replay once a round, a source's lists of data types in turn, starting one further each
 * round), its least CPU kept. Baseline: `JSON.parse` of the same frames, the least of 5 passes.
 * `npx tsx bench/derived.ts [recordMs]` (`BENCH_DERIVED_MS`, default 8 s; `BENCH_DERIVED_PORT`: the simulator's port).
 */
import { fileURLToPath } from 'node:url';
import type { CaptureLine } from '../src/capture/capture-line.js';
import { VENUES } from '../src/exchanges/venues.js';
import type { FeedRecordType } from '../src/model/index.js';
import { startSimulator, type RunningSimulator } from '../simulator/start-simulator.js';
import { formatTable, type BenchRow } from './bench-report.js';
import { parseOnly, replayInProcess, type ReplayCpu } from './in-process-replay.js';
import { okxBookUpdatesIn } from './okx.js';
import { recordVenueFrames } from './record-venue-frames.js';
import { afterLastSnapshot, BENCH_COINS, bybitBookUpdatesIn, bybitTradesIn, listingsOf } from './venue-replay-cpu.js';

const QUOTE = 'USDT';
const ROUNDS = 5;

/** The pair of data types (`--data-types`). */
const PAIR = ['book_snapshot_25_100ms', 'trade_bar_1m'] as const;

/** One venue's stream, recorded once, and the lists of data types it is replayed with (the first: none). */
interface Source {
  readonly venue: 'bybit' | 'okx';
  readonly kind: 'order_book' | 'trade';
  readonly unitsIn: (frame: unknown) => number;
  readonly dataTypes: readonly (readonly string[])[];
}

const SOURCES: readonly Source[] = [
  { venue: 'bybit', kind: 'order_book', unitsIn: bybitBookUpdatesIn, dataTypes: [[], PAIR, [...PAIR, 'book_change']] },
  { venue: 'okx', kind: 'order_book', unitsIn: okxBookUpdatesIn, dataTypes: [[], PAIR, [...PAIR, 'book_change']] },
  { venue: 'bybit', kind: 'trade', unitsIn: bybitTradesIn, dataTypes: [[], ['trade_bar_1m']] },
];

/** The record types the data types make. */
const DERIVED: readonly FeedRecordType[] = ['book_change', 'interval_book_snapshot', 'quote', 'trade_bar'];

/** A source's frames, recorded, with the units counted in its measured lines. */
interface Recorded {
  readonly source: Source;
  readonly lines: readonly CaptureLine[];
  readonly from: number;
  readonly units: number;
  readonly replay: (dataTypes: readonly string[]) => Promise<ReplayCpu>;
}

async function recorded(sim: RunningSimulator, source: Source, ms: number): Promise<Recorded> {
  const { venue, kind, unitsIn } = source;
  const listings = await listingsOf(sim, venue);
  const lines = await recordVenueFrames({ venue, url: sim.urls[venue], coins: BENCH_COINS, quote: QUOTE, record: kind, ms });
  // Bybit's trade frames all say "snapshot": a trade row is measured from its first line.
  const from = kind === 'order_book' ? afterLastSnapshot(lines) : 0;
  const units = lines.slice(from).reduce((n, line) => n + unitsIn(JSON.parse(line.frame)), 0);
  const flags = {
    coins: BENCH_COINS.join(','),
    quote: QUOTE,
    klines: 'false',
    markets: VENUES[venue].market,
    ...(kind === 'order_book' ? { books: 'all' } : {}),
  };
  const replay = (dataTypes: readonly string[]): Promise<ReplayCpu> =>
    replayInProcess(lines, dataTypes.length === 0 ? flags : { ...flags, 'data-types': dataTypes.join(',') }, { venue, measureFrom: from, listings });
  return { source, lines, from, units, replay };
}

/** The derived records a replay made from its measured lines, checked against what was asked for; throws on a unit missing. */
async function checked({ source: { venue, kind }, units, replay }: Recorded, dataTypes: readonly string[]): Promise<ReadonlyMap<FeedRecordType, number>> {
  const run = await replay(dataTypes);
  const made = run.measured.get(kind) ?? 0;
  const of = (type: FeedRecordType): number => run.measuredRecords.get(type) ?? 0;
  const fail = (what: string): never => {
    throw new Error(`${venue} ${kind} with [${dataTypes.join(',')}]: ${what}`);
  };
  if (units === 0 || made !== units) fail(`${made} ${kind} records of ${units}`);
  if (dataTypes.includes('book_change') && of('book_change') !== units) fail(`${of('book_change')} book changes of ${units} updates`);
  if (dataTypes.some((type) => type.startsWith('book_snapshot_')) && of('interval_book_snapshot') === 0) fail('no interval snapshot');
  if (dataTypes.length === 0 && DERIVED.some((type) => of(type) > 0)) fail('derived records with none asked for');
  return new Map(DERIVED.filter((type) => of(type) > 0).map((type) => [type, of(type)]));
}

const UNIT = { order_book: 'book update', trade: 'trade' } as const;

/** What a list of data types made, for the row's label. */
function madeText(made: ReadonlyMap<FeedRecordType, number> | undefined): string {
  const parts = [...(made ?? new Map<FeedRecordType, number>())].map(([type, n]) => `${n} ${type}`);
  return parts.length === 0 ? 'none made' : parts.join(', ');
}

export interface DerivedBenchOptions {
  /** How long each stream is recorded, ms. */
  readonly recordMs: number;
  /** The simulator's port; default any free one. */
  readonly port?: number;
}

export async function benchDerived({ recordMs, port }: DerivedBenchOptions): Promise<BenchRow[]> {
  const venues = [...new Set(SOURCES.map((source) => source.venue))];
  const sim = await startSimulator({ venues, coins: BENCH_COINS, quote: QUOTE, tradesPerSecond: 100, limits: false, ...(port === undefined ? {} : { port }) });
  const sources: Recorded[] = [];
  try {
    for (const source of SOURCES) sources.push(await recorded(sim, source, recordMs));
  } finally {
    await sim.close();
  }
  const made = new Map<string, ReadonlyMap<FeedRecordType, number>>();
  const key = (n: number, dataTypes: readonly string[]): string => `${n}:${dataTypes.join(',')}`;
  for (const [n, recording] of sources.entries())
    for (const dataTypes of recording.source.dataTypes) made.set(key(n, dataTypes), await checked(recording, dataTypes));
  const least = new Map<string, number>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [n, recording] of sources.entries()) {
      const lists = recording.source.dataTypes;
      for (let i = 0; i < lists.length; i++) {
        const dataTypes = lists[(i + round) % lists.length] ?? [];
        const perUnit = (await recording.replay(dataTypes)).cpuUs / recording.units;
        least.set(key(n, dataTypes), Math.min(least.get(key(n, dataTypes)) ?? Infinity, perUnit));
      }
    }
  }
  return sources.flatMap(({ source, lines, from, units }, n): BenchRow[] => {
    const unit = UNIT[source.kind];
    const unitShort = `µs/${unit.slice(unit.lastIndexOf(' ') + 1)}`;
    const measured = lines.slice(from);
    const parse = Math.min(...Array.from({ length: ROUNDS }, () => parseOnly(measured, units, source.unitsIn)));
    const none = least.get(key(n, [])) ?? Number.NaN;
    const label = `${source.venue} ${source.kind === 'order_book' ? 'book' : 'trade'}s`;
    const rows: BenchRow[] = [
      {
        bench: 'derived',
        metric: `${label}: CPU per ${unit}, no data types (${units} in ${measured.length} frames)`,
        value: none,
        unit: unitShort,
        baseline: { name: 'JSON.parse of the frames', value: parse },
      },
    ];
    for (const dataTypes of source.dataTypes.filter((list) => list.length > 0)) {
      const value = least.get(key(n, dataTypes)) ?? Number.NaN;
      const named = dataTypes.join(',');
      rows.push(
        {
          bench: 'derived',
          metric: `${label}: CPU per ${unit} with ${named} (${madeText(made.get(key(n, dataTypes)))})`,
          value,
          unit: unitShort,
          baseline: { name: 'JSON.parse of the frames', value: parse },
        },
        {
          bench: 'derived',
          metric: `${label}: added by ${named}`,
          value: value - none,
          unit: unitShort,
          baseline: { name: 'no data types, same rounds', value: none },
        },
      );
    }
    return rows;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = process.env.BENCH_DERIVED_PORT;
  const recordMs = Number(process.argv[2] ?? process.env.BENCH_DERIVED_MS ?? 8000);
  process.stdout.write(formatTable(await benchDerived({ recordMs, ...(port === undefined ? {} : { port: Number(port) }) })));
}
