import { describe, expect, it } from 'vitest';
import type { TickLevel } from './book-side.js';
import { SimulatedBook, type BookAnchor } from './simulated-book.js';
import { seededRandom } from './seeded-random.js';

const anchorAt = (mid: number, spread = 6.5): BookAnchor => ({ bid: mid - spread / 2, ask: mid + spread / 2, bidSize: 1.25, askSize: 0.75 });

function newBook(seed = 1, depth = 200, mid = 65_000): SimulatedBook {
  return new SimulatedBook({ symbol: 'BTCUSDT', priceDecimals: 2, depth, random: seededRandom(seed) }, anchorAt(mid));
}

/** A random walk of the mid, as the market moves it between steps. */
function walk(seed: number, steps: number, start = 65_000): BookAnchor[] {
  const random = seededRandom(seed);
  const anchors: BookAnchor[] = [];
  let mid = start;
  for (let n = 0; n < steps; n += 1) {
    mid = Math.round(mid * Math.exp((random() - 0.5) * 0.004) * 100) / 100;
    anchors.push(anchorAt(mid));
  }
  return anchors;
}

const ticks = (levels: readonly TickLevel[]): number[] => levels.map((l) => l.tick);

describe('SimulatedBook', () => {
  it('starts with depth levels per side, best first, its touch at the anchor and its touch sizes from the anchor', () => {
    const book = newBook();
    const { bids, asks } = book.top(1000);
    expect(bids).toHaveLength(200);
    expect(asks).toHaveLength(200);
    expect(bids[0]).toEqual({ tick: 6_499_675, lots: 1_250_000 });
    expect(asks[0]).toEqual({ tick: 6_500_325, lots: 750_000 });
    expect(ticks(bids)).toEqual([...ticks(bids)].sort((x, y) => y - x));
    expect(ticks(asks)).toEqual([...ticks(asks)].sort((x, y) => x - y));
    expect(new Set(ticks(bids)).size).toBe(200);
  });

  it('is never crossed or locked and keeps its depth while the price walks 2 000 steps', () => {
    const book = newBook(3);
    for (const anchor of walk(4, 2000)) {
      book.step(anchor);
      const bid = book.bids.best();
      const ask = book.asks.best();
      expect(bid?.tick).toBe(book.tickOf(anchor.bid));
      expect(ask?.tick).toBe(book.tickOf(anchor.ask));
      expect((bid?.tick ?? 0) < (ask?.tick ?? 0)).toBe(true);
      expect(book.bids.length).toBe(200);
      expect(book.asks.length).toBe(200);
    }
  });

  it('drops the levels the price moved through and fills the gap it opened', () => {
    const book = newBook(5);
    const asksBefore = book.asks.top(200);
    book.step(anchorAt(65_030));
    const newAsk = book.tickOf(65_030 + 3.25);
    expect(book.asks.top(200).every((l) => l.tick >= newAsk)).toBe(true);
    expect(asksBefore.some((l) => l.tick < newAsk)).toBe(true);
    const bids = book.bids.top(200);
    const filled = bids.filter((l) => l.tick < book.tickOf(65_030 - 3.25) && l.tick > 6_499_675);
    expect(filled.length).toBeGreaterThan(3);
  });

  it('reports exactly the levels a step changed: applying them to a copy of the old book gives the new one', () => {
    const book = newBook(7);
    for (const anchor of walk(8, 300)) {
      const before = {
        bid: new Map(ticks(book.bids.top(1000)).map((t) => [t, book.bids.lotsAt(t)])),
        ask: new Map(ticks(book.asks.top(1000)).map((t) => [t, book.asks.lotsAt(t)])),
      };
      const idBefore = book.updateId;
      const changes = book.step(anchor);
      for (const change of changes) {
        if (change.lots === 0) before[change.side].delete(change.tick);
        else before[change.side].set(change.tick, change.lots);
      }
      expect(before.bid).toEqual(new Map(book.bids.top(1000).map((l) => [l.tick, l.lots])));
      expect(before.ask).toEqual(new Map(book.asks.top(1000).map((l) => [l.tick, l.lots])));
      expect(book.updateId).toBe(idBefore + changes.length);
    }
  });

  it('changes sizes, removes and inserts levels near the touch even when the price stands still', () => {
    const book = newBook(9);
    const before = book.bids.top(30);
    for (let n = 0; n < 50; n += 1) book.step(anchorAt(65_000));
    const after = book.bids.top(30);
    const beforeTicks = new Set(ticks(before));
    expect(after.some((l) => !beforeTicks.has(l.tick))).toBe(true);
    expect(before.some((l) => !after.some((a) => a.tick === l.tick))).toBe(true);
    expect(after.some((l) => before.some((b) => b.tick === l.tick && b.lots !== l.lots))).toBe(true);
  });

  it('gives the same books for the same seed and anchors, and other books for another seed', () => {
    const run = (seed: number) => {
      const book = newBook(seed);
      for (const anchor of walk(11, 200)) book.step(anchor);
      return { ...book.top(1000), updateId: book.updateId, seq: book.seq };
    };
    expect(run(12)).toEqual(run(12));
    expect(run(13).bids).not.toEqual(run(12).bids);
  });

  it('writes prices and sizes as exact decimal strings', () => {
    const book = new SimulatedBook(
      { symbol: 'PEPEUSDT', priceDecimals: 10, depth: 5, random: seededRandom(1) },
      { bid: 0.0000089, ask: 0.0000091, bidSize: 1000.5, askSize: 3 },
    );
    expect(book.price(book.bids.best()?.tick ?? 0)).toBe('0.0000089000');
    expect(book.size(book.bids.best()?.lots ?? 0)).toBe('1000.500000');
  });
});
