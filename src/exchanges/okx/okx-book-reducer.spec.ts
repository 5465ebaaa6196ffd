import { describe, expect, it } from 'vitest';
import type { BookInput, BookOutput } from '../book-update.js';
import { okxBookReducer, type OkxBookState, type OkxBookUpdate } from './okx-book-reducer.js';

type Pairs = readonly (readonly [number, number])[];

/** A push of BTC-USDT: its `seqId` and `prevSeqId` (undefined: a push without a sequence). */
function push(action: 'snapshot' | 'delta', seq: readonly [number, number] | undefined, bids: Pairs, asks: Pairs): OkxBookUpdate {
  const update: OkxBookUpdate = {
    type: 'book_update',
    symbol: 'BTC-USDT',
    action,
    bids: bids.map(([price, size]) => ({ price, size })),
    asks: asks.map(([price, size]) => ({ price, size })),
    updateId: seq?.[0] ?? 0,
    exchangeTs: 1000 + (seq?.[0] ?? 0),
    receivedTs: 2000 + (seq?.[0] ?? 0),
  };
  return seq === undefined ? update : { ...update, prevUpdateId: seq[1] };
}

const snapshot = (seqId: number, bids: Pairs, asks: Pairs) => push('snapshot', [seqId, -1], bids, asks);
const update = (seqId: number, prevSeqId: number, bids: Pairs, asks: Pairs) => push('delta', [seqId, prevSeqId], bids, asks);

function run(inputs: readonly BookInput[], reducer = okxBookReducer()): { state: OkxBookState; out: BookOutput[] } {
  let state = reducer.initial('BTC-USDT');
  const out: BookOutput[] = [];
  for (const input of inputs) {
    const step = reducer.reduce(state, [input]);
    state = step.state;
    out.push(...step.events);
  }
  return { state, out };
}

/** A view's levels as pairs, best first; a resync as its reason and evidence. */
const seen = (output: BookOutput | undefined): unknown =>
  output?.type === 'book_view'
    ? { bids: output.bids.map((l) => [l.price, l.size]), asks: output.asks.map((l) => [l.price, l.size]), seqId: output.updateId }
    : output === undefined
      ? undefined
      : { resync: output.reason, detail: output.detail };

const BOOK = snapshot(
  100,
  [
    [99, 1],
    [98, 2],
  ],
  [
    [101, 1],
    [102, 2],
  ],
);

