import { describe, expect, it } from 'vitest';
import type { BookOutput } from '../book-update.js';
import { okxLines, okxParsed } from './__fixtures__/okx-frames-at-hand.js';
import { okxBookUpdates } from './okx-book-plan.js';
import { okxBookReducer } from './okx-book-reducer.js';
import { TextBook } from '../__fixtures__/text-book.js';

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
