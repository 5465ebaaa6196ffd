import { describe, expect, it } from 'vitest';
import type { BookLoss } from '../book-update.js';
import { chainedDelta, depthDelta, depthSnapshot, sidesOf, stepBook } from './__fixtures__/binance-book-steps.js';

/** A refused BTCUSDT depth frame (the decoder's peek named the symbol). */
const lost = (receivedTs: number): BookLoss => ({
  type: 'book_lost',
  symbol: 'BTCUSDT',
  error: '$.data.U: first update id 9 is after final update id 8',
  receivedTs,
});

describe('stepBinanceBook (current rule)', () => {
  it('buffers deltas before the snapshot and asks for one snapshot on the first delta only', () => {
    const { log, state } = stepBook([depthDelta(101, 103), depthDelta(104, 106), depthDelta(107, 107)]);
    expect(log).toEqual(['fetch']);
    expect(state).toMatchObject({ status: 'buffering', fetching: true });
    expect(state.status === 'buffering' ? state.buffer.map((u) => u.updateId) : []).toEqual([103, 106, 107]);
  });

  it('asks again while the snapshot is older than the first buffered U, then builds the book from a newer one', () => {
    const { log, outputs } = stepBook([
      depthDelta(101, 103, [[100, 1]]),
      depthSnapshot(99, [[100, 5]], [[102, 5]]),
      depthDelta(104, 106, [], [[101.5, 2]]),
      depthSnapshot(100, [[100, 5]], [[102, 5]]),
      depthSnapshot(
        104,
        [
          [100, 5],
          [99, 1],
        ],
        [[102, 5]],
      ),
    ]);
    expect(log).toEqual(['fetch', 'fetch', 'fetch', 'view 106']);
    // 103 <= lastUpdateId 104 is dropped; 104..106 brackets 105 and applies.
    expect(sidesOf(outputs.at(-1))).toEqual({
      bids: [
        [100, 5],
        [99, 1],
      ],
      asks: [
        [101.5, 2],
        [102, 5],
      ],
    });
  });

  it('drops buffered events with u <= lastUpdateId and applies the rest in order', () => {
    const { outputs, state } = stepBook([
      depthDelta(90, 95, [[100, 9]]),
      depthDelta(96, 100, [[100, 8]]),
      depthDelta(101, 104, [
        [99, 0],
        [98, 3],
      ]),
      depthDelta(105, 105, [], [[103, 1]]),
      depthSnapshot(
        100,
        [
          [100, 1],
          [99, 1],
        ],
        [[101, 1]],
      ),
    ]);
    expect(outputs).toHaveLength(1);
    expect(sidesOf(outputs[0])).toEqual({
      bids: [
        [100, 1],
        [98, 3],
      ],
      asks: [
        [101, 1],
        [103, 1],
      ],
    });
    expect(outputs[0]).toMatchObject({ updateId: 105, exchangeTs: 1105, receivedTs: 2105 });
    expect(state).toMatchObject({ status: 'live', lastUpdateId: 105 });
  });

  it('publishes the snapshot alone when no buffered event is newer, then each following delta', () => {
    const { log } = stepBook([
      depthDelta(50, 60),
      depthSnapshot(70, [[100, 1]], [[101, 1]]),
      depthDelta(71, 72, [[99, 1]]),
      depthDelta(73, 73, [], [[102, 1]]),
    ]);
    expect(log).toEqual(['fetch', 'view 70', 'view 72', 'view 73']);
  });

  it('ignores a live delta whose u is at or below the local id', () => {
    const { log, state } = stepBook([
      depthDelta(10, 10),
      depthSnapshot(20, [[100, 1]], [[101, 1]]),
      depthDelta(21, 22, [[99, 1]]),
      depthDelta(19, 22, [[42, 1]]),
      depthDelta(15, 18),
      depthDelta(23, 23),
    ]);
    expect(log).toEqual(['fetch', 'view 20', 'view 22', 'view 23']);
    expect(state.status === 'live' ? state.book.bids.map((l) => l.price) : []).toEqual([100, 99]);
  });

  it('accepts an event that overlaps the local id (U <= local + 1 <= u)', () => {
    expect(stepBook([depthDelta(10, 10), depthSnapshot(20, [[100, 1]], [[101, 1]]), depthDelta(18, 25, [[99, 1]])]).log).toEqual([
      'fetch',
      'view 20',
      'view 25',
    ]);
  });

  it('on U > local + 1 emits one gap resync, asks for a new snapshot and rebuilds from the offending event on', () => {
    const { log, outputs, state } = stepBook([
      depthDelta(10, 10),
      depthSnapshot(20, [[100, 1]], [[101, 1]]),
      depthDelta(21, 21, [[99, 1]]),
      depthDelta(24, 25, [[98, 1]]),
      depthDelta(26, 26, [[97, 1]]),
      depthSnapshot(24, [[100, 2]], [[101, 2]]),
    ]);
    expect(log).toEqual(['fetch', 'view 20', 'view 21', 'resync gap at 25: expected U <= 22, got 24', 'fetch', 'view 26']);
    expect(outputs[2]).toMatchObject({ type: 'book_resync', symbol: 'BTCUSDT', reason: 'gap', exchangeTs: 1025, receivedTs: 2025 });
    expect(sidesOf(outputs.at(-1))).toEqual({
      bids: [
        [100, 2],
        [98, 1],
        [97, 1],
      ],
      asks: [[101, 2]],
    });
    expect(state).toMatchObject({ status: 'live', lastUpdateId: 26 });
  });

  it('on a single lost event (U = local + 2) emits the gap resync too: one missing id is enough', () => {
    const { log, outputs, state } = stepBook([
      depthDelta(10, 10),
      depthSnapshot(20, [[100, 1]], [[101, 1]]),
      depthDelta(21, 21, [[99, 1]]),
      // Event 22 is lost.
      depthDelta(23, 23, [[98, 1]]),
      depthSnapshot(23, [[100, 3]], [[101, 3]]),
      depthDelta(24, 24, [[97, 1]]),
    ]);
    expect(log).toEqual(['fetch', 'view 20', 'view 21', 'resync gap at 23: expected U <= 22, got 23', 'fetch', 'view 23', 'view 24']);
    expect(outputs[2]).toMatchObject({ type: 'book_resync', reason: 'gap', updateId: 23 });
    expect(sidesOf(outputs.at(-1))).toEqual({
      bids: [
        [100, 3],
        [97, 1],
      ],
      asks: [[101, 3]],
    });
    expect(state).toMatchObject({ status: 'live', lastUpdateId: 24 });
  });

  it('finds a single lost event inside the buffer when the snapshot is applied', () => {
    const { log } = stepBook([depthDelta(10, 12), depthDelta(14, 14), depthSnapshot(11, [[100, 1]], [[101, 1]])]);
    expect(log).toEqual(['fetch', 'resync gap at 14: expected U <= 13, got 14', 'fetch']);
  });

  it('on a refused depth frame drops a live book at once (resync refused), and the next delta asks for a snapshot', () => {
    const { log, outputs, state } = stepBook([
      depthDelta(10, 10),
      depthSnapshot(20, [[100, 1]], [[101, 1]]),
      lost(5000),
      depthDelta(22, 22, [[99, 1]]),
      depthSnapshot(22, [[100, 2]], [[101, 2]]),
    ]);
    expect(log).toEqual(['fetch', 'view 20', 'resync refused at 0: $.data.U: first update id 9 is after final update id 8', 'fetch', 'view 22']);
    expect(outputs[1]).toEqual({
      type: 'book_resync',
      symbol: 'BTCUSDT',
      reason: 'refused',
      detail: '$.data.U: first update id 9 is after final update id 8',
      updateId: 0,
      exchangeTs: 5000,
      receivedTs: 5000,
    });
    expect(state).toMatchObject({ status: 'live', lastUpdateId: 22 });
  });

  it('keeps buffering through a refused depth frame: the snapshot tells a lost event it covers from one it does not', () => {
    expect(stepBook([depthDelta(10, 10), lost(5000), depthDelta(12, 12), depthSnapshot(11, [[100, 1]], [[101, 1]])]).log).toEqual(['fetch', 'view 12']);
    expect(stepBook([depthDelta(10, 10), lost(5000), depthDelta(12, 12), depthSnapshot(10, [[100, 1]], [[101, 1]])]).log).toEqual([
      'fetch',
      'resync gap at 12: expected U <= 11, got 12',
      'fetch',
    ]);
  });

  it('finds a gap inside the buffer when the snapshot is applied', () => {
    const { log } = stepBook([depthDelta(10, 12), depthDelta(15, 16), depthSnapshot(11, [[100, 1]], [[101, 1]])]);
    expect(log).toEqual(['fetch', 'resync gap at 16: expected U <= 13, got 15', 'fetch']);
  });

  it('never publishes a crossed or locked book: resync (crossed) and a new snapshot', () => {
    const { log, outputs } = stepBook([
      depthDelta(10, 10),
      depthSnapshot(20, [[100, 1]], [[102, 1]]),
      depthDelta(21, 21, [], [[100, 1]]),
      depthDelta(22, 22, [], [[100, 0]]),
      depthSnapshot(21, [[100, 1]], [[102, 1]]),
      depthSnapshot(30, [[101, 1]], [[101, 1]]),
    ]);
    expect(log).toEqual(['fetch', 'view 20', 'resync crossed at 21: best bid 100 >= best ask 100', 'fetch', 'view 22']);
    expect(outputs.filter((o) => o.type === 'book_view').every((o) => (o.bids[0]?.price ?? 0) < (o.asks[0]?.price ?? Infinity))).toBe(true);
    expect(stepBook([depthDelta(10, 10), depthSnapshot(20, [[101, 1]], [[101, 1]])]).log).toEqual([
      'fetch',
      'resync crossed at 20: best bid 101 >= best ask 101',
      'fetch',
    ]);
  });

  it('restarts a symbol whose buffer overflows before its snapshot, counting it, without a second request in flight', () => {
    const { log, state } = stepBook([depthDelta(1, 1), depthDelta(2, 2), depthDelta(3, 3), depthDelta(4, 4), depthDelta(5, 5)], { maxBuffered: 2 });
    expect(log).toEqual(['fetch', 'overflow', 'overflow']);
    expect(state).toMatchObject({ status: 'buffering', overflows: 2, fetching: true });
    expect(state.status === 'buffering' ? state.buffer.map((u) => u.updateId) : []).toEqual([5]);
  });

  it('ignores a snapshot that arrives while the book is live', () => {
    expect(stepBook([depthDelta(10, 10), depthSnapshot(20, [[100, 1]], [[101, 1]]), depthSnapshot(500, [[1, 1]], [[2, 1]])]).log).toEqual(['fetch', 'view 20']);
  });
});

