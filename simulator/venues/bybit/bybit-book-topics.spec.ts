import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BookOutput } from '../../../src/exchanges/book-update.js';
import { bybitBookReducer, type BybitBookState } from '../../../src/exchanges/bybit/bybit-book-reducer.js';
import { parseBybitFrame } from '../../../src/exchanges/bybit/bybit-frames.js';
import { mapBybitBookFrame } from '../../../src/exchanges/bybit/bybit-mappers.js';
import type { BookMessage } from '../../book-channels.js';
import { BybitBookTopics, type BybitBookTopicsConfig } from './bybit-book-topics.js';
import { SimulatedBooks } from '../../simulated-books.js';
import { SimulatedMarket } from '../../simulated-market.js';

/** A one-symbol Bybit market whose price moves every step, and its depth topics. */
function venue(intervalsMs?: BybitBookTopicsConfig['intervalsMs'], seed = 1) {
  const market = new SimulatedMarket({ symbols: [{ symbol: 'BTCUSDT', coin: 'BTC' }], seed, idStep: 'sparse' });
  const topics = new BybitBookTopics({ books: new SimulatedBooks({ market, seed, depth: 1000 }), ...(intervalsMs === undefined ? {} : { intervalsMs }) });
  let now = 1_700_000_000_000;
  /** Advances `steps` generation steps of `ms`, a trade before each, and returns the messages sent. */
  const run = (steps: number, subscribed: (topic: string) => boolean = () => true, ms = 20): BookMessage[] => {
    const out: BookMessage[] = [];
    for (let n = 0; n < steps; n += 1) {
      now += ms;
      market.nextTrade('BTCUSDT', now);
      out.push(...topics.tick(ms, now, subscribed));
    }
    return out;
  };
  return { topics, run, now: () => now };
}

/** The client's path: text frame -> `parseBybitFrame` -> `mapBybitBookFrame` -> `bybitBookReducer`, one frame at a time. */
function client(viewLevels: number) {
  const reducer = bybitBookReducer({ viewLevels });
  let state: BybitBookState = reducer.initial('BTCUSDT');
  const outputs: BookOutput[] = [];
  const feed = (messages: readonly BookMessage[]): void => {
    for (const message of messages) {
      const parsed = parseBybitFrame(JSON.stringify(message.payload));
      if (!parsed.ok || parsed.frame.kind !== 'book') throw new Error(`the client refused ${JSON.stringify(message.payload).slice(0, 200)}`);
      const step = reducer.reduce(state, [mapBybitBookFrame(parsed.frame, 0)]);
      state = step.state;
      outputs.push(...step.events);
    }
  };
  return { feed, outputs, state: () => state };
}

const asNumbers = (pairs: readonly (readonly [string, string])[]) => pairs.map(([p, s]) => ({ price: Number(p), size: Number(s) }));