describe('okxBookReducer', () => {
  it('publishes a snapshot as the book, and a snapshot replaces the book: never merged into it', () => {
    const { out } = run([BOOK, snapshot(500, [[90, 5]], [[110, 5]])]);
    expect(out.map(seen)).toEqual([
      {
        bids: [
          [99, 1],
          [98, 2],
        ],
        asks: [
          [101, 1],
          [102, 2],
        ],
        seqId: 100,
      },
      { bids: [[90, 5]], asks: [[110, 5]], seqId: 500 },
    ]);
  });

  it('applies an update whose `prevSeqId` is the last `seqId`: sizes absolute, 0 deletes, an absent 0 is a no-op, a new price inserts', () => {
    const { out, state } = run([
      BOOK,
      update(
        104,
        100,
        [
          [99, 3],
          [98, 0],
          [97, 0],
          [96, 4],
        ],
        [[101.5, 1]],
      ),
    ]);
    expect(seen(out[1])).toEqual({
      bids: [
        [99, 3],
        [96, 4],
      ],
      asks: [
        [101, 1],
        [101.5, 1],
        [102, 2],
      ],
      seqId: 104,
    });
    expect(state).toMatchObject({ status: 'live', lastSeqId: 104 });
  });

  it('applies OKX\u2019s keep-alive (no levels, `seqId` = `prevSeqId`) and the update after a sequence reset (`seqId` below `prevSeqId`)', () => {
    const { out, state } = run([BOOK, update(100, 100, [], []), update(7, 100, [[99, 5]], []), update(9, 7, [], [[101, 0]])]);
    expect(out.map((o) => o.type)).toEqual(['book_view', 'book_view', 'book_view', 'book_view']);
    expect(seen(out[3])).toEqual({
      bids: [
        [99, 5],
        [98, 2],
      ],
      asks: [[102, 2]],
      seqId: 9,
    });
    expect(state.lastSeqId).toBe(9);
  });

  it('ignores an update already applied (a repeat), and keeps the chain', () => {
    const { out, state } = run([BOOK, update(104, 100, [[99, 3]], []), update(104, 100, [[99, 7]], []), update(110, 104, [], [])]);
    expect(out.map(seen).map((v) => (v as { seqId?: number }).seqId)).toEqual([100, 104, 110]);
    expect(state).toMatchObject({ status: 'live', lastSeqId: 110 });
  });

  it('resyncs on a broken chain, once, and drops every update until the next snapshot', () => {
    const { out, state } = run([BOOK, update(120, 110, [[99, 3]], []), update(130, 120, [[99, 4]], []), snapshot(200, [[95, 1]], [[105, 1]])]);
    expect(out.map(seen)).toEqual([
      expect.objectContaining({ seqId: 100 }),
      { resync: 'gap', detail: 'expected prevSeqId 100, got 110' },
      { bids: [[95, 1]], asks: [[105, 1]], seqId: 200 },
    ]);
    expect(state).toMatchObject({ status: 'live', lastSeqId: 200 });
  });

  it('resyncs an update that comes before any snapshot (`no_snapshot`)', () => {
    const { out, state } = run([update(104, 100, [[99, 3]], [])]);
    expect(out.map(seen)).toEqual([{ resync: 'no_snapshot', detail: 'no snapshot received before update 104' }]);
    expect(state.status).toBe('resyncing');
  });

  it('never publishes a crossed or locked book: it resyncs instead', () => {
    const { out, state } = run([BOOK, update(101, 100, [[101, 1]], [])]);
    expect(out.map(seen)).toEqual([expect.objectContaining({ seqId: 100 }), { resync: 'crossed', detail: 'best bid 101 >= best ask 101' }]);
    expect(state.book).toEqual({ bids: [], asks: [] });
  });

  it('resyncs a book whose push was refused, at once, and asks again while down up to `maxRefusals`', () => {
    const loss = { type: 'book_lost', symbol: 'BTC-USDT', error: '$.data[0].ts: expected epoch milliseconds as a decimal string', receivedTs: 5 } as const;
    const { out } = run([BOOK, loss, loss, loss, loss], okxBookReducer({ maxRefusals: 3 }));
    expect(out.map((o) => (o.type === 'book_resync' ? o.reason : o.type))).toEqual(['book_view', 'refused', 'refused', 'refused']);
  });

  it('applies pushes without a sequence (the 2022 recordings) in the order they come', () => {
    const { out } = run([push('snapshot', undefined, [[99, 1]], [[101, 1]]), push('delta', undefined, [[99, 0]], [[100.5, 2]])]);
    expect(out.map(seen)).toEqual([
      { bids: [[99, 1]], asks: [[101, 1]], seqId: 0 },
      {
        bids: [],
        asks: [
          [100.5, 2],
          [101, 1],
        ],
        seqId: 0,
      },
    ]);
  });

  it('keeps at most `maxLevels` a side and publishes the top `viewLevels`', () => {
    const bids: [number, number][] = Array.from({ length: 10 }, (_, n) => [90 - n, 1]);
    const asks: [number, number][] = Array.from({ length: 10 }, (_, n) => [110 + n, 1]);
    const { out, state } = run([snapshot(1, bids, asks)], okxBookReducer({ maxLevels: 4, viewLevels: 2 }));
    expect(state.book.bids.map((l) => l.price)).toEqual([90, 89, 88, 87]);
    expect(state.book.asks.map((l) => l.price)).toEqual([110, 111, 112, 113]);
    expect(seen(out[0])).toEqual({
      bids: [
        [90, 1],
        [89, 1],
      ],
      asks: [
        [110, 1],
        [111, 1],
      ],
      seqId: 1,
    });
  });

  it('keeps 400 levels a side by default, the depth of `books`', () => {
    const bids: [number, number][] = Array.from({ length: 450 }, (_, n) => [1000 - n, 1]);
    const { state, out } = run([snapshot(1, bids, [[2000, 1]])]);
    expect(state.book.bids).toHaveLength(400);
    expect(out[0]?.type === 'book_view' ? out[0].bids.length : 0).toBe(50);
  });
});
