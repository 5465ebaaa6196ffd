import { describe, expect, it } from 'vitest';
import type { BookInput, BookOutput, BookUpdate } from '../book-update.js';
import { coinbaseBookReducer, type CoinbaseBookState } from './coinbase-book-reducer.js';

type Pairs = readonly (readonly [number, number])[];

/** Folds updates one frame at a time, as `scan` would, keeping every output. */
function run(updates: readonly BookInput[], reducer = coinbaseBookReducer({ viewLevels: 5 })): { state: CoinbaseBookState; out: BookOutput[] } {
  let state = reducer.initial('ETH-USD');
  const out: BookOutput[] = [];
  for (const update of updates) {
    const step = reducer.reduce(state, [update]);
    state = step.state;
    out.push(...step.events);
  }
  return { state, out };
}

function update(action: BookUpdate['action'], seq: number, bids: Pairs, asks: Pairs): BookUpdate {
  const levels = (pairs: Pairs) => pairs.map(([price, size]) => ({ price, size }));
  return {
    type: 'book_update',
    symbol: 'ETH-USD',
    action,
    bids: levels(bids),
    asks: levels(asks),
    updateId: seq,
    exchangeTs: 1000 + seq,
    receivedTs: 2000 + seq,
  };
}
const snapshot = (seq: number, bids: Pairs, asks: Pairs) => update('snapshot', seq, bids, asks);
const delta = (seq: number, bids: Pairs, asks: Pairs) => update('delta', seq, bids, asks);

/** The published view as `[price, size]` pairs, best first, or the resync as text. */
function shown(output: BookOutput | undefined): unknown {
  if (output?.type === 'book_resync') return `resync ${output.reason} at ${output.updateId}: ${output.detail}`;
  if (output === undefined) return undefined;
  return { bids: output.bids.map((l) => [l.price, l.size]), asks: output.asks.map((l) => [l.price, l.size]), seq: output.updateId };
}

/** `n` levels a tick apart from `from` (down for bids, up for asks), size 1. */
const ladder = (from: number, n: number, step: number): Pairs => Array.from({ length: n }, (_, k) => [from + k * step, 1] as const);

