import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BookOutput } from '../src/exchanges/book-update.js';
import { bybitBookReducer, type BybitBookState } from '../src/exchanges/bybit/bybit-book-reducer.js';
import { parseBybitFrame } from '../src/exchanges/bybit/bybit-frames.js';
import { mapBybitBookFrame } from '../src/exchanges/bybit/bybit-mappers.js';
import { bookFixtureFiles } from './book-fixture-frames.js';

const read = (name: string): string => readFileSync(new URL(`__fixtures__/${name}`, import.meta.url), 'utf8');
const lines = (name: string): string[] => read(name).trim().split('\n');

interface BookFile {
  readonly updateId: number;
  readonly bids: readonly (readonly [string, string])[];
  readonly asks: readonly (readonly [string, string])[];
}

/** The client's Bybit path over text frames: parse, map, reduce one frame at a time. */
function bybitClient(frames: readonly string[]): { state: BybitBookState; outputs: BookOutput[] } {
  const reducer = bybitBookReducer({ viewLevels: 50 });
  let state = reducer.initial('BTCUSDT');
  const outputs: BookOutput[] = [];
  for (const text of frames) {
    const parsed = parseBybitFrame(text);
    if (!parsed.ok || parsed.frame.kind !== 'book') throw new Error(`the client refused ${text.slice(0, 120)}`);
    const step = reducer.reduce(state, [mapBybitBookFrame(parsed.frame, 0)]);
    state = step.state;
    outputs.push(...step.events);
  }
  return { state, outputs };
}

const numbers = (pairs: BookFile['bids']) => pairs.map(([p, s]) => ({ price: Number(p), size: Number(s) }));

describe('order-book fixtures recorded from the simulator', () => {
  it('are what the simulator sends today (rerun scripts/record-sim-book-fixtures.ts after changing it)', () => {
    for (const [name, text] of Object.entries(bookFixtureFiles())) expect(read(name), name).toBe(text);
  });

  it("Bybit: the client parser and bybitBookReducer end with the simulator's book and u", () => {
    const book = JSON.parse(read('sim-bybit-orderbook.book.json')) as BookFile;
    const { state, outputs } = bybitClient(lines('sim-bybit-orderbook.ndjson'));
    expect(outputs.every((o) => o.type === 'book_view')).toBe(true);
    expect(outputs).toHaveLength(41);
    expect(outputs.at(-1)).toMatchObject({ updateId: book.updateId, bids: numbers(book.bids), asks: numbers(book.asks) });
    expect(state.lastUpdateId).toBe(book.updateId);
  });

  it('Bybit faults: a gap resyncs, the resubscribe snapshot and the u = 1 snapshot restore the book, the crossed delta resyncs', () => {
    const frames = lines('sim-bybit-orderbook-faults.ndjson');
    const { outputs } = bybitClient(frames);
    const u = frames.map((f) => JSON.parse(f) as { type: string; data: { u: number } });
    expect(u.filter((f) => f.type === 'snapshot').map((f) => f.data.u)).toEqual([u[0]?.data.u, expect.any(Number), 1]);
    expect(outputs.filter((o) => o.type === 'book_resync').map((o) => (o.type === 'book_resync' ? o.reason : ''))).toEqual(['gap', 'crossed']);
    const views = outputs.filter((o) => o.type === 'book_view').map((o) => o.updateId);
    expect(views).toEqual(expect.arrayContaining([1, 2, 3, 4]));
  });

  it("Binance: the documented procedure over the REST snapshot and the events ends with the simulator's book", () => {
    const snapshot = JSON.parse(read('sim-binance-depth.snapshot.json')) as { lastUpdateId: number; bids: [string, string][]; asks: [string, string][] };
    const book = JSON.parse(read('sim-binance-depth.book.json')) as BookFile;
    const events = lines('sim-binance-depth.ndjson').map(
      (line) => JSON.parse(line) as { stream: string; data: { U: number; u: number; b: [string, string][]; a: [string, string][] } },
    );
    expect(new Set(events.map((e) => e.stream))).toEqual(new Set(['btcusdt@depth@100ms']));
    const kept = events.map((e) => e.data).filter((e) => e.u > snapshot.lastUpdateId);
    expect(kept[0]?.U).toBeLessThanOrEqual(snapshot.lastUpdateId + 1);
    expect(kept[0]?.u).toBeGreaterThanOrEqual(snapshot.lastUpdateId + 1);
    const bids = new Map(snapshot.bids);
    const asks = new Map(snapshot.asks);
    let local = snapshot.lastUpdateId;
    for (const event of kept) {
      expect(event.U).toBeLessThanOrEqual(local + 1);
      for (const [side, levels] of [
        [bids, event.b],
        [asks, event.a],
      ] as const) {
        for (const [p, q] of levels) {
          if (Number(q) === 0) side.delete(p);
          else side.set(p, q);
        }
      }
      local = event.u;
    }
    const sorted = (side: Map<string, string>, direction: number) => [...side].sort(([x], [y]) => (Number(x) - Number(y)) * direction);
    expect(local).toBe(book.updateId);
    expect({ bids: sorted(bids, -1), asks: sorted(asks, 1) }).toEqual({ bids: book.bids, asks: book.asks });
  });
});
