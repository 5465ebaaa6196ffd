import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BookMessage } from '../../book-channels.js';
import { START_TS, krakenTestMarket, parseDecimals } from './__fixtures__/kraken-test-venue.js';
import { SimulatedBooks } from '../../simulated-books.js';
import { KrakenBook, krakenBookTopic, type KrakenBookDepth } from './kraken-book.js';
import { checksumOfLevels } from './kraken-checksum.js';
import { krakenJson } from './kraken-json.js';

type Level = { readonly price: string; readonly qty: string };
interface BookData {
  readonly symbol: string;
  readonly bids: Level[];
  readonly asks: Level[];
  readonly checksum: number;
  readonly timestamp: string;
}
interface BookFrame {
  readonly channel: string;
  readonly type: 'snapshot' | 'update';
  readonly data: BookData[];
}

const recorded = readFileSync(new URL('./__fixtures__/kraken-v2-book.ndjson', import.meta.url), 'utf8')
  .trim()
  .split('\n');

/** A BTC/USD book venue stepped by hand: a trade every 5th step of 20 ms. */
function venue(depth = 1000) {
  const market = krakenTestMarket();
  const books = new SimulatedBooks({ market, seed: 1, depth });
  const book = new KrakenBook({ books });
  let now = START_TS;
  let steps = 0;
  const run = (count: number, topic: string): BookMessage[] => {
    const out: BookMessage[] = [];
    for (let n = 0; n < count; n += 1) {
      now += 20;
      steps += 1;
      if (steps % 5 === 0) market.nextTrade('BTC/USD', now);
      out.push(...book.tick(20, now, (t) => t === topic));
    }
    return out;
  };
  return { market, books, book, run, now: () => now };
}

/**
 * A client as Kraken's guide describes it, over the frames' text: prices and quantities read as
 * strings, a snapshot replaces its book, an update's levels replace (qty 0 deletes), then each side is
 * truncated to the depth; it checks every frame's checksum against its own book.
 */
function client(depth: number) {
  const sides = { bids: new Map<string, string>(), asks: new Map<string, string>() };
  const sorted = (side: 'bids' | 'asks') =>
    [...sides[side]].sort(([x], [y]) => (side === 'bids' ? Number(y) - Number(x) : Number(x) - Number(y))).map(([p, q]) => [p, q] as [string, string]);
  const results: { type: string; ok: boolean; frame: BookFrame; truncated: boolean }[] = [];
  const feed = (text: string): void => {
    const frame = parseDecimals(text) as BookFrame;
    const data = frame.data[0] as BookData;
    if (frame.type === 'snapshot') {
      sides.bids.clear();
      sides.asks.clear();
    }
    let truncated = false;
    for (const side of ['bids', 'asks'] as const) {
      for (const { price, qty } of data[side]) {
        if (Number(qty) === 0) sides[side].delete(price);
        else sides[side].set(price, qty);
      }
      const keep = sorted(side).slice(0, depth);
      truncated ||= keep.length < sides[side].size;
      sides[side] = new Map(keep);
    }
    results.push({ type: frame.type, ok: checksumOfLevels(sorted('asks'), sorted('bids')) === data.checksum, frame, truncated });
  };
  return { feed, results, book: () => ({ bids: sorted('bids'), asks: sorted('asks') }) };
}