describe('coinbaseBookReducer', () => {
  it('publishes a snapshot, then applies absolute sizes: 0 deletes, a known price takes the new size, an unknown one inserts', () => {
    const { out, state } = run([
      snapshot(
        21,
        [
          [100, 1],
          [99, 2],
        ],
        [
          [101, 1],
          [102, 2],
        ],
      ),
      delta(
        22,
        [
          [99, 0],
          [100, 3],
          [98.5, 4],
        ],
        [[101.5, 5]],
      ),
    ]);
    expect(out.map(shown)).toEqual([
      {
        bids: [
          [100, 1],
          [99, 2],
        ],
        asks: [
          [101, 1],
          [102, 2],
        ],
        seq: 21,
      },
      {
        bids: [
          [100, 3],
          [98.5, 4],
        ],
        asks: [
          [101, 1],
          [101.5, 5],
          [102, 2],
        ],
        seq: 22,
      },
    ]);
    expect(out.at(-1)).toMatchObject({ type: 'book_view', symbol: 'ETH-USD', exchangeTs: 1022, receivedTs: 2022 });
    expect(state).toMatchObject({ status: 'live', lastUpdateId: 22 });
  });

  it('replaces the book on a snapshot instead of merging it into the old one', () => {
    const { out } = run([snapshot(1, [[100, 1]], [[101, 1]]), delta(2, [[99, 1]], []), snapshot(7, [[97, 2]], [[103, 2]])]);
    expect(shown(out.at(-1))).toEqual({ bids: [[97, 2]], asks: [[103, 2]], seq: 7 });
  });

  it('says the book is down at a delta that comes before any snapshot (one book_resync, no_snapshot), then drops deltas until a snapshot', () => {
    const { out, state } = run([delta(5, [[100, 1]], [[101, 1]]), delta(6, [[99, 1]], [])]);
    expect(out).toEqual([
      expect.objectContaining({ type: 'book_resync', symbol: 'ETH-USD', reason: 'no_snapshot', detail: 'no snapshot received before update 5' }),
    ]);
    expect(state).toMatchObject({ status: 'resyncing', reason: 'no_snapshot' });
  });

  it('on a refused l2_data frame of the product drops the book at once (one book_resync, refused): no later delta is applied to a book missing one', () => {
    const { out, state } = run([
      snapshot(1, [[100, 1]], [[101, 1]]),
      { type: 'book_lost', symbol: 'ETH-USD', error: '$.events[0].type: expected "snapshot" or "update"', receivedTs: 7000 },
      delta(3, [[99, 1]], []),
      snapshot(4, [[100, 2]], [[101, 2]]),
      delta(5, [[99, 1]], []),
    ]);
    expect(out.map(shown)).toEqual([
      { bids: [[100, 1]], asks: [[101, 1]], seq: 1 },
      'resync refused at 0: $.events[0].type: expected "snapshot" or "update"',
      { bids: [[100, 2]], asks: [[101, 2]], seq: 4 },
      {
        bids: [
          [100, 2],
          [99, 1],
        ],
        asks: [[101, 2]],
        seq: 5,
      },
    ]);
    expect(state).toMatchObject({ status: 'live', lastUpdateId: 5 });
  });

  it('treats deleting an absent level as a no-op and still publishes the frame', () => {
    const { out } = run([snapshot(1, [[100, 1]], [[101, 1]]), delta(2, [[42, 0]], [[150, 0]])]);
    expect(out.map(shown)).toEqual([
      { bids: [[100, 1]], asks: [[101, 1]], seq: 1 },
      { bids: [[100, 1]], asks: [[101, 1]], seq: 2 },
    ]);
  });

  it('never publishes a crossed or locked book: one resync (crossed), nothing until a snapshot, then live again', () => {
    const { out, state } = run([
      snapshot(1, [[100, 1]], [[102, 1]]),
      delta(2, [], [[100, 1]]),
      delta(3, [], [[100, 0]]),
      snapshot(4, [[100, 1]], [[102, 1]]),
      delta(5, [[103, 1]], []),
      snapshot(6, [[100, 1]], [[99, 1]]),
    ]);
    expect(out.map(shown)).toEqual([
      { bids: [[100, 1]], asks: [[102, 1]], seq: 1 },
      'resync crossed at 2: best bid 100 >= best ask 100',
      { bids: [[100, 1]], asks: [[102, 1]], seq: 4 },
      'resync crossed at 5: best bid 103 >= best ask 102',
    ]);
    expect(out[1]).toMatchObject({ symbol: 'ETH-USD', exchangeTs: 1002, receivedTs: 2002 });
    expect(state).toMatchObject({ status: 'resyncing', reason: 'crossed' });
  });

  it('keeps the best maxLevels per side of a whole-book snapshot and publishes viewLevels', () => {
    const { out, state } = run([snapshot(1, ladder(100, 10, -1), ladder(101, 10, 1))], coinbaseBookReducer({ viewLevels: 2, maxLevels: 4 }));
    expect(shown(out[0])).toEqual({
      bids: [
        [100, 1],
        [99, 1],
      ],
      asks: [
        [101, 1],
        [102, 1],
      ],
      seq: 1,
    });
    expect([state.book.bids.map((l) => l.price), state.book.asks.map((l) => l.price), state.bidEdge, state.askEdge]).toEqual([
      [100, 99, 98, 97],
      [101, 102, 103, 104],
      97,
      104,
    ]);
  });

  it('ignores changes beyond the edge of a cut side: the levels past it are no longer known', () => {
    const reducer = coinbaseBookReducer({ viewLevels: 2, maxLevels: 4 });
    const { state } = run(
      [
        snapshot(1, ladder(100, 10, -1), ladder(101, 10, 1)),
        delta(
          2,
          [
            [96.5, 7],
            [95, 0],
            [97, 3],
          ],
          [[104.5, 7]],
        ),
      ],
      reducer,
    );
    expect(state.book.bids.map((l) => [l.price, l.size])).toEqual([
      [100, 1],
      [99, 1],
      [98, 1],
      [97, 3],
    ]);
    expect(state.book.asks.map((l) => l.price)).toEqual([101, 102, 103, 104]);
  });

  it('moves the edge in when inserts push a side past maxLevels, so memory stays bounded', () => {
    const reducer = coinbaseBookReducer({ viewLevels: 2, maxLevels: 4 });
    const { state } = run(
      [
        snapshot(1, ladder(100, 4, -1), [[101, 1]]),
        delta(
          2,
          [
            [100.5, 1],
            [99.5, 1],
          ],
          [],
        ),
      ],
      reducer,
    );
    expect([state.book.bids.map((l) => l.price), state.bidEdge, state.askEdge]).toEqual([[100.5, 100, 99.5, 99], 99, undefined]);
    // 97 was dropped with the cut; a change to it is now beyond the edge and ignored.
    const after = reducer.reduce(state, [delta(3, [[97, 5]], [])]).state;
    expect(after.book.bids.map((l) => l.price)).toEqual([100.5, 100, 99.5, 99]);
  });

  it('resyncs (gap) once a cut side has fewer known levels than it publishes, and lives again on a snapshot', () => {
    const reducer = coinbaseBookReducer({ viewLevels: 3, maxLevels: 4 });
    const { out, state } = run(
      [
        snapshot(1, ladder(100, 6, -1), ladder(101, 6, 1)),
        delta(2, [[100, 0]], []),
        delta(3, [[99, 0]], []),
        delta(4, [[98, 5]], []),
        snapshot(5, ladder(90, 3, -1), ladder(91, 3, 1)),
      ],
      reducer,
    );
    expect(out.map((o) => (o.type === 'book_view' ? `view ${o.updateId} ${o.bids.length}x${o.asks.length}` : shown(o)))).toEqual([
      'view 1 3x3',
      'view 2 3x3',
      'resync gap at 3: 2 bids known down to 97, fewer than the 3 published',
      'view 5 3x3',
    ]);
    expect(state).toMatchObject({ status: 'live', lastUpdateId: 5 });
    expect(state.bidEdge).toBeUndefined();
  });

  it('publishes a shallow side while the whole side is known (never cut)', () => {
    const { out } = run([snapshot(1, [[100, 1]], ladder(101, 3, 1)), delta(2, [[100, 0]], [])]);
    expect(shown(out.at(-1))).toEqual({
      bids: [],
      asks: [
        [101, 1],
        [102, 1],
        [103, 1],
      ],
      seq: 2,
    });
  });

  it('folds all the updates of one batch in order', () => {
    const reducer = coinbaseBookReducer({ viewLevels: 5 });
    const step = reducer.reduce(reducer.initial('ETH-USD'), [snapshot(1, [[100, 1]], [[101, 1]]), delta(2, [[99, 1]], [])]);
    expect(step.events.map(shown)).toEqual([
      { bids: [[100, 1]], asks: [[101, 1]], seq: 1 },
      {
        bids: [
          [100, 1],
          [99, 1],
        ],
        asks: [[101, 1]],
        seq: 2,
      },
    ]);
  });
});
