import { describe, expect, it } from 'vitest';
import type { BookLevel } from '../../model/order-book.js';
import type { BookOutput, BookUpdate } from '../book-update.js';
import { coinbaseBookReducer } from './coinbase-book-reducer.js';
import { coinbaseBookUpdates } from './coinbase-book-updates.js';
import { parsedFrame, recordedBookLines } from './__fixtures__/recorded-frames.js';

/** The recorded ETH-USD session: the whole-book snapshot, then 374 updates. */
const updates: readonly BookUpdate[] = recordedBookLines().flatMap((line, n) => {
  const frame = parsedFrame(line);
  return frame.kind === 'l2_data' ? coinbaseBookUpdates(frame, n) : [];
});

/** The recorded frames folded naively from their JSON: a Map per side of the whole book, never cut. */
function naiveTops(levels: number): { bids: BookLevel[]; asks: BookLevel[] }[] {
  const bids = new Map<string, string>();
  const asks = new Map<string, string>();
  /** The best `levels` of a side by one pass over it (sorting 23,000 levels per frame would take seconds). */
  const top = (side: Map<string, string>, sign: number) => {
    const best: BookLevel[] = [];
    for (const [text, size] of side) {
      const price = Number(text);
      if (best.length === levels && (price - (best[levels - 1]?.price ?? 0)) * sign <= 0) continue;
      best.push({ price, size: Number(size) });
      best.sort((x, y) => (y.price - x.price) * sign);
      if (best.length > levels) best.pop();
    }
    return best;
  };
  return recordedBookLines().map((line) => {
    const frame = JSON.parse(line) as { events: { type: string; updates: { side: string; price_level: string; new_quantity: string }[] }[] };
    for (const event of frame.events) {
      if (event.type === 'snapshot') {
        bids.clear();
        asks.clear();
      }
      for (const u of event.updates) {
        const side = u.side === 'bid' ? bids : asks;
        if (Number(u.new_quantity) === 0) side.delete(u.price_level);
        else side.set(u.price_level, u.new_quantity);
      }
    }
    return { bids: top(bids, 1), asks: top(asks, -1) };
  });
}

function fold(viewLevels: number, maxLevels: number): BookOutput[] {
  const reducer = coinbaseBookReducer({ viewLevels, maxLevels });
  let state = reducer.initial('ETH-USD');
  const out: BookOutput[] = [];
  for (const update of updates) {
    const step = reducer.reduce(state, [update]);
    state = step.state;
    out.push(...step.events);
  }
  return out;
}

describe('coinbaseBookReducer on the recorded ETH-USD level2 session', () => {
  it('publishes one view per frame, never crossed, ending on the top worked out by a separate script', () => {
    const out = fold(50, 1000);
    expect(out.map((o) => o.type)).toEqual(Array<string>(375).fill('book_view'));
    for (const view of out) if (view.type === 'book_view') expect(view.bids[0]?.price ?? 0).toBeLessThan(view.asks[0]?.price ?? Infinity);
    const last = out.at(-1);
    if (last?.type !== 'book_view') throw new Error('no view');
    // Decimal arithmetic over the same file in Python, not this code.
    expect(last.bids.slice(0, 5).map((l) => [l.price, l.size])).toEqual([
      [1919.28, 0.14476526],
      [1919.27, 1.1531],
      [1919.22, 4.09143798],
      [1919.21, 5.69922995],
      [1919.2, 0.001],
    ]);
    expect(last.asks.slice(0, 5).map((l) => [l.price, l.size])).toEqual([
      [1919.38, 0.01194407],
      [1919.39, 2.50653957],
      [1919.42, 2.08409363],
      [1919.45, 1],
      [1919.46, 3.51537216],
    ]);
    // 21:06:12.846921, the last update's event time; sequence_num 1029.
    expect([last.updateId, last.exchangeTs]).toEqual([1029, 1_786_309_572_846]);
  });

  it('matches a naive fold of the whole book at every frame, at the default depth and at a shallow one', () => {
    const expected = naiveTops(10);
    for (const [viewLevels, maxLevels] of [
      [10, 1000],
      [10, 40],
    ] as const) {
      const views = fold(viewLevels, maxLevels).map((o) => (o.type === 'book_view' ? { bids: o.bids, asks: o.asks } : o));
      expect(views).toEqual(expected);
    }
  });
});