describe('stepBinanceBook (Binance US rule)', () => {
  const us = { rule: 'us' } as const;

  it('takes a snapshot whose lastUpdateId + 1 falls inside the first newer event', () => {
    expect(stepBook([depthDelta(18, 22, [[99, 1]]), depthSnapshot(20, [[100, 1]], [[101, 1]])], us).log).toEqual(['fetch', 'view 22']);
  });

  it('asks again when the first newer event starts after lastUpdateId + 1', () => {
    expect(stepBook([depthDelta(18, 22), depthSnapshot(16, [[100, 1]], [[101, 1]])], us).log).toEqual(['fetch', 'fetch']);
  });

  it('then wants each U to be the previous u + 1: an overlapping event is a gap', () => {
    const { log } = stepBook([depthDelta(18, 22), depthSnapshot(20, [[100, 1]], [[101, 1]]), depthDelta(23, 24), depthDelta(24, 26)], us);
    expect(log).toEqual(['fetch', 'view 22', 'view 24', 'resync gap at 26: expected U 25, got 24', 'fetch']);
  });

  it('finds a single lost event: U one past the previous u + 1', () => {
    const { log } = stepBook([depthDelta(18, 22), depthSnapshot(20, [[100, 1]], [[101, 1]]), depthDelta(23, 24), depthDelta(26, 26)], us);
    expect(log).toEqual(['fetch', 'view 22', 'view 24', 'resync gap at 26: expected U 25, got 26', 'fetch']);
  });

  it('lets the first event after a newer snapshot bracket lastUpdateId + 1', () => {
    expect(stepBook([depthDelta(10, 12), depthSnapshot(30, [[100, 1]], [[101, 1]]), depthDelta(29, 33, [[99, 1]]), depthDelta(34, 34)], us).log).toEqual([
      'fetch',
      'view 30',
      'view 33',
      'view 34',
    ]);
  });
});

describe('stepBinanceBook (futures rule)', () => {
  const futures = { rule: 'futures' } as const;

  it('finds a single lost event by its pu: the next event names the lost one as its previous', () => {
    const { log } = stepBook(
      [chainedDelta(95, 105, 90), depthSnapshot(100, [[100, 1]], [[101, 1]]), chainedDelta(106, 110, 105), chainedDelta(116, 120, 115)],
      futures,
    );
    // The event 111..115 (pu 110) is lost: the next names 115 as its previous, and the book holds 110.
    expect(log).toEqual(['fetch', 'view 105', 'view 110', 'resync gap at 120: expected pu 110, got 115', 'fetch']);
  });
});
