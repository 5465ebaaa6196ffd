import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BookOutput, BookUpdate } from '../book-update.js';
import { mapBinanceDepthFrame, mapBinanceDepthSnapshot } from './binance-book-mappers.js';
import { DEFAULT_BINANCE_BOOK_SEQUENCER_CONFIG, initialBinanceBook, stepBinanceBook } from './binance-book-sequencer.js';
import { parseBinanceDepthSnapshot } from './binance-depth-frames.js';
import { parseBinanceFrame } from './binance-frames.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/exchange-frames/${name}`, import.meta.url), 'utf8');
const lines = (name: string) =>
  fixture(name)
    .split('\n')
    .filter((line) => line !== '');

const deltas: BookUpdate[] = lines('sim-binance-depth.ndjson').map((line, n) => {
  const parsed = parseBinanceFrame(line);
  if (!parsed.ok || parsed.frame.kind !== 'depth') throw new Error(`line ${n + 1}: not a depth frame`);
  return mapBinanceDepthFrame(parsed.frame, n);
});
const snapshots: BookUpdate[] = lines('sim-binance-depth-snapshots.ndjson').map((line, n) => {
  const parsed = parseBinanceDepthSnapshot(line);
  if (!parsed.ok) throw new Error(`snapshot ${n + 1}: ${parsed.error}`);
  return mapBinanceDepthSnapshot('BTCUSDT', parsed.frame, n);
});
const expected = JSON.parse(fixture('sim-binance-depth-book.json')) as { updateId: number; bids: [string, string][]; asks: [string, string][] };

describe('Binance local book on frames recorded from the simulator', () => {
  it('ends, after one dropped delta and its resync, with the book the simulator holds at the last u', () => {
    const config = { ...DEFAULT_BINANCE_BOOK_SEQUENCER_CONFIG, viewLevels: 10 };
    let state = initialBinanceBook('BTCUSDT');
    const outputs: BookOutput[] = [];
    const queue = [...snapshots];
    for (const delta of deltas) {
      const step = stepBinanceBook(state, delta, config);
      state = step.state;
      outputs.push(...step.outputs);
      // Each requested snapshot is answered by the next recorded body, before the next frame.
      if (step.fetch) {
        const snapshot = queue.shift();
        if (snapshot === undefined) throw new Error('more snapshot requests than recorded bodies');
        const answered = stepBinanceBook(state, snapshot, config);
        state = answered.state;
        outputs.push(...answered.outputs);
      }
    }
    expect(queue).toEqual([]);
    expect(outputs.filter((o) => o.type === 'book_resync').map((o) => o.reason)).toEqual(['gap']);
    const last = outputs.at(-1);
    expect(last?.type === 'book_view' ? last.updateId : last).toBe(expected.updateId);
    const numbers = (side: [string, string][]) => side.map(([price, size]) => ({ price: Number(price), size: Number(size) }));
    expect(last?.type === 'book_view' ? { bids: last.bids, asks: last.asks } : last).toEqual({ bids: numbers(expected.bids), asks: numbers(expected.asks) });
  });
});
