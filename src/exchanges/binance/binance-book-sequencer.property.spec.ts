import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BookLevel } from '../../model/order-book.js';
import type { BookOutput, BookUpdate } from '../book-update.js';
import type { LevelChange } from '../l2-book.js';
import { initialBinanceBook, stepBinanceBook, type BinanceSyncRule } from './binance-book-sequencer.js';

interface Sides {
  readonly bids: readonly LevelChange[];
  readonly asks: readonly LevelChange[];
}

/** The venue's true book, naively: a Map per side, sorted only when read. */
class VenueBook {
  readonly bids = new Map<number, number>();
  readonly asks = new Map<number, number>();

  apply(sides: Sides): void {
    for (const l of sides.bids)
      if (l.size === 0) this.bids.delete(l.price);
      else this.bids.set(l.price, l.size);
    for (const l of sides.asks)
      if (l.size === 0) this.asks.delete(l.price);
      else this.asks.set(l.price, l.size);
  }

  sorted(): { bids: BookLevel[]; asks: BookLevel[] } {
    const side = (m: Map<number, number>, sign: number) => [...m].map(([price, size]) => ({ price, size })).sort((x, y) => (y.price - x.price) * sign);
    return { bids: side(this.bids, 1), asks: side(this.asks, -1) };
  }
}

const level = (lo: number, hi: number, minSize: number): fc.Arbitrary<LevelChange> =>
  fc.record({ price: fc.integer({ min: lo, max: hi }), size: fc.integer({ min: minSize, max: 3000 }).map((n) => n / 1000) });
/** Bids below 50, asks from 50 up: the venue's book only crosses on a `cross` op. */
const sides: fc.Arbitrary<Sides> = fc.record({ bids: fc.array(level(10, 49, 0), { maxLength: 5 }), asks: fc.array(level(50, 90, 0), { maxLength: 5 }) });

type Op =
  /** The venue publishes an event covering `span` + 1 ids; `deliver`: the socket passes it on now, `queue`: later, `drop`: never. */
  | { readonly kind: 'deliver' | 'queue' | 'drop'; readonly span: number; readonly sides: Sides }
  /** The socket passes on the oldest queued event, or repeats the last one it passed on. */
  | { readonly kind: 'flush' | 'repeat' }
  /** The requested snapshot arrives, showing the venue's book `lag` events before its latest. */
  | { readonly kind: 'snapshot'; readonly lag: number }
  /** The venue's own book crosses (a bid above every ask). */
  | { readonly kind: 'cross' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 10, arbitrary: fc.tuple(fc.integer({ min: 0, max: 2 }), sides).map(([span, s]): Op => ({ kind: 'deliver', span, sides: s })) },
  { weight: 3, arbitrary: fc.tuple(fc.integer({ min: 0, max: 2 }), sides).map(([span, s]): Op => ({ kind: 'queue', span, sides: s })) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 2 }), sides).map(([span, s]): Op => ({ kind: 'drop', span, sides: s })) },
  { weight: 3, arbitrary: fc.constant<Op>({ kind: 'flush' }) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: 'repeat' }) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 4 }).map((lag): Op => ({ kind: 'snapshot', lag })) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: 'cross' }) },
);

interface Outcome {
  readonly outputs: readonly BookOutput[];
  readonly final: ReturnType<typeof initialBinanceBook>;
  /** The venue's sorted book after each id. */
  readonly truth: ReadonlyMap<number, { bids: BookLevel[]; asks: BookLevel[] }>;
}

/** Plays a script: the venue's book evolves, the socket delivers, queues, drops or repeats its events, snapshots answer requests. */
function play(rule: BinanceSyncRule, start: Sides, ops: readonly Op[]): Outcome {
  const config = { rule, viewLevels: 10_000, maxLevels: 10_000, maxBuffered: 8 };
  const venue = new VenueBook();
  venue.apply(start);
  let id = 1000;
  const history: { id: number; book: ReturnType<VenueBook['sorted']> }[] = [{ id, book: venue.sorted() }];
  const truth = new Map([[id, venue.sorted()]]);
  const queued: BookUpdate[] = [];
  let last: BookUpdate | undefined;
  let state = initialBinanceBook('BTCUSDT');
  let requested = false;
  const outputs: BookOutput[] = [];
  const send = (update: BookUpdate) => {
    const step = stepBinanceBook(state, update, config);
    state = step.state;
    outputs.push(...step.outputs);
    if (update.action === 'snapshot') requested = false;
    if (step.fetch) requested = true;
  };
  const publish = (span: number, change: Sides): BookUpdate => {
    const U = id + 1;
    id += span + 1;
    venue.apply(change);
    history.push({ id, book: venue.sorted() });
    truth.set(id, venue.sorted());
    return { type: 'book_update', symbol: 'BTCUSDT', action: 'delta', ...change, firstUpdateId: U, updateId: id, exchangeTs: id, receivedTs: id };
  };
  for (const o of ops) {
    if (o.kind === 'deliver' || o.kind === 'queue' || o.kind === 'drop' || o.kind === 'cross') {
      const event = o.kind === 'cross' ? publish(0, { bids: [{ price: 95, size: 1 }], asks: [] }) : publish(o.span, o.sides);
      if (o.kind === 'queue') queued.push(event);
      if (o.kind === 'deliver' || o.kind === 'cross') {
        queued.push(event);
        for (const e of queued.splice(0)) send((last = e));
      }
    } else if (o.kind === 'flush' || o.kind === 'repeat') {
      const next = o.kind === 'flush' ? queued.shift() : last;
      if (next !== undefined) send((last = next));
    } else if (o.kind === 'snapshot' && requested) {
      const at = history[Math.max(0, history.length - 1 - o.lag)] ?? history[0];
      if (at !== undefined) send({ type: 'book_update', symbol: 'BTCUSDT', action: 'snapshot', ...at.book, updateId: at.id, exchangeTs: 0, receivedTs: 0 });
    }
  }
  return { outputs, final: state, truth };
}

const start: fc.Arbitrary<Sides> = fc.record({ bids: fc.array(level(10, 49, 1), { maxLength: 8 }), asks: fc.array(level(50, 90, 1), { maxLength: 8 }) });

describe.each(['current', 'us'] as const)('stepBinanceBook on random event sequences (%s rule)', (rule) => {
  it('never publishes a crossed book, publishes only the venue book at that id, and ends resyncing or equal to the venue book', () => {
    fc.assert(
      fc.property(start, fc.array(op, { maxLength: 120 }), (first, ops) => {
        const { outputs, final, truth } = play(rule, first, ops);
        for (const output of outputs) {
          if (output.type !== 'book_view') continue;
          const bid = output.bids[0]?.price;
          const ask = output.asks[0]?.price;
          expect(bid === undefined || ask === undefined || bid < ask).toBe(true);
          expect({ bids: output.bids, asks: output.asks }).toEqual(truth.get(output.updateId));
        }
        if (final.status === 'live') {
          expect({ bids: final.book.bids, asks: final.book.asks }).toEqual(truth.get(final.lastUpdateId));
        } else if (outputs.some((o) => o.type === 'book_view')) {
          expect(outputs.at(-1)?.type).toBe('book_resync');
        }
      }),
      { numRuns: 400 },
    );
  });
});
