import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BookInput, BookLoss, BookOutput, BookUpdate } from '../book-update.js';
import type { LevelChange } from '../l2-book.js';
import { bybitBookReducer, type BybitBookState } from './bybit-book-reducer.js';
import { parseBybitFrame } from './bybit-frames.js';
import { mapBybitBookFrame } from './bybit-mappers.js';

const reducer = bybitBookReducer();

/** Folds updates one frame at a time, as `scan` would, keeping every output. */
function run(updates: readonly BookInput[], config = reducer): { state: BybitBookState; out: BookOutput[] } {
  let state = config.initial('BTCUSDT');
  const out: BookOutput[] = [];
  for (const update of updates) {
    const step = config.reduce(state, [update]);
    state = step.state;
    out.push(...step.events);
  }
  return { state, out };
}

const levels = (pairs: readonly (readonly [number, number])[]): LevelChange[] => pairs.map(([price, size]) => ({ price, size }));

function update(
  action: BookUpdate['action'],
  u: number,
  bids: readonly (readonly [number, number])[],
  asks: readonly (readonly [number, number])[],
): BookUpdate {
  return { type: 'book_update', symbol: 'BTCUSDT', action, bids: levels(bids), asks: levels(asks), updateId: u, exchangeTs: 1000 + u, receivedTs: 2000 + u };
}

const snapshot = (u: number, bids: readonly (readonly [number, number])[], asks: readonly (readonly [number, number])[]) => update('snapshot', u, bids, asks);
const delta = (u: number, bids: readonly (readonly [number, number])[], asks: readonly (readonly [number, number])[]) => update('delta', u, bids, asks);

function fromText(lines: readonly string[]): BookUpdate[] {
  return lines.map((line, n) => {
    const result = parseBybitFrame(line);
    if (!result.ok || result.frame.kind !== 'book') throw new Error(`line ${n}: not a book frame`);
    return mapBybitBookFrame(result.frame, 5000 + n);
  });
}

/** The published view as `[price, size]` pairs, best first. */
function sides(output: BookOutput | undefined): unknown {
  if (output?.type !== 'book_view') return output;
  return { bids: output.bids.map((l) => [l.price, l.size]), asks: output.asks.map((l) => [l.price, l.size]), u: output.updateId };
}

