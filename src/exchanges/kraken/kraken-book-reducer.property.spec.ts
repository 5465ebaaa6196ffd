import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BookLevel } from '../../model/order-book.js';
import type { KrakenLevel } from './kraken-book-frames.js';
import { krakenBookReducer } from './kraken-book-reducer.js';
import type { KrakenBookUpdate } from './kraken-book-update.js';

const DEPTH = 10;
const MAX_FAILED_SNAPSHOTS = 2;

/** A level in integers: price in tenths, quantity in 1e-8 (0 deletes); `padded` writes it at full precision. */
interface Change {
  readonly ticks: number;
  readonly units: number;
  readonly padded: boolean;
}
interface Sides {
  readonly bids: readonly Change[];
  readonly asks: readonly Change[];
}
type Side = Map<number, number>;

/** Kraken's side of the socket: the true book, cut to the depth after every message, and the checksum of it (written out with integers). */
class Venue {
  bids: Side = new Map();
  asks: Side = new Map();

  apply(sides: Sides, replace: boolean): void {
    if (replace) {
      this.bids = new Map();
      this.asks = new Map();
    }
    applyChanges(this.bids, sides.bids);
    applyChanges(this.asks, sides.asks);
    this.bids = cut(this.bids, -1);
    this.asks = cut(this.asks, 1);
  }

  levels(padded: boolean): Sides {
    const side = (m: Side) => [...m].map(([ticks, units]) => ({ ticks, units, padded }));
    return { bids: side(this.bids), asks: side(this.asks) };
  }

  checksum(): number {
    return checksumOf(this.bids, this.asks);
  }
}

/** The client the reducer should be, naively: Maps sorted when read. */
class Reference {
  bids: Side = new Map();
  asks: Side = new Map();
  status: 'empty' | 'live' | 'resyncing' = 'empty';
  failedSnapshots = 0;
  resyncs = 0;
  views = 0;

  receive(sides: Sides, snapshot: boolean, checksum: number): void {
    // An update before any snapshot: the book says it is down, once.
    if (!snapshot && this.status === 'empty') {
      this.status = 'resyncing';
      this.resyncs++;
      return;
    }
    if (!snapshot && this.status !== 'live') return;
    const bids = snapshot ? new Map<number, number>() : new Map(this.bids);
    const asks = snapshot ? new Map<number, number>() : new Map(this.asks);
    applyChanges(bids, sides.bids);
    applyChanges(asks, sides.asks);
    const cutBids = cut(bids, -1);
    const cutAsks = cut(asks, 1);
    const bestBid = Math.max(...cutBids.keys());
    const bestAsk = Math.min(...cutAsks.keys());
    if (bestBid >= bestAsk || checksumOf(cutBids, cutAsks) !== checksum) {
      this.failedSnapshots = snapshot ? this.failedSnapshots + 1 : 0;
      if (this.status !== 'resyncing' || (snapshot && this.failedSnapshots <= MAX_FAILED_SNAPSHOTS)) this.resyncs++;
      this.status = 'resyncing';
      this.bids = new Map();
      this.asks = new Map();
      return;
    }
    this.bids = cutBids;
    this.asks = cutAsks;
    this.status = 'live';
    this.failedSnapshots = 0;
    this.views++;
  }

  sorted(): { bids: BookLevel[]; asks: BookLevel[] } {
    const side = (m: Side, sign: number) => [...m].sort(([a], [b]) => (a - b) * sign).map(([ticks, units]) => ({ price: ticks / 10, size: units / 1e8 }));
    return { bids: side(this.bids, -1), asks: side(this.asks, 1) };
  }
}

function applyChanges(side: Side, changes: readonly Change[]): void {
  for (const { ticks, units } of changes) {
    if (units === 0) side.delete(ticks);
    else side.set(ticks, units);
  }
}

/** The best `DEPTH` levels (`sign` -1: highest first). */
function cut(side: Side, sign: number): Side {
  return new Map([...side].sort(([a], [b]) => (a - b) * sign).slice(0, DEPTH));
}

/** Asks low to high then bids high to low, top 10, each `<price digits><quantity digits>`: at 1 and 8 decimals these are the integers. */
function checksumOf(bids: Side, asks: Side): number {
  const text = (m: Side, sign: number) =>
    [...m]
      .sort(([a], [b]) => (a - b) * sign)
      .slice(0, 10)
      .map(([ticks, units]) => `${ticks}${units}`)
      .join('');
  return zlibCrc32(text(asks, 1) + text(bids, -1));
}

/** A change as Kraken would send it: numbers, and texts padded to 1 and 8 decimals or re-serialised without trailing zeros. */
function krakenLevel({ ticks, units, padded }: Change): KrakenLevel {
  const priceText = padded || ticks % 10 !== 0 ? `${Math.floor(ticks / 10)}.${ticks % 10}` : String(ticks / 10);
  const fraction = String(units % 1e8).padStart(8, '0');
  const trimmed = fraction.replace(/0+$/, '');
  const qtyText = padded ? `${Math.floor(units / 1e8)}.${fraction}` : `${Math.floor(units / 1e8)}${trimmed === '' ? '' : `.${trimmed}`}`;
  return { price: ticks / 10, size: units / 1e8, priceText, qtyText };
}

function message(sides: Sides, snapshot: boolean, checksum: number, n: number): KrakenBookUpdate {
  return {
    type: 'book_update',
    symbol: 'BTC/USD',
    action: snapshot ? 'snapshot' : 'delta',
    bids: sides.bids.map(krakenLevel),
    asks: sides.asks.map(krakenLevel),
    updateId: n,
    exchangeTs: n,
    receivedTs: n,
    checksum,
  };
}

