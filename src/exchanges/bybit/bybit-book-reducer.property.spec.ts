import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BookLevel } from '../../model/order-book.js';
import type { BookUpdate } from '../book-update.js';
import { topOfBook, type LevelChange } from '../l2-book.js';
import { bybitBookReducer } from './bybit-book-reducer.js';

/** A side holding exactly these levels: a later duplicate price wins, size 0 means absent. */
function fresh(levels: readonly LevelChange[]): Map<number, number> {
  const side = new Map<number, number>();
  for (const l of levels) side.set(l.price, l.size);
  for (const [price, size] of side) if (size === 0) side.delete(price);
  return side;
}

/** The same rules, naively: a Map per side, sorted only when read. */
class ReferenceBook {
  bids = new Map<number, number>();
  asks = new Map<number, number>();
  lastU = 0;
  status: 'empty' | 'live' | 'resyncing' = 'empty';
  resyncs = 0;

  apply(update: BookUpdate): void {
    const before = this.status;
    if (update.action === 'snapshot' || update.updateId === 1) {
      this.bids = fresh(update.bids);
      this.asks = fresh(update.asks);
      this.lastU = update.updateId;
      this.status = 'live';
    } else if (this.status !== 'live' || update.updateId <= this.lastU) {
      return;
    } else if (update.updateId !== this.lastU + 1) {
      this.resync(before);
      return;
    } else {
      for (const l of update.bids)
        if (l.size === 0) this.bids.delete(l.price);
        else this.bids.set(l.price, l.size);
      for (const l of update.asks)
        if (l.size === 0) this.asks.delete(l.price);
        else this.asks.set(l.price, l.size);
      this.lastU = update.updateId;
    }
    if (this.bids.size > 0 && this.asks.size > 0 && Math.max(...this.bids.keys()) >= Math.min(...this.asks.keys())) this.resync(before);
  }

  sorted(levels: number): { bids: BookLevel[]; asks: BookLevel[] } {
    const side = (m: Map<number, number>, sign: number) =>
      [...m]
        .map(([price, size]) => ({ price, size }))
        .sort((x, y) => (y.price - x.price) * sign)
        .slice(0, levels);
    return { bids: side(this.bids, 1), asks: side(this.asks, -1) };
  }

  private resync(before: ReferenceBook['status']): void {
    if (before !== 'resyncing') this.resyncs++;
    this.status = 'resyncing';
    this.bids.clear();
    this.asks.clear();
  }
}

/** A level at a price in tenths between `lo` and `hi` ticks; `minSize` 0 allows deletes. */
const level = (lo: number, hi: number, minSize: number): fc.Arbitrary<LevelChange> =>
  fc.record({ price: fc.integer({ min: lo, max: hi }).map((t) => t / 10), size: fc.integer({ min: minSize, max: 3000 }).map((n) => n / 1000) });

const snapshotSides = fc.record({ bids: fc.array(level(100, 450, 1), { maxLength: 12 }), asks: fc.array(level(500, 900, 1), { maxLength: 12 }) });
/** Delta prices overlap around 48-52, so some deltas cross the book. */
const deltaSides = fc.record({ bids: fc.array(level(100, 520, 0), { maxLength: 6 }), asks: fc.array(level(480, 900, 0), { maxLength: 6 }) });

type Op = {
  readonly kind: 'next' | 'gap' | 'duplicate' | 'restart' | 'snapshot' | 'cross';
  readonly by: number;
  readonly sides: { bids: LevelChange[]; asks: LevelChange[] };
};

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 12, arbitrary: deltaSides.map((sides): Op => ({ kind: 'next', by: 1, sides })) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 2, max: 4 }), deltaSides).map(([by, sides]): Op => ({ kind: 'gap', by, sides })) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 0, max: 3 }), deltaSides).map(([by, sides]): Op => ({ kind: 'duplicate', by, sides })) },
  { weight: 1, arbitrary: snapshotSides.map((sides): Op => ({ kind: 'restart', by: 0, sides })) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 50 }), snapshotSides).map(([by, sides]): Op => ({ kind: 'snapshot', by, sides })) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1, max: 50 })
      .map((by): Op => ({ kind: 'snapshot', by, sides: { bids: [{ price: 60, size: 1 }], asks: [{ price: 40, size: 1 }] } })),
  },
  {
    weight: 1,
    arbitrary: fc
      .boolean()
      .map((bid): Op => ({ kind: 'cross', by: 1, sides: bid ? { bids: [{ price: 95, size: 1 }], asks: [] } : { bids: [], asks: [{ price: 5, size: 1 }] } })),
  },
);

/** The venue's frames for a script of ops: `u` continues, skips, repeats or restarts as the op says. */
function framesOf(first: { u: number; sides: { bids: LevelChange[]; asks: LevelChange[] } }, ops: readonly Op[]): BookUpdate[] {
  let u = first.u;
  const frame = (action: BookUpdate['action'], sides: { bids: LevelChange[]; asks: LevelChange[] }): BookUpdate => ({
    type: 'book_update',
    symbol: 'BTCUSDT',
    action,
    ...sides,
    updateId: u,
    exchangeTs: u,
    receivedTs: u,
  });
  const frames = [frame('snapshot', first.sides)];
  for (const o of ops) {
    if (o.kind === 'duplicate') {
      frames.push({ ...frame('delta', o.sides), updateId: Math.max(1, u - o.by) });
      continue;
    }
    u = o.kind === 'restart' ? 1 : u + o.by;
    frames.push(frame(o.kind === 'snapshot' || o.kind === 'restart' ? 'snapshot' : 'delta', o.sides));
  }
  return frames;
}

const VIEW_LEVELS = 5;

describe('bybitBookReducer on random frame sequences', () => {
  it('never publishes a crossed book, signals each resync once, and otherwise matches a naive reference book', () => {
    const script = fc.record({ first: fc.record({ u: fc.integer({ min: 2, max: 1_000_000 }), sides: snapshotSides }), ops: fc.array(op, { maxLength: 60 }) });
    fc.assert(
      fc.property(script, ({ first, ops }) => {
        const reducer = bybitBookReducer({ viewLevels: VIEW_LEVELS });
        const reference = new ReferenceBook();
        let state = reducer.initial('BTCUSDT');
        let resyncs = 0;
        for (const frame of framesOf(first, ops)) {
          const step = reducer.reduce(state, [frame]);
          state = step.state;
          reference.apply(frame);
          for (const out of step.events) {
            if (out.type === 'book_resync') {
              resyncs++;
              continue;
            }
            // never crossed or locked; a side that is empty cannot cross
            expect(out.bids[0]?.price ?? Number.NEGATIVE_INFINITY).toBeLessThan(out.asks[0]?.price ?? Number.POSITIVE_INFINITY);
            expect({ bids: out.bids, asks: out.asks }).toEqual(reference.sorted(VIEW_LEVELS));
          }
          expect(state.status).toBe(reference.status);
          // the whole kept book matches the reference: its levels while live, nothing while empty or resyncing
          expect(topOfBook(state.book, Infinity)).toEqual(reference.sorted(Infinity));
        }
        expect(resyncs).toBe(reference.resyncs);
      }),
      { numRuns: 500 },
    );
  });
});