describe('KrakenBook', () => {
  it('writes snapshots and updates in the shape of the recorded frames: keys in order, levels {price, qty}, numbers at the pair precision', () => {
    const { book, run } = venue();
    const topic = krakenBookTopic(10, 'BTC/USD');
    const [snapshot] = book.onSubscribe(topic, START_TS);
    const update = run(50, topic)[0];
    for (const [ours, line] of [
      [snapshot, recorded[0]],
      [update, recorded[1]],
    ] as const) {
      const text = krakenJson(ours?.payload);
      const theirs = JSON.parse(line ?? '{}') as BookFrame;
      const mine = JSON.parse(text) as BookFrame;
      expect(Object.keys(mine)).toEqual(Object.keys(theirs));
      expect(Object.keys(mine.data[0] ?? {})).toEqual(Object.keys(theirs.data[0] ?? {}));
      expect(mine.type).toBe(theirs.type);
      const level = [...(mine.data[0]?.bids ?? []), ...(mine.data[0]?.asks ?? [])][0];
      expect(Object.keys(level ?? {})).toEqual(['price', 'qty']);
      expect(mine.data[0]?.checksum).toEqual(expect.any(Number));
      expect(mine.data[0]?.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      // Every price has 1 decimal and every quantity 8, trailing zeros kept: "qty":0.50000000.
      for (const match of text.matchAll(/"price":([^,}]+)/g)) expect(match[1]).toMatch(/^\d+\.\d$/);
      for (const match of text.matchAll(/"qty":([^,}]+)/g)) expect(match[1]).toMatch(/^\d+\.\d{8}$/);
    }
    const data = (JSON.parse(krakenJson(snapshot?.payload)) as BookFrame).data[0];
    expect(data?.bids).toHaveLength(10);
    expect(data?.asks).toHaveLength(10);
    expect(krakenJson(snapshot?.payload)).toMatch(/"qty":\d+\.\d*0[,}]/);
  });

  it.each([10, 25, 100] as KrakenBookDepth[])(
    'keeps a depth-%i client that truncates its book in step: every checksum verifies, its book is the venue\u2019s top levels',
    (depth) => {
      const { book, run, books } = venue();
      const topic = krakenBookTopic(depth, 'BTC/USD');
      const c = client(depth);
      for (const m of book.onSubscribe(topic, START_TS)) c.feed(krakenJson(m.payload));
      for (const m of run(600, topic)) c.feed(krakenJson(m.payload));
      expect(c.results.length).toBeGreaterThan(100);
      expect(c.results.every((r) => r.ok)).toBe(true);
      const top = books.book('BTC/USD')?.top(depth);
      const view = book.view('BTC/USD', `book.${depth}`, depth);
      expect(c.book().bids).toEqual(view?.bids);
      expect(c.book().asks).toEqual(view?.asks);
      expect(view?.bids).toHaveLength(top?.bids.length ?? -1);
      // Levels pushed below the depth are left to the client: some updates needed truncating.
      expect(c.results.some((r) => r.truncated)).toBe(true);
    },
  );

  it('sends the level that comes into the top depth when one above it is deleted, and never deletes a level still in the book', () => {
    const { book, run, books } = venue();
    const topic = krakenBookTopic(10, 'BTC/USD');
    const held = new Map<string, Set<string>>([
      ['bids', new Set()],
      ['asks', new Set()],
    ]);
    const seed = (parseDecimals(krakenJson(book.onSubscribe(topic, START_TS)[0]?.payload)) as BookFrame).data[0] as BookData;
    for (const side of ['bids', 'asks'] as const) for (const l of seed[side]) held.get(side)?.add(l.price);
    let broughtIn = 0;
    for (let n = 0; n < 600; n += 1) {
      for (const m of run(1, topic)) {
        const data = (parseDecimals(krakenJson(m.payload)) as BookFrame).data[0] as BookData;
        const simulated = books.book('BTC/USD');
        for (const side of ['bids', 'asks'] as const) {
          const levels = held.get(side) as Set<string>;
          const deleted = data[side].filter((l) => Number(l.qty) === 0);
          for (const l of deleted) expect((side === 'bids' ? simulated?.bids : simulated?.asks)?.lotsAt(Math.round(Number(l.price) * 10))).toBe(0);
          // A level new to the client while nothing better was inserted: it came up from below.
          const fresh = data[side].filter((l) => Number(l.qty) > 0 && !levels.has(l.price));
          const worstHeld = Math.max(...[...levels].map((p) => (side === 'bids' ? -Number(p) : Number(p))));
          if (deleted.length > 0 && fresh.some((l) => (side === 'bids' ? -Number(l.price) : Number(l.price)) > worstHeld)) broughtIn += 1;
          for (const l of deleted) levels.delete(l.price);
          for (const l of data[side]) if (Number(l.qty) > 0) levels.add(l.price);
          const keep = [...levels].sort((x, y) => (side === 'bids' ? Number(y) - Number(x) : Number(x) - Number(y))).slice(0, 10);
          held.set(side, new Set(keep));
        }
      }
    }
    expect(broughtIn).toBeGreaterThan(0);
  });

  it('drop: the next update is not sent, so the client\u2019s next checksum fails', () => {
    const { book, run } = venue();
    const topic = krakenBookTopic(10, 'BTC/USD');
    const c = client(10);
    for (const m of book.onSubscribe(topic, START_TS)) c.feed(krakenJson(m.payload));
    for (const m of run(20, topic)) c.feed(krakenJson(m.payload));
    const before = book.view('BTC/USD', 'book.10', 10)?.updateId ?? 0;
    expect(book.arm('drop', 'BTC/USD')).toBe(true);
    const after = run(40, topic);
    for (const m of after) c.feed(krakenJson(m.payload));
    expect(c.results.slice(0, -after.length).every((r) => r.ok)).toBe(true);
    expect(c.results.at(-after.length)?.ok).toBe(false);
    expect(book.view('BTC/USD', 'book.10', 10)?.updateId).toBe(before + after.length + 1);
  });

  it('checksum: the next update carries a wrong checksum while its levels are right; the one after verifies', () => {
    const { book, run } = venue();
    const topic = krakenBookTopic(10, 'BTC/USD');
    const c = client(10);
    for (const m of book.onSubscribe(topic, START_TS)) c.feed(krakenJson(m.payload));
    expect(book.armChecksum('BTC/USD')).toBe(true);
    for (const m of run(60, topic)) c.feed(krakenJson(m.payload));
    expect(c.results.map((r) => r.ok).slice(0, 3)).toEqual([true, false, true]);
    expect(c.results.slice(2).every((r) => r.ok)).toBe(true);
  });

  it('cross: the next update carries a bid above the best ask; the update after deletes it and the book verifies again', () => {
    const { book, run } = venue();
    const topic = krakenBookTopic(10, 'BTC/USD');
    const c = client(10);
    for (const m of book.onSubscribe(topic, START_TS)) c.feed(krakenJson(m.payload));
    book.arm('cross', 'BTC/USD');
    const messages = run(60, topic);
    for (const m of messages) c.feed(krakenJson(m.payload));
    const crossed = c.results[1]?.frame.data[0] as BookData;
    const bestAsk = Math.min(...(c.results[0]?.frame.data[0]?.asks ?? []).map((l) => Number(l.price)));
    expect(Math.max(...crossed.bids.map((l) => Number(l.price)))).toBeGreaterThan(bestAsk);
    expect(c.results.every((r) => r.ok)).toBe(true);
    const phantom = crossed.bids[0]?.price;
    expect((c.results[2]?.frame.data[0] as BookData).bids).toContainEqual({ price: phantom, qty: '0.00000000' });
    expect(c.book().bids.some(([p]) => p === phantom)).toBe(false);
    expect(c.book().bids).toHaveLength(10);
  });

  it('restart: the next frame is a fresh snapshot of the depth, which the client takes in place of its book', () => {
    const { book, run } = venue();
    const topic = krakenBookTopic(25, 'BTC/USD');
    const c = client(25);
    for (const m of book.onSubscribe(topic, START_TS)) c.feed(krakenJson(m.payload));
    book.arm('restart', 'BTC/USD');
    for (const m of run(10, topic)) c.feed(krakenJson(m.payload));
    expect(c.results[1]?.type).toBe('snapshot');
    expect(c.results[1]?.frame.data[0]?.bids).toHaveLength(25);
    expect(c.results.every((r) => r.ok)).toBe(true);
  });

  it('refuses faults of an unknown symbol; clearFaults disarms the faults not yet applied', () => {
    const { book, run } = venue();
    expect(book.arm('drop', 'XBT/EUR')).toBe(false);
    const topic = krakenBookTopic(10, 'BTC/USD');
    const c = client(10);
    for (const m of book.onSubscribe(topic, START_TS)) c.feed(krakenJson(m.payload));
    book.arm('checksum', 'BTC/USD');
    book.clearFaults();
    for (const m of run(30, topic)) c.feed(krakenJson(m.payload));
    expect(c.results.every((r) => r.ok)).toBe(true);
  });

  it('serves only the documented depths of listed symbols; a second subscriber gets the book the others hold', () => {
    const { book, run } = venue();
    expect(book.accepts('book.10:BTC/USD')).toBe(true);
    expect(book.accepts('book.20:BTC/USD')).toBe(false);
    expect(book.accepts('book.10:XBT/EUR')).toBe(false);
    expect(book.channels).toEqual(['book.10', 'book.25', 'book.100', 'book.500', 'book.1000']);
    const topic = krakenBookTopic(10, 'BTC/USD');
    book.onSubscribe(topic, START_TS);
    run(30, topic);
    const held = book.view('BTC/USD', 'book.10', 10);
    const [second] = book.onSubscribe(topic, START_TS + 1000, true);
    const data = (parseDecimals(krakenJson(second?.payload)) as BookFrame).data[0];
    expect(data?.bids.map((l) => [l.price, l.qty])).toEqual(held?.bids);
    expect(book.view('BTC/USD', 'book.7', 10)).toBeUndefined();
  });
});
