/**
 * CPU per book update of Gate's book rule beside Bybit's, in the same run, on frames the simulator's venues
 * sent: Gate's `order_book_update` pushes (spot, 100 ms, bridged to a REST snapshot by update ids) and Bybit's
 * `orderbook.50` (a snapshot, then deltas every 20 ms). Each venue's frames are decoded by its protocol,
 * turned into book updates by its book plan and kept by its own sync (Gate: Binance's rule over Gate's ids,
 * given the REST snapshots the venue served while the frames were recorded; Bybit: its reducer), to the book
 * views; no records, no Avro (a replay of socket frames cannot fetch Gate's snapshots, so the whole-pipeline
 * replay of `venue-replay-cpu.ts` has no Gate book row). Units: a push applied to a live book (Gate), a delta
 * (Bybit); each must come out as one book view, or the bench throws. Least CPU of 5 rounds after a warm-up.
 */
import { asyncScheduler, defer, EMPTY, of, Subject, type Observable } from 'rxjs';
import pino from 'pino';
import type { CaptureLine } from '../src/capture/capture-line.js';
import type { BookInput, BookOutput, BookUpdate } from '../src/exchanges/book-update.js';
import { protocolFor } from '../src/exchanges/protocol-registry.js';
import { gateOrderBookPath } from '../src/exchanges/gate/gate-book-plan.js';
import { readGateBookSnapshot } from '../src/exchanges/gate/gate-book.js';
import { binanceBookSync } from '../src/exchanges/binance/binance-book-sync.js';
import type { GateFrame } from '../src/exchanges/gate/gate-frames.js';
import { splitGateSymbol } from '../src/exchanges/gate/gate-listings.js';
import type { MapperContext } from '../src/exchanges/mapper-context.js';
import { splitSymbol } from '../src/exchanges/split-symbol.js';
import type { VenueProtocol } from '../src/exchanges/venue-protocol.js';
import { startSimulator } from '../simulator/index.js';
import type { BenchRow } from './bench-report.js';
import { recordVenueFrames } from './record-venue-frames.js';
import { BENCH_COINS } from './venue-replay-cpu.js';

const QUOTE = 'USDT';
const ROUNDS = 5;
const logger = pino({ level: 'silent' });

/** One venue's recorded book frames and how to fold them to views once: the CPU of the fold and the views made. */
interface BookFold {
  readonly name: string;
  readonly lines: readonly CaptureLine[];
  readonly fold: () => { readonly cpuUs: number; readonly views: number; readonly units: number };
}

/** Folds `lines` through `protocol`'s parser and book plan, and the sync `sync` makes of its updates. */
function folding<F>(
  protocol: VenueProtocol<F>,
  context: MapperContext,
  lines: readonly CaptureLine[],
  sync: () => (source: Observable<BookInput>) => Observable<BookOutput>,
  isUnit: (update: BookUpdate) => boolean,
): () => { readonly cpuUs: number; readonly views: number; readonly units: number } {
  const plan = protocol.book;
  if (plan === undefined) throw new Error(`${protocol.id}: no book plan`);
  return () => {
    const inputs = new Subject<BookInput>();
    let views = 0;
    let units = 0;
    const subscription = sync()(inputs).subscribe((output) => {
      if (output.type === 'book_view') views++;
    });
    const before = process.cpuUsage();
    for (const line of lines) {
      const parsed = protocol.parse(line.frame);
      if (!parsed.ok) continue;
      for (const update of plan.updates(parsed.frame, line.receivedTs, context)) {
        if (isUnit(update)) units++;
        inputs.next(update);
      }
    }
    const used = process.cpuUsage(before);
    subscription.unsubscribe();
    return { cpuUs: used.user + used.system, views, units };
  };
}

/** Gate's REST snapshot of each instrument, fetched from the simulator while its pushes are being recorded. */
async function snapshotsWhile(
  restUrl: string,
  symbols: readonly string[],
  record: Promise<CaptureLine[]>,
  afterMs: number,
): Promise<{ lines: CaptureLine[]; bodies: Map<string, unknown> }> {
  await new Promise((resolve) => setTimeout(resolve, afterMs));
  const bodies = new Map<string, unknown>();
  for (const symbol of symbols) bodies.set(symbol, await (await fetch(`${restUrl}${gateOrderBookPath('spot', symbol)}`)).json());
  return { lines: await record, bodies };
}

