import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BookLevel } from '../../model/order-book.js';
import type { BookResyncReason, BookUpdate } from '../book-update.js';
import { topOfBook, type LevelChange } from '../l2-book.js';
import { coinbaseBookReducer } from './coinbase-book-reducer.js';

const VIEW_LEVELS = 3;
const MAX_LEVELS = 8;

/** The levels of a side, best first (`sign` +1 for bids, -1 for asks). */
const sorted = (side: Map<number, number>, sign: number): BookLevel[] =>
  [...side].map(([price, size]) => ({ price, size })).sort((x, y) => (y.price - x.price) * sign);

/**
 * The venue's whole book as a Map per side, and, naively, what a client keeping `MAX_LEVELS` per side
 * can know of it: every level at or better than its edge (the worst price kept when the side was cut).
 */
class ReferenceBook {
  bids = new Map<number, number>();
  asks = new Map<number, number>();
  bidEdge: number | undefined;
  askEdge: number | undefined;
  status: 'empty' | 'live' | 'resyncing' = 'empty';
  resyncs = 0;

  apply(update: BookUpdate): void {
    const before = this.status;
    if (update.action === 'snapshot') {
      this.bids = new Map();
      this.asks = new Map();
      this.bidEdge = undefined;
      this.askEdge = undefined;
      this.status = 'live';
    } else if (this.status !== 'live') return;
    for (const l of update.bids) this.set(this.bids, l, this.bidEdge, 1, update.action === 'snapshot');
    for (const l of update.asks) this.set(this.asks, l, this.askEdge, -1, update.action === 'snapshot');
    this.bidEdge = this.edgeAfter(this.bids, this.bidEdge, 1);
    this.askEdge = this.edgeAfter(this.asks, this.askEdge, -1);
    const { bids, asks } = this.known();
    const crossed = bids[0] !== undefined && asks[0] !== undefined && bids[0].price >= asks[0].price;
    const shallow = (this.bidEdge !== undefined && bids.length < VIEW_LEVELS) || (this.askEdge !== undefined && asks.length < VIEW_LEVELS);
    if (crossed || shallow) {
      if (before !== 'resyncing') this.resyncs++;
      this.status = 'resyncing';
    }
  }

  /** The venue's top `levels` per side. */
  top(levels: number): { bids: BookLevel[]; asks: BookLevel[] } {
    return { bids: sorted(this.bids, 1).slice(0, levels), asks: sorted(this.asks, -1).slice(0, levels) };
  }

  /** The levels a client can know: those at or better than each edge. */
  known(): { bids: BookLevel[]; asks: BookLevel[] } {
    const edge = (levels: BookLevel[], at: number | undefined, sign: number) => (at === undefined ? levels : levels.filter((l) => (l.price - at) * sign >= 0));
    return { bids: edge(sorted(this.bids, 1), this.bidEdge, 1), asks: edge(sorted(this.asks, -1), this.askEdge, -1) };
  }

  /**
   * The venue applies every change; a change past the edge happened too, it is only unknown to the
   * client. A snapshot's levels are all known (its edge is set after).
   */
  private set(side: Map<number, number>, level: LevelChange, edge: number | undefined, sign: number, snapshot: boolean): void {
    if (level.size === 0) side.delete(level.price);
    else side.set(level.price, level.size);
    if (!snapshot && edge !== undefined && (level.price - edge) * sign < 0) this.unknownChanges++;
  }

  unknownChanges = 0;

  /** The edge after a frame: in to the `MAX_LEVELS`-th known level when more are known. */
  private edgeAfter(side: Map<number, number>, edge: number | undefined, sign: number): number | undefined {
    const known = sorted(side, sign).filter((l) => edge === undefined || (l.price - edge) * sign >= 0);
    return known.length > MAX_LEVELS ? known[MAX_LEVELS - 1]?.price : edge;
  }
}

/** A level at a price in tenths between `lo` and `hi` ticks; `minSize` 0 allows deletes. */
const level = (lo: number, hi: number, minSize: number): fc.Arbitrary<LevelChange> =>
  fc.record({ price: fc.integer({ min: lo, max: hi }).map((t) => t / 10), size: fc.integer({ min: minSize, max: 3000 }).map((n) => n / 1000) });