describe('bybitBookReducer', () => {
  it('applies deltas to the documentation snapshot to give the book worked out by hand', () => {
    // The snapshot is orderbook.mdx's own example (its "..." removed); the deltas follow it in the same shape, spot key order.
    const frames = [
      '{"topic":"orderbook.50.BTCUSDT","type":"snapshot","ts":1672304484978,"data":{"s":"BTCUSDT","b":[["16493.50","0.006"],["16493.00","0.100"]],"a":[["16611.00","0.029"],["16612.00","0.213"]],"u":18521288,"seq":7961638724},"cts":1672304484976}',
      '{"topic":"orderbook.50.BTCUSDT","ts":1672304485001,"type":"delta","data":{"s":"BTCUSDT","b":[["16493.50","0.010"],["16492.50","0.300"]],"a":[["16611.00","0"],["16610.00","0.500"]],"u":18521289,"seq":7961638730},"cts":1672304484999}',
      '{"topic":"orderbook.50.BTCUSDT","ts":1672304485021,"type":"delta","data":{"s":"BTCUSDT","b":[["16493.00","0"],["16500.00","1.000"]],"a":[["16613.50","0.050"]],"u":18521290,"seq":7961638741},"cts":1672304485019}',
    ];
    const { state, out } = run(fromText(frames));
    expect(out.map(sides)).toEqual([
      {
        bids: [
          [16493.5, 0.006],
          [16493, 0.1],
        ],
        asks: [
          [16611, 0.029],
          [16612, 0.213],
        ],
        u: 18521288,
      },
      {
        bids: [
          [16493.5, 0.01],
          [16493, 0.1],
          [16492.5, 0.3],
        ],
        asks: [
          [16610, 0.5],
          [16612, 0.213],
        ],
        u: 18521289,
      },
      {
        bids: [
          [16500, 1],
          [16493.5, 0.01],
          [16492.5, 0.3],
        ],
        asks: [
          [16610, 0.5],
          [16612, 0.213],
          [16613.5, 0.05],
        ],
        u: 18521290,
      },
    ]);
    expect(out.at(-1)).toMatchObject({ type: 'book_view', symbol: 'BTCUSDT', exchangeTs: 1672304485019, receivedTs: 5002 });
    expect(state).toMatchObject({ status: 'live', lastUpdateId: 18521290 });
  });

  it('replays the recorded spot orderbook.200 frames without a gap or a crossed book', () => {
    const lines = readFileSync(new URL('../../../test/fixtures/exchange-frames/bybit-orderbook.ndjson', import.meta.url), 'utf8').split('\n');
    const { state, out } = run(fromText(lines.filter((line) => line.includes('orderbook.200.BTCUSDT'))), bybitBookReducer({ viewLevels: 5 }));
    expect(out.map((o) => o.type)).toEqual(Array<string>(21).fill('book_view'));
    // Expected: the same 21 frames applied by a separate naive script (a dict per side), not by this code.
    expect(sides(out.at(-1))).toEqual({
      bids: [
        [65140.4, 0.946347],
        [65140.1, 0.018183],
        [65140, 0.014],
        [65139.7, 0.012907],
        [65139.6, 0.004622],
      ],
      asks: [
        [65140.5, 0.238456],
        [65140.8, 0.076782],
        [65141, 0.000231],
        [65141.2, 0.004587],
        [65141.4, 0.006],
      ],
      u: 62505444,
    });
    expect([state.book.bids.length, state.book.asks.length]).toEqual([200, 200]);
  });

  it('replaces the book on a snapshot instead of merging it into the old one', () => {
    const { out } = run([
      snapshot(
        10,
        [
          [100, 1],
          [99, 1],
        ],
        [
          [101, 1],
          [102, 1],
        ],
      ),
      delta(11, [[98, 1]], []),
      snapshot(500, [[97, 2]], [[103, 2]]),
    ]);
    expect(sides(out.at(-1))).toEqual({ bids: [[97, 2]], asks: [[103, 2]], u: 500 });
  });

  it('treats u = 1 as a reset, even on a delta, and continues from it', () => {
    const { out, state } = run([
      snapshot(10, [[100, 1]], [[101, 1]]),
      delta(
        1,
        [
          [90, 1],
          [89, 0],
        ],
        [[95, 1]],
      ),
      delta(2, [[91, 1]], []),
    ]);
    expect(out.slice(1).map(sides)).toEqual([
      { bids: [[90, 1]], asks: [[95, 1]], u: 1 },
      {
        bids: [
          [91, 1],
          [90, 1],
        ],
        asks: [[95, 1]],
        u: 2,
      },
    ]);
    expect(state.status).toBe('live');
  });

  it('ignores a stale delta (u at or below the last u) and emits nothing for it', () => {
    const { out, state } = run([
      snapshot(10, [[100, 1]], [[101, 1]]),
      delta(11, [[99, 1]], []),
      delta(11, [[98, 1]], []),
      delta(7, [[100, 0]], []),
      delta(12, [[97, 1]], []),
    ]);
    expect(out.map(sides)).toEqual([
      { bids: [[100, 1]], asks: [[101, 1]], u: 10 },
      {
        bids: [
          [100, 1],
          [99, 1],
        ],
        asks: [[101, 1]],
        u: 11,
      },
      {
        bids: [
          [100, 1],
          [99, 1],
          [97, 1],
        ],
        asks: [[101, 1]],
        u: 12,
      },
    ]);
    expect(state).toMatchObject({ status: 'live', lastUpdateId: 12 });
  });

  it('signals one resync on a gap, then drops every delta until the next snapshot', () => {
    const { out, state } = run([
      snapshot(10, [[100, 1]], [[101, 1]]),
      delta(13, [[99, 1]], []),
      delta(14, [[98, 1]], []),
      delta(15, [[97, 1]], []),
      snapshot(40, [[90, 1]], [[91, 1]]),
      delta(41, [[89, 1]], []),
    ]);
    expect(out.map((o) => (o.type === 'book_resync' ? `${o.type} ${o.reason} ${o.detail}` : o.type))).toEqual([
      'book_view',
      'book_resync gap expected u 11, got 13',
      'book_view',
      'book_view',
    ]);
    expect(out[1]).toMatchObject({ symbol: 'BTCUSDT', updateId: 13, exchangeTs: 1013, receivedTs: 2013 });
    expect(sides(out.at(-1))).toEqual({
      bids: [
        [90, 1],
        [89, 1],
      ],
      asks: [[91, 1]],
      u: 41,
    });
    expect(state.status).toBe('live');
  });

  it('says the book is down at a delta that comes before any snapshot (one book_resync, no_snapshot), then drops deltas until a snapshot', () => {
    const { out, state } = run([delta(5, [[100, 1]], [[101, 1]]), delta(6, [[99, 1]], [])]);
    expect(out).toEqual([
      {
        type: 'book_resync',
        symbol: 'BTCUSDT',
        reason: 'no_snapshot',
        detail: 'no snapshot received before update 5',
        updateId: 5,
        exchangeTs: 1005,
        receivedTs: 2005,
      },
    ]);
    expect(state).toMatchObject({ status: 'resyncing', reason: 'no_snapshot' });
  });

  it('on a refused frame of the topic drops the book at once (one book_resync, refused), then waits for a snapshot', () => {
    const lost: BookLoss = { type: 'book_lost', symbol: 'BTCUSDT', error: '$.data.u: expected a positive integer', receivedTs: 7000 };
    const { out, state } = run([
      snapshot(10, [[100, 1]], [[101, 1]]),
      lost,
      delta(12, [[99, 1]], []),
      snapshot(12, [[100, 2]], [[101, 2]]),
      delta(13, [[99, 1]], []),
    ]);
    expect(out.map((o) => o.type)).toEqual(['book_view', 'book_resync', 'book_view', 'book_view']);
    expect(out[1]).toEqual({
      type: 'book_resync',
      symbol: 'BTCUSDT',
      reason: 'refused',
      detail: '$.data.u: expected a positive integer',
      updateId: 0,
      exchangeTs: 7000,
      receivedTs: 7000,
    });
    expect(state).toMatchObject({ status: 'live', lastUpdateId: 13 });
    expect(state.refusals).toBeUndefined();
  });

  it('asks again for each refused frame while down (it may have been the snapshot asked for), up to maxRefusals, then waits quietly', () => {
    const lost = (n: number): BookLoss => ({ type: 'book_lost', symbol: 'BTCUSDT', error: 'cut short', receivedTs: n });
    const { out, state } = run([lost(1), lost(2), lost(3), lost(4), delta(5, [], [])], bybitBookReducer({ maxRefusals: 3 }));
    expect(out.map((o) => `${o.type} ${o.type === 'book_resync' ? o.reason : ''}`)).toEqual([
      'book_resync refused',
      'book_resync refused',
      'book_resync refused',
    ]);
    expect(state).toMatchObject({ status: 'resyncing', refusals: 4 });
    const back = run([lost(1), lost(2), snapshot(5, [[100, 1]], [[101, 1]]), lost(6)]);
    expect(back.out.map((o) => o.type)).toEqual(['book_resync', 'book_resync', 'book_view', 'book_resync']);
    expect(back.state).toMatchObject({ status: 'resyncing', refusals: 1 });
  });

  it('treats deleting an absent level as a no-op and still publishes the frame', () => {
    const { out } = run([snapshot(10, [[100, 1]], [[101, 1]]), delta(11, [[42, 0]], [[150, 0]])]);
    expect(out.map(sides)).toEqual([
      { bids: [[100, 1]], asks: [[101, 1]], u: 10 },
      { bids: [[100, 1]], asks: [[101, 1]], u: 11 },
    ]);
  });

  it('never publishes a crossed or locked book: one resync (crossed), then nothing until a snapshot', () => {
    const { out, state } = run([
      snapshot(10, [[100, 1]], [[102, 1]]),
      delta(11, [], [[100, 1]]),
      delta(12, [], [[100, 0]]),
      snapshot(20, [[100, 1]], [[102, 1]]),
      delta(21, [[103, 1]], []),
      snapshot(30, [[100, 1]], [[99, 1]]),
    ]);
    expect(out.map((o) => (o.type === 'book_resync' ? `${o.reason} at ${o.updateId}: ${o.detail}` : `view ${o.updateId}`))).toEqual([
      'view 10',
      'crossed at 11: best bid 100 >= best ask 100',
      'view 20',
      'crossed at 21: best bid 103 >= best ask 102',
    ]);
    expect(state).toMatchObject({ status: 'resyncing', reason: 'crossed' });
  });

  it('keeps at most maxLevels per side, dropping the worst, and publishes viewLevels', () => {
    const small = bybitBookReducer({ viewLevels: 1, maxLevels: 2 });
    const { out, state } = run(
      [
        snapshot(
          10,
          [
            [100, 1],
            [99, 1],
            [98, 1],
          ],
          [
            [101, 1],
            [102, 1],
            [103, 1],
          ],
        ),
        delta(11, [[97.5, 1]], []),
      ],
      small,
    );
    expect(sides(out.at(-1))).toEqual({ bids: [[100, 1]], asks: [[101, 1]], u: 11 });
    expect(state.book).toEqual({
      bids: [
        { price: 100, size: 1 },
        { price: 99, size: 1 },
      ],
      asks: [
        { price: 101, size: 1 },
        { price: 102, size: 1 },
      ],
    });
  });

  it('folds all the updates of one batch in order', () => {
    const step = reducer.reduce(reducer.initial('BTCUSDT'), [snapshot(10, [[100, 1]], [[101, 1]]), delta(11, [[99, 1]], [])]);
    expect(step.events.map(sides)).toEqual([
      { bids: [[100, 1]], asks: [[101, 1]], u: 10 },
      {
        bids: [
          [100, 1],
          [99, 1],
        ],
        asks: [[101, 1]],
        u: 11,
      },
    ]);
  });
});