describe('BybitBookTopics', () => {
  it('writes snapshots and deltas in the shape of the recorded spot frames', () => {
    const recorded = readFileSync(new URL('../../../test/fixtures/exchange-frames/bybit-orderbook.ndjson', import.meta.url), 'utf8')
      .trim()
      .split('\n')
      .slice(0, 2)
      .map((line) => JSON.parse(line) as { data: Record<string, unknown> });
    const { topics, run } = venue();
    const [snapshot] = topics.onSubscribe('orderbook.200.BTCUSDT', 1);
    const delta = run(10).find((m) => m.topic === 'orderbook.200.BTCUSDT');
    for (const [ours, theirs] of [
      [snapshot, recorded[0]],
      [delta, recorded[1]],
    ] as const) {
      const payload = ours?.payload as { data: Record<string, unknown> };
      expect(Object.keys(payload)).toEqual(Object.keys(theirs ?? {}));
      expect(Object.keys(payload.data)).toEqual(Object.keys(theirs?.data ?? {}));
      expect(payload).toMatchObject({
        topic: 'orderbook.200.BTCUSDT',
        ts: expect.any(Number) as unknown,
        cts: expect.any(Number) as unknown,
        data: { s: 'BTCUSDT', u: expect.any(Number) as unknown, seq: expect.any(Number) as unknown },
      });
      for (const level of [...(payload.data['b'] as unknown[]), ...(payload.data['a'] as unknown[])])
        expect(level).toEqual([expect.stringMatching(/^\d+(\.\d*[1-9])?$/), expect.stringMatching(/^\d+(\.\d*[1-9])?$/)]);
    }
    const data = snapshot?.payload as { type: string; data: { b: string[][]; a: string[][] } };
    expect(data.type).toBe('snapshot');
    expect(data.data.b).toHaveLength(200);
    expect(data.data.b.map(([p]) => Number(p))).toEqual(data.data.b.map(([p]) => Number(p)).sort((x, y) => y - x));
    expect(data.data.a.map(([p]) => Number(p))).toEqual(data.data.a.map(([p]) => Number(p)).sort((x, y) => x - y));
    expect((delta?.payload as { type: string }).type).toBe('delta');
  });

  it.each([50, 200, 1000] as const)(
    "orderbook.%i: the client parser and bybitBookReducer, fed every frame, hold the simulator's book after each one",
    (depth) => {
      const { topics, run } = venue();
      const topic = `orderbook.${depth}.BTCUSDT`;
      const book = client(depth);
      book.feed(topics.onSubscribe(topic, 0));
      for (let round = 0; round < 40; round += 1) {
        book.feed(run(5).filter((m) => m.topic === topic));
        const view = topics.view('BTCUSDT', `orderbook.${depth}`, depth);
        expect(book.state().lastUpdateId).toBe(view?.updateId);
        expect(book.outputs.at(-1)).toMatchObject({
          type: 'book_view',
          updateId: view?.updateId,
          bids: asNumbers(view?.bids ?? []),
          asks: asNumbers(view?.asks ?? []),
        });
      }
      expect(book.outputs.filter((o) => o.type === 'book_resync')).toEqual([]);
      expect(book.outputs.length).toBeGreaterThan(20);
      expect(book.state().book.bids).toHaveLength(depth);
    },
  );

  it('counts u up by one per frame and deletes with size "0" the levels that leave the top N', () => {
    const { topics, run } = venue();
    const [snapshot] = topics.onSubscribe('orderbook.50.BTCUSDT', 0);
    const deltas = run(100)
      .filter((m) => m.topic === 'orderbook.50.BTCUSDT')
      .map((m) => m.payload as { data: { u: number; seq: number; b: string[][]; a: string[][] } });
    const first = (snapshot?.payload as { data: { u: number } }).data.u;
    expect(deltas.map((d) => d.data.u)).toEqual(deltas.map((_, n) => first + n + 1));
    expect(deltas.map((d) => d.data.seq)).toEqual([...deltas.map((d) => d.data.seq)].sort((x, y) => x - y));
    expect(deltas.some((d) => [...d.data.b, ...d.data.a].some(([, size]) => size === '0'))).toBe(true);
  });

  it('sends deltas at the venue cadence per depth (50: 20 ms, 200: 100 ms, 1000: 200 ms), or as configured', () => {
    const count = (messages: readonly BookMessage[], depth: number) => messages.filter((m) => m.topic === `orderbook.${depth}.BTCUSDT`).length;
    const standard = venue();
    for (const depth of [50, 200, 1000]) standard.topics.onSubscribe(`orderbook.${depth}.BTCUSDT`, 0);
    const second = standard.run(50);
    expect([count(second, 50), count(second, 200), count(second, 1000)]).toEqual([50, 10, 5]);
    const configured = venue({ 50: 100 });
    configured.topics.onSubscribe('orderbook.50.BTCUSDT', 0);
    expect(count(configured.run(50), 50)).toBe(10);
  });

  it('sends nothing for a topic nobody holds, and a fresh snapshot with a later u when it is subscribed again', () => {
    const { topics, run } = venue();
    const [first] = topics.onSubscribe('orderbook.50.BTCUSDT', 0);
    run(10);
    expect(run(20, () => false)).toEqual([]);
    const [again] = topics.onSubscribe('orderbook.50.BTCUSDT', 0);
    const u = (m: BookMessage | undefined) => (m?.payload as { data: { u: number } }).data.u;
    expect(u(again)).toBeGreaterThan(u(first) + 10);
    const book = client(50);
    book.feed([again as BookMessage, ...run(10)]);
    expect(book.outputs.every((o) => o.type === 'book_view')).toBe(true);
  });

  it('drop: the next delta of the symbol is not sent, so the client sees a gap and resyncs', () => {
    const { topics, run } = venue();
    const book = client(50);
    book.feed(topics.onSubscribe('orderbook.50.BTCUSDT', 0));
    book.feed(run(5));
    expect(topics.arm('drop', 'BTCUSDT')).toBe(true);
    expect(topics.arm('drop', 'XYZUSDT')).toBe(false);
    book.feed(run(5));
    expect(book.outputs.filter((o) => o.type === 'book_resync')).toEqual([expect.objectContaining({ reason: 'gap' })]);
    book.feed(topics.onSubscribe('orderbook.50.BTCUSDT', 0));
    book.feed(run(5));
    expect(book.outputs.at(-1)).toMatchObject({ type: 'book_view', updateId: topics.view('BTCUSDT', 'orderbook.50', 50)?.updateId });
  });

  it('restart: the next frame is a snapshot with u = 1 and the deltas count on from there', () => {
    const { topics, run } = venue();
    const book = client(50);
    book.feed(topics.onSubscribe('orderbook.50.BTCUSDT', 0));
    topics.arm('restart', 'BTCUSDT');
    const after = run(4);
    expect(after.map((m) => [(m.payload as { type: string }).type, (m.payload as { data: { u: number } }).data.u])).toEqual([
      ['snapshot', 1],
      ['delta', 2],
      ['delta', 3],
      ['delta', 4],
    ]);
    book.feed(after);
    expect(book.outputs.every((o) => o.type === 'book_view')).toBe(true);
    expect(book.outputs.at(-1)).toMatchObject({ updateId: 4, bids: asNumbers(topics.view('BTCUSDT', 'orderbook.50', 50)?.bids ?? []) });
  });

  it('cross: one delta puts a bid above the best ask, and the next deletes it', () => {
    const { topics, run } = venue();
    const book = client(50);
    book.feed(topics.onSubscribe('orderbook.50.BTCUSDT', 0));
    topics.arm('cross', 'BTCUSDT');
    const frames = run(2);
    const [crossed, next] = frames.map((m) => m.payload as { data: { b: string[][]; a: string[][] } });
    const phantom = crossed?.data.b[0] ?? [];
    expect(Number(phantom[0])).toBeGreaterThan(Number(crossed?.data.a[0]?.[0] ?? topics.view('BTCUSDT', 'orderbook.50', 1)?.asks[0]?.[0]));
    expect(next?.data.b).toContainEqual([phantom[0], '0']);
    expect(topics.view('BTCUSDT', 'orderbook.50', 50)?.bids.some(([p]) => p === phantom[0])).toBe(false);
    book.feed(frames.slice(0, 1));
    expect(book.outputs.at(-1)).toMatchObject({ type: 'book_resync', reason: 'crossed' });
  });

  it('sends the same frames for the same seed and different ones for another seed', () => {
    const frames = (seed: number) => {
      const { topics, run } = venue(undefined, seed);
      return [...topics.onSubscribe('orderbook.50.BTCUSDT', 0), ...run(50)].map((m) => JSON.stringify(m.payload));
    };
    expect(frames(5)).toEqual(frames(5));
    expect(frames(6)[0]).not.toEqual(frames(5)[0]);
  });

  it('sends every delta again once the armed faults are cleared', () => {
    const { topics, run } = venue();
    const book = client(50);
    book.feed(topics.onSubscribe('orderbook.50.BTCUSDT', 0));
    topics.arm('drop', 'BTCUSDT');
    topics.arm('cross', 'BTCUSDT');
    topics.clearFaults();
    book.feed(run(20));
    expect(book.outputs.every((o) => o.type === 'book_view')).toBe(true);
  });

  it('cross: the crossed bid shows even when the price just fell through a bid at that very price', () => {
    const market = new SimulatedMarket({ symbols: [{ symbol: 'ETHUSDT', coin: 'ETH' }], seed: 4, idStep: 'sparse' });
    const topics = new BybitBookTopics({ books: new SimulatedBooks({ market, seed: 4, depth: 200 }) });
    const reducer = bybitBookReducer({ viewLevels: 50 });
    let now = 0;
    for (let n = 0; n < 60; n += 1) {
      let state = reducer.initial('ETHUSDT');
      const fold = (messages: readonly BookMessage[]): BookOutput[] =>
        messages.flatMap((m) => {
          const parsed = parseBybitFrame(JSON.stringify(m.payload));
          if (!parsed.ok || parsed.frame.kind !== 'book') throw new Error('refused');
          const step = reducer.reduce(state, [mapBybitBookFrame(parsed.frame, 0)]);
          state = step.state;
          return step.events;
        });
      fold(topics.onSubscribe('orderbook.50.ETHUSDT', now));
      now += 20;
      market.startMove('ETHUSDT', { pct: n % 2 === 0 ? -0.05 : 0.05, durationMs: 0, buyRatio: 0.5 }, now);
      market.nextTrade('ETHUSDT', now);
      topics.arm('cross', 'ETHUSDT');
      const outputs = fold(topics.tick(20, now, () => true));
      expect(outputs.map((o) => o.type === 'book_resync' && o.reason)).toEqual(['crossed']);
      now += 20;
      topics.tick(20, now, () => true);
    }
  });
});