const change = (lo: number, hi: number, deletes: boolean): fc.Arbitrary<Change> =>
  fc.record({
    ticks: fc.integer({ min: lo, max: hi }),
    units: deletes ? fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 300_000_000 })) : fc.integer({ min: 1, max: 300_000_000 }),
    padded: fc.boolean(),
  });
/** Bids 90.0-99.9, asks 100.1-110.0: updates never cross the true book; `cross` messages do. */
const updateSides: fc.Arbitrary<Sides> = fc.record({
  bids: fc.array(change(900, 999, true), { maxLength: 6 }),
  asks: fc.array(change(1001, 1100, true), { maxLength: 6 }),
});
const startSides: fc.Arbitrary<Sides> = fc.record({
  bids: fc.array(change(900, 999, false), { maxLength: 14 }),
  asks: fc.array(change(1001, 1100, false), { maxLength: 14 }),
});

type Op =
  | { readonly kind: 'update' | 'lost' | 'corrupt'; readonly sides: Sides }
  | { readonly kind: 'snapshot'; readonly padded: boolean; readonly corrupt: boolean }
  | { readonly kind: 'cross'; readonly bid: boolean };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 12, arbitrary: updateSides.map((sides): Op => ({ kind: 'update', sides })) },
  { weight: 1, arbitrary: updateSides.map((sides): Op => ({ kind: 'lost', sides })) },
  { weight: 1, arbitrary: updateSides.map((sides): Op => ({ kind: 'corrupt', sides })) },
  { weight: 2, arbitrary: fc.record({ padded: fc.boolean(), corrupt: fc.boolean() }).map((s): Op => ({ kind: 'snapshot', ...s })) },
  { weight: 1, arbitrary: fc.boolean().map((bid): Op => ({ kind: 'cross', bid })) },
);

describe('krakenBookReducer on random message sequences', () => {
  it('never publishes a crossed book, signals each resync as a naive client would, and otherwise matches the true book', () => {
    fc.assert(
      fc.property(startSides, fc.array(op, { maxLength: 60 }), (start, ops) => {
        const venue = new Venue();
        venue.apply(start, true);
        const reference = new Reference();
        const reducer = krakenBookReducer({ depth: DEPTH, maxFailedSnapshots: MAX_FAILED_SNAPSHOTS, precisionOf: () => ({ price: 1, qty: 8 }) });
        let state = reducer.initial('BTC/USD');
        let resyncs = 0;
        let views = 0;
        ops.forEach((o, n) => {
          let sent: { sides: Sides; snapshot: boolean; checksum: number } | undefined;
          if (o.kind === 'snapshot') {
            const checksum = venue.checksum();
            sent = { sides: venue.levels(o.padded), snapshot: true, checksum: o.corrupt ? (checksum ^ 1) >>> 0 : checksum };
          } else if (o.kind === 'cross') {
            const sides = o.bid ? { bids: [{ ticks: 1100, units: 1, padded: true }], asks: [] } : { bids: [], asks: [{ ticks: 900, units: 1, padded: true }] };
            sent = { sides, snapshot: false, checksum: 0 };
          } else {
            venue.apply(o.sides, false);
            if (o.kind !== 'lost') sent = { sides: o.sides, snapshot: false, checksum: o.kind === 'corrupt' ? (venue.checksum() ^ 1) >>> 0 : venue.checksum() };
          }
          if (sent === undefined) return;
          reference.receive(sent.sides, sent.snapshot, sent.checksum);
          const step = reducer.reduce(state, [message(sent.sides, sent.snapshot, sent.checksum, n)]);
          state = step.state;
          for (const out of step.events) {
            if (out.type === 'book_resync') {
              resyncs++;
              continue;
            }
            views++;
            expect(out.bids[0]?.price ?? Number.NEGATIVE_INFINITY).toBeLessThan(out.asks[0]?.price ?? Number.POSITIVE_INFINITY);
            expect({ bids: out.bids, asks: out.asks }).toEqual(reference.sorted());
          }
          expect(state.status).toBe(reference.status);
          expect({ bids: state.book.bids, asks: state.book.asks }).toEqual(reference.sorted());
        });
        expect({ resyncs, views }).toEqual({ resyncs: reference.resyncs, views: reference.views });
      }),
      { numRuns: 400 },
    );
  });

  it('learns the precision from padded messages alone (no configured precision) and verifies every one of them', () => {
    fc.assert(
      fc.property(startSides, fc.array(updateSides, { maxLength: 30 }), (start, updates) => {
        const venue = new Venue();
        venue.apply(start, true);
        const reducer = krakenBookReducer({ depth: DEPTH });
        const pad = (sides: Sides): Sides => ({ bids: sides.bids.map((c) => ({ ...c, padded: true })), asks: sides.asks.map((c) => ({ ...c, padded: true })) });
        let state = reducer.initial('BTC/USD');
        const outputs: string[] = [];
        const deliver = (sides: Sides, snapshot: boolean, n: number) => {
          const step = reducer.reduce(state, [message(pad(sides), snapshot, venue.checksum(), n)]);
          state = step.state;
          outputs.push(...step.events.map((e) => e.type));
        };
        deliver(venue.levels(true), true, 0);
        updates.forEach((sides, n) => {
          venue.apply(sides, false);
          deliver(sides, false, n + 1);
        });
        // A book with no level at all says nothing of the precision; every other message verifies.
        expect(outputs.filter((type) => type === 'book_resync')).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