export async function benchBookFolds(recordMs: number): Promise<BenchRow[]> {
  const sim = await startSimulator({ venues: ['gate', 'bybit'], coins: BENCH_COINS, tradesPerSecond: 100, limits: false, quote: QUOTE });
  let gate: { lines: CaptureLine[]; bodies: Map<string, unknown> };
  let bybit: CaptureLine[];
  const symbols = BENCH_COINS.map((coin) => `${coin}_${QUOTE}`);
  try {
    const recording = recordVenueFrames({ venue: 'gate', url: sim.urls.gate, coins: BENCH_COINS, quote: QUOTE, record: 'order_book', ms: recordMs });
    gate = await snapshotsWhile(sim.restUrl, symbols, recording, Math.min(1000, recordMs / 4));
    bybit = await recordVenueFrames({ venue: 'bybit', url: sim.urls.bybit, coins: BENCH_COINS, quote: QUOTE, record: 'order_book', ms: recordMs });
  } finally {
    await sim.close();
  }
  const gateContext: MapperContext = { exchange: 'gate', env: 'prod', connectionId: 'bench', partsOf: (s) => splitGateSymbol(s) };
  const bybitContext: MapperContext = { exchange: 'bybit', env: 'prod', connectionId: 'bench', partsOf: (s) => splitSymbol(s) };
  const gateProtocol = protocolFor('gate', { options: {} }) as VenueProtocol<GateFrame>;
  const bybitProtocol = protocolFor('bybit', { options: {} });
  const gateIds = new Map([...gate.bodies].map(([symbol, body]) => [symbol, (body as { id: number }).id]));
  // The books a snapshot bridges: one of the instrument's pushes holds the snapshot's id + 1 (a book that
  // did not change before the snapshot was taken starts after it; it is left out, never live here).
  const bridged = new Set(
    gate.lines.flatMap((line) => {
      const parsed = gateProtocol.parse(line.frame);
      if (!parsed.ok || parsed.frame.kind !== 'book_update') return [];
      const { symbol, firstUpdateId = 0, lastUpdateId } = parsed.frame;
      const next = (gateIds.get(symbol) ?? -2) + 1;
      return firstUpdateId <= next && next <= lastUpdateId ? [symbol] : [];
    }),
  );
  const snapshot = (symbol: string): Observable<BookUpdate> =>
    bridged.has(symbol) ? defer(() => of(readGateBookSnapshot(gate.bodies.get(symbol), symbol, 0))) : EMPTY;
  const folds: BookFold[] = [
    {
      name: 'gate',
      lines: gate.lines,
      fold: folding(
        gateProtocol,
        gateContext,
        gate.lines,
        () => binanceBookSync({ rule: 'us', scheduler: asyncScheduler, logger, snapshot }),
        (u) => u.updateId > (gateIds.get(u.symbol) ?? Infinity),
      ),
    },
    {
      name: 'bybit',
      lines: bybit,
      fold: folding(
        bybitProtocol,
        bybitContext,
        bybit,
        () =>
          bybitProtocol.book?.sync({ exchange: 'bybit', scheduler: asyncScheduler, logger, resubscribe: () => undefined }) ??
          ((s) => s as unknown as Observable<BookOutput>),
        (u) => u.action === 'delta',
      ),
    },
  ];
  const least = folds.map(() => Infinity);
  const counts = folds.map(() => 0);
  for (const [n, fold] of folds.entries()) {
    const { views, units } = fold.fold();
    if (units === 0 || views < units) throw new Error(`${fold.name}: ${views} book views of ${units} updates`);
    counts[n] = units;
  }
  for (let round = 0; round < ROUNDS; round++)
    for (const [n, fold] of folds.entries()) least[n] = Math.min(least[n] ?? Infinity, fold.fold().cpuUs / (counts[n] ?? 1));
  return folds.map((fold, n) => ({
    bench: 'book-folds',
    metric: `${fold.name}: CPU per book update, decoded and kept to its view (${counts[n] ?? 0} in ${fold.lines.length} frames)`,
    value: least[n] ?? 0,
    unit: 'µs/update',
    baseline: { name: 'JSON.parse of the frames', value: parseCost(fold.lines) / (counts[n] ?? 1) },
  }));
}

/** CPU µs of `JSON.parse` of every frame, the least of 5 passes. */
function parseCost(lines: readonly CaptureLine[]): number {
  let least = Infinity;
  for (let pass = 0; pass < 5; pass++) {
    const before = process.cpuUsage();
    for (const line of lines) JSON.parse(line.frame);
    const used = process.cpuUsage(before);
    least = Math.min(least, used.user + used.system);
  }
  return least;
}
