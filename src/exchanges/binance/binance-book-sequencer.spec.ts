import { describe, expect, it } from 'vitest';
import type { BookOutput, BookUpdate } from '../book-update.js';
import {
  DEFAULT_BINANCE_BOOK_SEQUENCER_CONFIG,
  initialBinanceBook,
  stepBinanceBook,
  type BinanceBookSequencerConfig,
  type BinanceBookState,
} from './binance-book-sequencer.js';

type Pairs = readonly (readonly [number, number])[];
const levels = (pairs: Pairs) => pairs.map(([price, size]) => ({ price, size }));

/** A depthUpdate covering ids `U..u`. */
const delta = (U: number, u: number, bids: Pairs = [], asks: Pairs = []): BookUpdate => ({
  type: 'book_update',
  symbol: 'BTCUSDT',
  action: 'delta',
  bids: levels(bids),
  asks: levels(asks),
  updateId: u,
  firstUpdateId: U,
  exchangeTs: 1000 + u,
  receivedTs: 2000 + u,
});
/** A REST snapshot as of `lastUpdateId`. */
const snapshot = (lastUpdateId: number, bids: Pairs, asks: Pairs): BookUpdate => ({
  type: 'book_update',
  symbol: 'BTCUSDT',
  action: 'snapshot',
  bids: levels(bids),
  asks: levels(asks),
  updateId: lastUpdateId,
  exchangeTs: 9000,
  receivedTs: 9000,
});

interface Run {
  readonly state: BinanceBookState;
  /** Outputs, and `fetch` wherever a step asked for a snapshot, in order. */
  readonly log: readonly string[];
  readonly outputs: readonly BookOutput[];
}

function run(updates: readonly BookUpdate[], config: Partial<BinanceBookSequencerConfig> = {}): Run {
  const settings = { ...DEFAULT_BINANCE_BOOK_SEQUENCER_CONFIG, ...config };
  let state = initialBinanceBook('BTCUSDT');
  const log: string[] = [];
  const outputs: BookOutput[] = [];
  for (const update of updates) {
    const step = stepBinanceBook(state, update, settings);
    state = step.state;
    outputs.push(...step.outputs);
    for (const o of step.outputs) log.push(o.type === 'book_view' ? `view ${o.updateId}` : `resync ${o.reason} at ${o.updateId}: ${o.detail}`);
    if (step.overflowed) log.push('overflow');
    if (step.fetch) log.push('fetch');
  }
  return { state, log, outputs };
}

const sides = (o: BookOutput | undefined) =>
  o?.type === 'book_view' ? { bids: o.bids.map((l) => [l.price, l.size]), asks: o.asks.map((l) => [l.price, l.size]) } : o;

