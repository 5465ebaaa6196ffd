import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { BookOutput } from '../book-update.js';
import { okxLines, okxParsed } from './__fixtures__/okx-frames-at-hand.js';
import { okxBookUpdates } from './okx-book-plan.js';
import { okxBookReducer } from './okx-book-reducer.js';

/** One side of the recorded book as its text says it: price -> the `[price, size]` strings last received. */
type TextSide = Map<number, readonly [string, string]>;

/**
 * The recorded 2022 book kept naively from the frames' own strings (a Map per side), and OKX's checksum
 * of it as the shared collection's curator recomputed it: CRC32 of `bidPx:bidSz:askPx:askSz:...` over
 * the best 25 of each side interleaved, a side that runs out adding nothing, read as a signed 32-bit int.
 */
class TextBook {
  private bids: TextSide = new Map();
  private asks: TextSide = new Map();

  apply(json: { action: string; data: { bids: [string, string][]; asks: [string, string][] }[] }): void {
    const data = json.data[0];
    if (data === undefined) return;
    if (json.action === 'snapshot') {
      this.bids = new Map();
      this.asks = new Map();
    }
    for (const [side, levels] of [
      [this.bids, data.bids],
      [this.asks, data.asks],
    ] as const)
      for (const [price, size] of levels)
        if (Number(size) === 0) side.delete(Number(price));
        else side.set(Number(price), [price, size]);
  }

  top(levels: number): { bids: (readonly [string, string])[]; asks: (readonly [string, string])[] } {
    const sorted = (side: TextSide, sign: number) => [...side.entries()].sort(([a], [b]) => (b - a) * sign).map(([, level]) => level);
    return { bids: sorted(this.bids, 1).slice(0, levels), asks: sorted(this.asks, -1).slice(0, levels) };
  }

  checksum(): number {
    const { bids, asks } = this.top(25);
    const parts: string[] = [];
    for (let n = 0; n < 25; n++) {
      const bid = bids[n];
      const ask = asks[n];
      if (bid !== undefined) parts.push(bid[0], bid[1]);
      if (ask !== undefined) parts.push(ask[0], ask[1]);
    }
    return crc32(parts.join(':')) | 0;
  }
}

describe('the recorded 2022 BTC-USDT `books` session', () => {
  const lines = okxLines('okx-books.ndjson');

  it('rebuilds, push after push, the book whose top 25 OKX\u2019s own checksum vouches for, without a resync', () => {
    expect(lines).toHaveLength(98);
    const reducer = okxBookReducer({ viewLevels: 25 });
    const text = new TextBook();
    let state = reducer.initial('BTC-USDT');
    const outputs: BookOutput[] = [];
    lines.forEach((line, n) => {
      const json = JSON.parse(line) as { action: string; data: { bids: [string, string][]; asks: [string, string][]; checksum: number }[] };
      text.apply(json);
      // The naive book is the book OKX meant: its checksum is the one OKX sent with the push.
      expect(text.checksum(), `line ${n + 1}`).toBe(json.data[0]?.checksum);
      const frame = okxParsed(line);
      const updates = frame.kind === 'book' ? okxBookUpdates(frame, 5000 + n, 'base') : [];
      const step = reducer.reduce(state, updates);
      state = step.state;
      outputs.push(...step.events);
      const top = text.top(25);
      const view = step.events.at(-1);
      expect(view?.type === 'book_view' ? { bids: view.bids, asks: view.asks } : view, `line ${n + 1}`).toEqual({
        bids: top.bids.map(([price, size]) => ({ price: Number(price), size: Number(size) })),
        asks: top.asks.map(([price, size]) => ({ price: Number(price), size: Number(size) })),
      });
    });
    expect(outputs.filter((o) => o.type === 'book_resync')).toEqual([]);
    expect(state.book.bids.length).toBeLessThanOrEqual(400);
  });
});