/** Whole-book snapshots, often deeper than `MAX_LEVELS`. */
const snapshotSides = fc.record({ bids: fc.array(level(100, 450, 1), { maxLength: 30 }), asks: fc.array(level(500, 900, 1), { maxLength: 30 }) });
/** Delta prices reach across the whole book and overlap around 48.5-49.5, so some deltas cross it. */
const deltaSides = fc.record({ bids: fc.array(level(100, 495, 0), { maxLength: 8 }), asks: fc.array(level(485, 900, 0), { maxLength: 8 }) });
/** Deltas that delete every level from a price to the top of one side, wearing a cut side down to its edge. */
const range = (from: number, to: number): LevelChange[] => Array.from({ length: to - from + 1 }, (_, k) => ({ price: (from + k) / 10, size: 0 }));
const wearSides = fc.oneof(
  fc.integer({ min: 300, max: 495 }).map((from) => ({ bids: range(from, 495), asks: [] })),
  fc.integer({ min: 485, max: 650 }).map((to) => ({ bids: [], asks: range(485, to) })),
);

type Op = { readonly action: BookUpdate['action']; readonly sides: { bids: LevelChange[]; asks: LevelChange[] } };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 12, arbitrary: deltaSides.map((sides): Op => ({ action: 'delta', sides })) },
  { weight: 4, arbitrary: wearSides.map((sides): Op => ({ action: 'delta', sides })) },
  { weight: 2, arbitrary: snapshotSides.map((sides): Op => ({ action: 'snapshot', sides })) },
  { weight: 1, arbitrary: fc.constant<Op>({ action: 'snapshot', sides: { bids: [{ price: 60, size: 1 }], asks: [{ price: 40, size: 1 }] } }) },
  {
    weight: 1,
    arbitrary: fc
      .boolean()
      .map((bid): Op => ({ action: 'delta', sides: bid ? { bids: [{ price: 95, size: 1 }], asks: [] } : { bids: [], asks: [{ price: 5, size: 1 }] } })),
  },
);

function framesOf(first: Op['sides'], ops: readonly Op[]): BookUpdate[] {
  return [{ action: 'snapshot' as const, sides: first }, ...ops].map((o, seq) => ({
    type: 'book_update',
    symbol: 'ETH-USD',
    action: o.action,
    ...o.sides,
    updateId: seq,
    exchangeTs: seq,
    receivedTs: seq,
  }));
}

describe('coinbaseBookReducer on random frame sequences', () => {
  it('publishes exactly the top of the whole book while keeping at most maxLevels a side, never crossed, each resync signalled once', () => {
    let unknown = 0;
    const resyncsSeen: Record<BookResyncReason, number> = { crossed: 0, gap: 0, checksum: 0, refused: 0, no_snapshot: 0 };
    const script = fc.record({ first: snapshotSides, ops: fc.array(op, { maxLength: 60 }) });
    fc.assert(
      fc.property(script, ({ first, ops }) => {
        const reducer = coinbaseBookReducer({ viewLevels: VIEW_LEVELS, maxLevels: MAX_LEVELS });
        const reference = new ReferenceBook();
        let state = reducer.initial('ETH-USD');
        let resyncs = 0;
        for (const frame of framesOf(first, ops)) {
          const step = reducer.reduce(state, [frame]);
          state = step.state;
          reference.apply(frame);
          for (const out of step.events) {
            if (out.type === 'book_resync') {
              resyncs++;
              resyncsSeen[out.reason]++;
              continue;
            }
            expect(out.bids[0]?.price ?? Number.NEGATIVE_INFINITY).toBeLessThan(out.asks[0]?.price ?? Number.POSITIVE_INFINITY);
            // The view is the venue's own top, though changes past the edge were never applied.
            expect({ bids: out.bids, asks: out.asks }).toEqual(reference.top(VIEW_LEVELS));
          }
          expect(state.status).toBe(reference.status);
          expect(state.book.bids.length).toBeLessThanOrEqual(MAX_LEVELS);
          expect(state.book.asks.length).toBeLessThanOrEqual(MAX_LEVELS);
          if (state.status === 'live') expect(topOfBook(state.book, Infinity)).toEqual(reference.known());
          else expect(state.book).toEqual({ bids: [], asks: [] });
        }
        expect(resyncs).toBe(reference.resyncs);
        unknown += reference.unknownChanges;
      }),
      { numRuns: 500 },
    );
    // Not a property over books that were never cut, nor one that never resyncs for either reason.
    expect(unknown).toBeGreaterThan(100);
    expect(resyncsSeen.crossed).toBeGreaterThan(50);
    expect(resyncsSeen.gap).toBeGreaterThan(10);
  });
});