describe('stepBinanceBook (current rule)', () => {
  it('buffers deltas before the snapshot and asks for one snapshot on the first delta only', () => {
    const { log, state } = run([delta(101, 103), delta(104, 106), delta(107, 107)]);
    expect(log).toEqual(['fetch']);
    expect(state).toMatchObject({ status: 'buffering', fetching: true });
    expect(state.status === 'buffering' ? state.buffer.map((u) => u.updateId) : []).toEqual([103, 106, 107]);
  });

  it('asks again while the snapshot is older than the first buffered U, then builds the book from a newer one', () => {
    const { log, outputs } = run([
      delta(101, 103, [[100, 1]]),
      snapshot(99, [[100, 5]], [[102, 5]]),
      delta(104, 106, [], [[101.5, 2]]),
      snapshot(100, [[100, 5]], [[102, 5]]),
      snapshot(
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
    expect(sides(outputs.at(-1))).toEqual({
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
    const { outputs, state } = run([
      delta(90, 95, [[100, 9]]),
      delta(96, 100, [[100, 8]]),
      delta(101, 104, [
        [99, 0],
        [98, 3],
      ]),
      delta(105, 105, [], [[103, 1]]),
      snapshot(
        100,
        [
          [100, 1],
          [99, 1],
        ],
        [[101, 1]],
      ),
    ]);
    expect(outputs).toHaveLength(1);
    expect(sides(outputs[0])).toEqual({
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
    const { log } = run([delta(50, 60), snapshot(70, [[100, 1]], [[101, 1]]), delta(71, 72, [[99, 1]]), delta(73, 73, [], [[102, 1]])]);
    expect(log).toEqual(['fetch', 'view 70', 'view 72', 'view 73']);
  });

  it('ignores a live delta whose u is at or below the local id', () => {
    const { log, state } = run([
      delta(10, 10),
      snapshot(20, [[100, 1]], [[101, 1]]),
      delta(21, 22, [[99, 1]]),
      delta(19, 22, [[42, 1]]),
      delta(15, 18),
      delta(23, 23),
    ]);
    expect(log).toEqual(['fetch', 'view 20', 'view 22', 'view 23']);
    expect(state.status === 'live' ? state.book.bids.map((l) => l.price) : []).toEqual([100, 99]);
  });

  it('accepts an event that overlaps the local id (U <= local + 1 <= u)', () => {
    expect(run([delta(10, 10), snapshot(20, [[100, 1]], [[101, 1]]), delta(18, 25, [[99, 1]])]).log).toEqual(['fetch', 'view 20', 'view 25']);
  });

  it('on U > local + 1 emits one gap resync, asks for a new snapshot and rebuilds from the offending event on', () => {
    const { log, outputs, state } = run([
      delta(10, 10),
      snapshot(20, [[100, 1]], [[101, 1]]),
      delta(21, 21, [[99, 1]]),
      delta(24, 25, [[98, 1]]),
      delta(26, 26, [[97, 1]]),
      snapshot(24, [[100, 2]], [[101, 2]]),
    ]);
    expect(log).toEqual(['fetch', 'view 20', 'view 21', 'resync gap at 25: expected U <= 22, got 24', 'fetch', 'view 26']);
    expect(outputs[2]).toMatchObject({ type: 'book_resync', symbol: 'BTCUSDT', reason: 'gap', exchangeTs: 1025, receivedTs: 2025 });
    expect(sides(outputs.at(-1))).toEqual({
      bids: [
        [100, 2],
        [98, 1],
        [97, 1],
      ],
      asks: [[101, 2]],
    });
    expect(state).toMatchObject({ status: 'live', lastUpdateId: 26 });
  });

  it('finds a gap inside the buffer when the snapshot is applied', () => {
    const { log } = run([delta(10, 12), delta(15, 16), snapshot(11, [[100, 1]], [[101, 1]])]);
    expect(log).toEqual(['fetch', 'resync gap at 16: expected U <= 13, got 15', 'fetch']);
  });

  it('never publishes a crossed or locked book: resync (crossed) and a new snapshot', () => {
    const { log, outputs } = run([
      delta(10, 10),
      snapshot(20, [[100, 1]], [[102, 1]]),
      delta(21, 21, [], [[100, 1]]),
      delta(22, 22, [], [[100, 0]]),
      snapshot(21, [[100, 1]], [[102, 1]]),
      snapshot(30, [[101, 1]], [[101, 1]]),
    ]);
    expect(log).toEqual(['fetch', 'view 20', 'resync crossed at 21: best bid 100 >= best ask 100', 'fetch', 'view 22']);
    expect(outputs.filter((o) => o.type === 'book_view').every((o) => (o.bids[0]?.price ?? 0) < (o.asks[0]?.price ?? Infinity))).toBe(true);
    expect(run([delta(10, 10), snapshot(20, [[101, 1]], [[101, 1]])]).log).toEqual(['fetch', 'resync crossed at 20: best bid 101 >= best ask 101', 'fetch']);
  });

  it('restarts a symbol whose buffer overflows before its snapshot, counting it, without a second request in flight', () => {
    const { log, state } = run([delta(1, 1), delta(2, 2), delta(3, 3), delta(4, 4), delta(5, 5)], { maxBuffered: 2 });
    expect(log).toEqual(['fetch', 'overflow', 'overflow']);
    expect(state).toMatchObject({ status: 'buffering', overflows: 2, fetching: true });
    expect(state.status === 'buffering' ? state.buffer.map((u) => u.updateId) : []).toEqual([5]);
  });

  it('ignores a snapshot that arrives while the book is live', () => {
    expect(run([delta(10, 10), snapshot(20, [[100, 1]], [[101, 1]]), snapshot(500, [[1, 1]], [[2, 1]])]).log).toEqual(['fetch', 'view 20']);
  });
});

describe('stepBinanceBook (Binance US rule)', () => {
  const us = { rule: 'us' } as const;

  it('takes a snapshot whose lastUpdateId + 1 falls inside the first newer event', () => {
    expect(run([delta(18, 22, [[99, 1]]), snapshot(20, [[100, 1]], [[101, 1]])], us).log).toEqual(['fetch', 'view 22']);
  });

  it('asks again when the first newer event starts after lastUpdateId + 1', () => {
    expect(run([delta(18, 22), snapshot(16, [[100, 1]], [[101, 1]])], us).log).toEqual(['fetch', 'fetch']);
  });

  it('then wants each U to be the previous u + 1: an overlapping event is a gap', () => {
    const { log } = run([delta(18, 22), snapshot(20, [[100, 1]], [[101, 1]]), delta(23, 24), delta(24, 26)], us);
    expect(log).toEqual(['fetch', 'view 22', 'view 24', 'resync gap at 26: expected U 25, got 24', 'fetch']);
  });

  it('lets the first event after a newer snapshot bracket lastUpdateId + 1', () => {
    expect(run([delta(10, 12), snapshot(30, [[100, 1]], [[101, 1]]), delta(29, 33, [[99, 1]]), delta(34, 34)], us).log).toEqual([
      'fetch',
      'view 30',
      'view 33',
      'view 34',
    ]);
  });
});
