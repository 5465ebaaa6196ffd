import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { BookOutput } from '../book-update.js';
import { bitgetLines, bitgetParsed, bitgetRun } from './__fixtures__/bitget-frames-at-hand.js';
import { bitgetBookPlan, bitgetBookSymbolsOf, bitgetBookUpdates } from './bitget-book-plan.js';
import { okxBookReducer } from '../okx/okx-book-reducer.js';
import { BITGET_BOOK_LEVELS } from './bitget-book-plan.js';
import { TextBook, type TextBookPush } from '../__fixtures__/text-book.js';

/** Folds a run through the plan's updates and reducer, checking each view against the naive book. */
function rebuild(lines: readonly string[], symbol: string): { readonly outputs: readonly BookOutput[]; readonly checked: number } {
  const reducer = okxBookReducer({ viewLevels: 25, maxLevels: BITGET_BOOK_LEVELS, checkEverySnapshot: true });
  const text = new TextBook();
  let state = reducer.initial(symbol);
  const outputs: BookOutput[] = [];
  let checked = 0;
  lines.forEach((line, n) => {
    const json = JSON.parse(line) as TextBookPush;
    text.apply(json);
    // The naive book is the book Bitget meant: its checksum is the one Bitget sent with the push.
    expect(text.checksum(), `line ${n + 1}`).toBe(json.data[0]?.checksum);
    const frame = bitgetParsed(line);
    const updates = frame.kind === 'book' ? bitgetBookUpdates(frame, 5000 + n) : [];
    checked += updates.filter((update) => update.checksum !== undefined).length;
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
  return { outputs, checked };
}

describe("Bitget's books", () => {
  it('rebuilds the recorded 2022 spot run (EOSUSDT, a snapshot and 55 updates) push after push, every checksum vouching for it', () => {
    const lines = bitgetRun('bitget-v1-books-all.ndjson');
    expect(lines).toHaveLength(56);
    const { outputs, checked } = rebuild(lines, 'EOSUSDT');
    expect(checked).toBe(56);
    expect(outputs.filter((o) => o.type === 'book_resync')).toEqual([]);
  });

  it('rebuilds the recorded 2022 USDT-M run (DASHUSDT, a snapshot and 97 updates) alike', () => {
    const lines = bitgetRun('bitget-v1-futures-books-all.ndjson');
    expect(lines).toHaveLength(98);
    const { outputs, checked } = rebuild(lines, 'DASHUSDT');
    expect(checked).toBe(98);
    expect(outputs.filter((o) => o.type === 'book_resync')).toEqual([]);
  });

  it("chains a v2 update on its snapshot by seq and pseq, and checks the update's checksum though the snapshot's is 0", () => {
    const [snapshot] = bitgetLines('bitget-books5.ndjson');
    const frame = bitgetParsed(snapshot ?? '');
    if (frame.kind !== 'book') throw new Error('a book push expected');
    const [first] = bitgetBookUpdates(frame, 1);
    expect(first).toMatchObject({ action: 'snapshot', symbol: 'BTCUSDT', updateId: 711330212481, prevUpdateId: 0 });
    expect(first?.checksum).toBeUndefined();
    const reducer = okxBookReducer({ viewLevels: 5, maxLevels: BITGET_BOOK_LEVELS, checkEverySnapshot: true });
    const after = reducer.reduce(reducer.initial('BTCUSDT'), bitgetBookUpdates(frame, 1)).state;
    // The next update: the best ask 64024.38 taken, its checksum that of the book it leaves.
    const next = (pseq: number, checksum: number): string =>
      JSON.stringify({
        action: 'update',
        arg: { instType: 'SPOT', channel: 'books', instId: 'BTCUSDT' },
        data: [{ asks: [['64024.38', '0']], bids: [], checksum, seq: 711330212490, pseq, ts: '1786538865466' }],
        ts: 1786538865469,
      });
    const good =
      crc32(
        '64024.37:0.178298:64024.44:0.01:64024.36:0.01:64025:0.02:64022.95:0.004874:64025.58:0.058251:64022.67:0.007817:64026.18:0.069907:64022.3:0.029133',
      ) | 0;
    const step = (text: string) => {
      const f = bitgetParsed(text);
      return reducer
        .reduce(after, f.kind === 'book' ? bitgetBookUpdates(f, 2) : [])
        .events.map((e) => (e.type === 'book_resync' ? `${e.reason}: ${e.detail}` : e.type));
    };
    expect(step(next(711330212481, good))).toEqual(['book_view']);
    expect(step(next(711330212481, good + 1))).toEqual([`checksum: expected ${good + 1}, computed ${good}`]);
    expect(step(next(711330212485, good))).toEqual(['gap: expected prevSeqId 711330212481, got 711330212485']);
  });

  it('takes only `books` pushes into the book: a `books1` snapshot of the top (subscribed on every feed) leaves it whole', () => {
    const frames = bitgetRun('bitget-v1-books-all.ndjson').slice(0, 2).map(bitgetParsed);
    const top = bitgetParsed(bitgetLines('bitget-books1.ndjson')[0] ?? '');
    const updates = [...frames, top].flatMap((frame) => bitgetBookPlan.updates(frame, 1, undefined));
    expect(updates.map((update) => update.symbol)).toEqual(['EOSUSDT', 'EOSUSDT']);
  });

  it('subscribes `books` and reads the instruments of a refused depth push from its text', () => {
    expect(bitgetBookPlan.channel).toBe('books');
    expect(bitgetBookSymbolsOf('{"action":"update","arg":{"instType":"SPOT","channel":"books","instId":"BTCUSDT"},"data":[{"asks":[["x","1"]]}]}')).toEqual([
      'BTCUSDT',
    ]);
    expect(bitgetBookSymbolsOf('{"action":"update","arg":{"instType":"SPOT","channel":"trade","instId":"BTCUSDT"},"data":[]}')).toEqual([]);
    expect(bitgetBookSymbolsOf('{"action":"snapshot","arg":{"instType":"SPOT","channel":"books1","instId":"BTCUSDT"},"data":[{"asks":[["x","1"]]}]}')).toEqual(
      [],
    );
  });
});
