import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BookLevel } from '../../model/order-book.js';
import type { BookOutput, BookUpdate } from '../book-update.js';
import type { LevelChange } from '../l2-book.js';
import { initialBinanceBook, stepBinanceBook, type ChainedBookUpdate } from '../binance/binance-book-sequencer.js';

interface Sides {
  readonly bids: readonly LevelChange[];
  readonly asks: readonly LevelChange[];
}

/** The venue's true book, naively: a Map per side, sorted only when read. */
class VenueBook {
  readonly bids = new Map<number, number>();
  readonly asks = new Map<number, number>();

  apply(sides: Sides): void {
    for (const [book, changes] of [
      [this.bids, sides.bids],
      [this.asks, sides.asks],
    ] as const)
      for (const l of changes)
        if (l.size === 0) book.delete(l.price);
        else book.set(l.price, l.size);
  }

  sorted(): { bids: BookLevel[]; asks: BookLevel[] } {
    const side = (m: Map<number, number>, sign: number) => [...m].map(([price, size]) => ({ price, size })).sort((x, y) => (y.price - x.price) * sign);
    return { bids: side(this.bids, 1), asks: side(this.asks, -1) };
  }
}

const level = (lo: number, hi: number, minSize: number): fc.Arbitrary<LevelChange> =>
  fc.record({ price: fc.integer({ min: lo, max: hi }), size: fc.integer({ min: minSize, max: 3000 }).map((n) => n / 1000) });
const sides: fc.Arbitrary<Sides> = fc.record({ bids: fc.array(level(10, 49, 0), { maxLength: 5 }), asks: fc.array(level(50, 90, 0), { maxLength: 5 }) });

/**
 * The venue publishes an event covering `span` + 1 ids after a jump of `skip` ids no event covers
 * (futures ids are not consecutive); the socket delivers it now, queues it, or loses it.
 */
type Op =
  | { readonly kind: 'deliver' | 'queue' | 'drop'; readonly skip: number; readonly span: number; readonly sides: Sides }
  | { readonly kind: 'flush' | 'repeat' }
  | { readonly kind: 'snapshot'; readonly lag: number };

const published = (kind: 'deliver' | 'queue' | 'drop') =>
  fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 3 }), sides).map(([skip, span, s]): Op => ({ kind, skip, span, sides: s }));
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 10, arbitrary: published('deliver') },
  { weight: 3, arbitrary: published('queue') },
  { weight: 1, arbitrary: published('drop') },
  { weight: 3, arbitrary: fc.constant<Op>({ kind: 'flush' }) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: 'repeat' }) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 4 }).map((lag): Op => ({ kind: 'snapshot', lag })) },
);

/** Plays a script against the futures rule; returns every output, the final state and the venue's book after each id. */
function play(start: Sides, ops: readonly Op[]) {
  const config = { rule: 'futures' as const, viewLevels: 10_000, maxLevels: 10_000, maxBuffered: 8 };
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
  const publish = (skip: number, span: number, change: Sides): ChainedBookUpdate => {
    const pu = id;
    const U = id + 1 + skip;
    id = U + span;
    venue.apply(change);
    history.push({ id, book: venue.sorted() });
    truth.set(id, venue.sorted());
    return {
      type: 'book_update',
      symbol: 'BTCUSDT',
      action: 'delta',
      ...change,
      firstUpdateId: U,
      updateId: id,
      previousUpdateId: pu,
      exchangeTs: id,
      receivedTs: id,
    };
  };
  for (const o of ops) {
    if (o.kind === 'deliver' || o.kind === 'queue' || o.kind === 'drop') {
      const event = publish(o.skip, o.span, o.sides);
      if (o.kind !== 'drop') queued.push(event);
      if (o.kind === 'deliver') for (const e of queued.splice(0)) send((last = e));
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

describe('stepBinanceBook under the futures rule on random event sequences (ids that jump, lost and repeated events, lagging snapshots)', () => {
  it('publishes only the venue book at that id, and ends resyncing or equal to the venue book', () => {
    fc.assert(
      fc.property(start, fc.array(op, { maxLength: 120 }), (first, ops) => {
        const { outputs, final, truth } = play(first, ops);
        for (const output of outputs) {
          if (output.type !== 'book_view') continue;
          expect({ bids: output.bids, asks: output.asks }).toEqual(truth.get(output.updateId));
        }
        if (final.status === 'live') expect({ bids: final.book.bids, asks: final.book.asks }).toEqual(truth.get(final.lastUpdateId));
        else if (outputs.some((o) => o.type === 'book_view')) expect(outputs.at(-1)?.type).toBe('book_resync');
      }),
      { numRuns: 400 },
    );
  });

  it('never calls a delivered chain a gap: with nothing lost, every event after the first snapshot is published', () => {
    fc.assert(
      fc.property(
        start,
        fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 3 }), sides), { minLength: 1, maxLength: 40 }),
        (first, events) => {
          const script: Op[] = [
            { kind: 'deliver', ...spread(events[0]) },
            { kind: 'snapshot', lag: 0 },
          ];
          for (const event of events.slice(1)) script.push({ kind: 'deliver', ...spread(event) });
          const { outputs } = play(first, script);
          expect(outputs.filter((o) => o.type === 'book_resync')).toEqual([]);
          expect(outputs.filter((o) => o.type === 'book_view')).toHaveLength(events.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});

function spread(event: readonly [number, number, Sides] | undefined): { readonly skip: number; readonly span: number; readonly sides: Sides } {
  const [skip, span, s] = event ?? [0, 0, { bids: [], asks: [] }];
  return { skip, span, sides: s };
}
