import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BookLevel } from '../../model/order-book.js';
import { topOfBook, type LevelChange } from '../l2-book.js';
import { okxBookReducer, type OkxBookUpdate } from './okx-book-reducer.js';

/** A side holding exactly these levels: a later duplicate price wins, size 0 means absent. */
function fresh(levels: readonly LevelChange[]): Map<number, number> {
  const side = new Map<number, number>();
  for (const l of levels) side.set(l.price, l.size);
  for (const [price, size] of side) if (size === 0) side.delete(price);
  return side;
}

/** The same rules, naively: a Map per side, sorted only when read; the chain by `prevSeqId` = last `seqId`. */
class ReferenceBook {
  bids = new Map<number, number>();
  asks = new Map<number, number>();
  lastSeq = 0;
  status: 'empty' | 'live' | 'resyncing' = 'empty';
  resyncs = 0;

  apply(update: OkxBookUpdate): void {
    const before = this.status;
    const prev = update.prevUpdateId ?? -1;
    if (update.action === 'snapshot') {
      this.bids = fresh(update.bids);
      this.asks = fresh(update.asks);
      this.lastSeq = update.updateId;
      this.status = 'live';
    } else if (this.status !== 'live') {
      return;
    } else if (prev !== this.lastSeq) {
      if (prev < this.lastSeq && update.updateId <= this.lastSeq) return;
      this.resync(before);
      return;
    } else {
      for (const l of update.bids)
        if (l.size === 0) this.bids.delete(l.price);
        else this.bids.set(l.price, l.size);
      for (const l of update.asks)
        if (l.size === 0) this.asks.delete(l.price);
        else this.asks.set(l.price, l.size);
      this.lastSeq = update.updateId;
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
/** Update prices overlap around 48-52, so some updates cross the book. */
const updateSides = fc.record({ bids: fc.array(level(100, 520, 0), { maxLength: 6 }), asks: fc.array(level(480, 900, 0), { maxLength: 6 }) });
const NO_LEVELS = { bids: [], asks: [] };

type Sides = { bids: LevelChange[]; asks: LevelChange[] };
type Op = { readonly kind: 'next' | 'gap' | 'repeat' | 'reset' | 'snapshot'; readonly by: number; readonly sides: Sides } | { readonly kind: 'keepalive' };

const op: fc.Arbitrary<Op> = fc.oneof(
  // OKX's `seqId`s rise by any amount: only the chain says what follows what.
  { weight: 12, arbitrary: fc.tuple(fc.integer({ min: 1, max: 40 }), updateSides).map(([by, sides]): Op => ({ kind: 'next', by, sides })) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 40 }), updateSides).map(([by, sides]): Op => ({ kind: 'gap', by, sides })) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 0, max: 3 }), updateSides).map(([by, sides]): Op => ({ kind: 'repeat', by, sides })) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: 'keepalive' }) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 50 }), updateSides).map(([by, sides]): Op => ({ kind: 'reset', by, sides })) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 50 }), snapshotSides).map(([by, sides]): Op => ({ kind: 'snapshot', by, sides })) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1, max: 50 })
      .map((by): Op => ({ kind: 'snapshot', by, sides: { bids: [{ price: 60, size: 1 }], asks: [{ price: 40, size: 1 }] } })),
  },
);

/** The venue's pushes for a script: the chain continues, skips a push, repeats one, keeps alive, resets or starts again. */
function pushesOf(first: { seq: number; sides: Sides }, ops: readonly Op[]): OkxBookUpdate[] {
  let seq = first.seq;
  let previous: { seq: number; prev: number } | undefined;
  const pushOf = (action: OkxBookUpdate['action'], seqId: number, prevSeqId: number, sides: Sides): OkxBookUpdate => ({
    type: 'book_update',
    symbol: 'BTC-USDT',
    action,
    ...sides,
    updateId: seqId,
    prevUpdateId: prevSeqId,
    exchangeTs: seqId,
    receivedTs: seqId,
  });
  const pushes = [pushOf('snapshot', seq, -1, first.sides)];
  for (const o of ops) {
    if (o.kind === 'keepalive') {
      pushes.push(pushOf('delta', seq, seq, NO_LEVELS));
      continue;
    }
    if (o.kind === 'repeat') {
      if (previous !== undefined && o.by === 0) pushes.push(pushOf('delta', previous.seq, previous.prev, o.sides));
      else pushes.push(pushOf('delta', Math.max(0, seq - o.by), Math.max(0, seq - o.by - 5), o.sides));
      continue;
    }
    const prev = o.kind === 'snapshot' ? -1 : o.kind === 'gap' ? seq + 1 : seq;
    const next = o.kind === 'reset' ? Math.max(0, seq - o.by) : o.kind === 'gap' ? seq + 1 + o.by : seq + o.by;
    previous = { seq: next, prev };
    seq = next;
    pushes.push(pushOf(o.kind === 'snapshot' ? 'snapshot' : 'delta', next, prev, o.sides));
  }
  return pushes;
}

const VIEW_LEVELS = 5;

describe('okxBookReducer on random push sequences', () => {
  it('never publishes a crossed book, signals each resync once, and otherwise matches a naive reference book', () => {
    const script = fc.record({
      first: fc.record({ seq: fc.integer({ min: 100, max: 1_000_000 }), sides: snapshotSides }),
      ops: fc.array(op, { maxLength: 60 }),
    });
    fc.assert(
      fc.property(script, ({ first, ops }) => {
        const reducer = okxBookReducer({ viewLevels: VIEW_LEVELS });
        const reference = new ReferenceBook();
        let state = reducer.initial('BTC-USDT');
        let resyncs = 0;
        for (const push of pushesOf(first, ops)) {
          const step = reducer.reduce(state, [push]);
          state = step.state;
          reference.apply(push);
          for (const out of step.events) {
            if (out.type === 'book_resync') {
              resyncs++;
              continue;
            }
            expect(out.bids[0]?.price ?? Number.NEGATIVE_INFINITY).toBeLessThan(out.asks[0]?.price ?? Number.POSITIVE_INFINITY);
            expect({ bids: out.bids, asks: out.asks }).toEqual(reference.sorted(VIEW_LEVELS));
          }
          expect(state.status).toBe(reference.status);
          expect(topOfBook(state.book, Infinity)).toEqual(reference.sorted(Infinity));
        }
        expect(resyncs).toBe(reference.resyncs);
      }),
      { numRuns: 500 },
    );
  });
});
