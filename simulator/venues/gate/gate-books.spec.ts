import { describe, expect, it } from 'vitest';
import type { BookUpdate } from '../../../src/exchanges/book-update.js';
import { gateBookUpdate, readGateBookSnapshot } from '../../../src/exchanges/gate/gate-book.js';
import { gateOrderBookPath } from '../../../src/exchanges/gate/gate-book-plan.js';
import { parseGateFrame } from '../../../src/exchanges/gate/gate-frames.js';
import { gateSubscribe } from '../../../src/exchanges/gate/gate-subscriptions.js';
import { shape } from '../../__fixtures__/json-shape.js';
import { gateTestVenue, pushes, recorded, START_TS, type GateVenueName } from './__fixtures__/gate-test-venue.js';
import { GATE_BOOK_INTERVAL_MS } from './gate-books.js';

const MARKETS = { gate: 'spot', gate_futures: 'futures' } as const;

/** A book kept as the client keeps it (Gate's rule, Binance's): a REST snapshot, then pushes from `U <= id + 1 <= u` on, each `U` the last `u` + 1. */
class ClientBook {
  readonly bids = new Map<number, number>();
  readonly asks = new Map<number, number>();
  id = -1;
  gaps = 0;
  synced = false;

  constructor(snapshot: BookUpdate) {
    this.replace(snapshot);
  }

  replace(snapshot: BookUpdate): void {
    this.bids.clear();
    this.asks.clear();
    for (const l of snapshot.bids) this.bids.set(l.price, l.size);
    for (const l of snapshot.asks) this.asks.set(l.price, l.size);
    this.id = snapshot.updateId;
    this.synced = false;
  }

  apply(update: BookUpdate): void {
    const first = update.firstUpdateId ?? update.updateId;
    if (update.updateId < this.id + 1) return;
    if (this.synced ? first !== this.id + 1 : first > this.id + 1) {
      this.gaps += 1;
      return;
    }
    this.synced = true;
    for (const [side, levels] of [
      [this.bids, update.bids],
      [this.asks, update.asks],
    ] as const)
      for (const l of levels) {
        if (l.size === 0) side.delete(l.price);
        else side.set(l.price, l.size);
      }
    this.id = update.updateId;
  }

  top(levels: number): { bids: [number, number][]; asks: [number, number][] } {
    const sorted = (side: Map<number, number>, descending: boolean) => [...side.entries()].sort(([a], [b]) => (descending ? b - a : a - b)).slice(0, levels);
    return { bids: sorted(this.bids, true), asks: sorted(this.asks, false) };
  }
}

/** A venue with one client on `symbols`' books, and the client's pushes and REST snapshots read by the client's own readers. */
function subscribed(name: GateVenueName = 'gate', symbols: readonly string[] = ['BTC_USDT']) {
  const venue = gateTestVenue([name]);
  const market = MARKETS[name];
  const client = venue.connect(name);
  symbols.forEach((symbol, n) => client.send(gateSubscribe(market, [`order_book_update:${symbol}`], String(n + 1), START_TS).text));
  const frames = () => pushes(client.json(), `${market}.order_book_update`);
  const updates = (symbol: string) =>
    frames().flatMap((f) => {
      const read = parseGateFrame(JSON.stringify(f), market);
      if (!read.ok) throw new Error(read.error);
      return read.frame.kind === 'book_update' && read.frame.symbol === symbol ? [gateBookUpdate(read.frame, 0)] : [];
    });
  const snapshot = (symbol: string) => {
    const answer = venue.get(name, gateOrderBookPath(market, symbol));
    expect(answer.status).toBe(200);
    return { body: answer.body as Record<string, unknown>, update: readGateBookSnapshot(answer.body, symbol, 0) };
  };
  return { ...venue, client, market, frames, updates, snapshot };
}

describe('Gate order_book_update', () => {
  for (const name of ['gate', 'gate_futures'] as const)
    it(`${name}: pushes every 100 ms when the book changed, ids chained; a REST snapshot taken any time bridges, and the client's book is the venue's`, () => {
      const { run, updates, snapshot, control, clock, frames } = subscribed(name);
      const start = clock.now;
      run(1_000);
      const { update: rest, body } = snapshot('BTC_USDT');
      expect(Object.keys(body)).toEqual(['id', 'current', 'update', 'asks', 'bids']);
      expect(rest.bids).toHaveLength(100);
      run(3_000);
      const pushed = updates('BTC_USDT');
      expect(pushed.length).toBeGreaterThan(20);
      expect(frames().every((f) => ((f['result'] as { t: number }).t - start) % GATE_BOOK_INTERVAL_MS === 0)).toBe(true);
      expect(pushed.every((u, n) => n === 0 || u.firstUpdateId === (pushed[n - 1]?.updateId ?? 0) + 1)).toBe(true);
      // The snapshot's id is the last push's u before it: the next push starts at id + 1.
      expect(pushed.some((u) => u.firstUpdateId === rest.updateId + 1)).toBe(true);
      const book = new ClientBook(rest);
      for (const u of pushed) book.apply(u);
      expect([book.synced, book.gaps]).toEqual([true, 0]);
      const view = control.book(name, 'BTC_USDT', 50);
      expect(book.id).toBe(view.updateId);
      expect(book.top(50)).toEqual({ bids: view.bids.map(([p, s]) => [Number(p), Number(s)]), asks: view.asks.map(([p, s]) => [Number(p), Number(s)]) });
      const deletes = pushed.flatMap((u) => [...u.bids, ...u.asks]).filter((l) => l.size === 0);
      expect(deletes.length).toBeGreaterThan(0);
    });

  it('writes the recorded shapes: spot [price, size] strings in the coin, futures {p, s} whole contracts; the REST snapshots alike', () => {
    const spot = subscribed('gate');
    spot.run(2_000);
    const spotFrame = spot.frames().at(-1);
    const recordedSpot = recorded('gate-order_book_update.ndjson')[51] as { result: Record<string, unknown> };
    expect(Object.keys(spotFrame ?? {})).toEqual(Object.keys(recordedSpot));
    expect(Object.keys((spotFrame?.['result'] as object | undefined) ?? {})).toEqual(Object.keys(recordedSpot.result));
    expect(shape((spotFrame?.['result'] as { b: unknown }).b)).toEqual(shape(recordedSpot.result['b']));
    const spotRest = spot.snapshot('BTC_USDT').body;
    const recordedSpotRest = recorded('gate-order_book-rest.ndjson')[0] as { asks: unknown };
    expect(shape(spotRest['asks'])).toEqual(shape(recordedSpotRest.asks));

    const futures = subscribed('gate_futures');
    futures.run(2_000);
    const frames = futures.frames();
    const recordedFutures = recorded('gate-futures-order_book_update.ndjson')[0] as { result: Record<string, unknown> };
    expect(Object.keys(frames.at(-1)?.['result'] as object).sort()).toEqual(Object.keys(recordedFutures.result).sort());
    const levels = frames.flatMap((f) => [...(f['result'] as { b: unknown[] }).b, ...(f['result'] as { a: unknown[] }).a]) as { p: string; s: number }[];
    expect(levels.length).toBeGreaterThan(0);
    expect(levels.every((l) => Object.keys(l).join() === 'p,s' && typeof l.p === 'string' && Number.isInteger(l.s) && l.s >= 0)).toBe(true);
    const rest = futures.snapshot('BTC_USDT').body as { asks: { p: string; s: number }[] };
    const recordedRest = recorded('gate-futures-order_book-rest.ndjson')[0] as { asks: { p: string; s: number }[] };
    expect(rest.asks.every((l) => typeof l.p === 'string' && Number.isInteger(l.s) && l.s > 0)).toBe(true);
    expect(Object.keys(rest.asks[0] ?? {}).sort()).toEqual(Object.keys(recordedRest.asks[0] ?? {}).sort());
  });

  it('drop-delta leaves one update out on that book only (the next U skips), found by the client as a gap; a new snapshot bridges again', () => {
    const { run, updates, control, snapshot } = subscribed('gate', ['BTC_USDT', 'ETH_USDT']);
    run(1_000);
    const btc = new ClientBook(snapshot('BTC_USDT').update);
    const eth = new ClientBook(snapshot('ETH_USDT').update);
    control.bookFault('gate', 'drop', 'BTC_USDT');
    run(1_000);
    const breaks = (pushed: BookUpdate[]) => pushed.filter((u, n) => n > 0 && u.firstUpdateId !== (pushed[n - 1]?.updateId ?? 0) + 1).length;
    expect([breaks(updates('BTC_USDT')), breaks(updates('ETH_USDT'))]).toEqual([1, 0]);
    for (const u of updates('BTC_USDT')) btc.apply(u);
    for (const u of updates('ETH_USDT')) eth.apply(u);
    expect([btc.gaps > 0, eth.gaps]).toEqual([true, 0]);
    // Fetched again, the book bridges and follows.
    const again = new ClientBook(snapshot('BTC_USDT').update);
    const seen = updates('BTC_USDT').length;
    run(1_000);
    for (const u of updates('BTC_USDT').slice(seen)) again.apply(u);
    expect([again.synced, again.gaps]).toEqual([true, 0]);
    expect(control.counters('gate').bookFramesSent).toBeGreaterThan(0);
  });

  it('cross-book sends one bid above the best ask, deleted by the next push; restart and checksum are not Gate\u2019s', () => {
    const { run, updates, control, snapshot } = subscribed('gate_futures');
    run(1_000);
    const book = new ClientBook(snapshot('BTC_USDT').update);
    const before = updates('BTC_USDT').length;
    control.bookFault('gate_futures', 'cross', 'BTC_USDT');
    run(1_000);
    let crossed = 0;
    updates('BTC_USDT').forEach((u, n) => {
      book.apply(u);
      const { bids, asks } = book.top(1);
      if (n >= before && (bids[0]?.[0] ?? 0) >= (asks[0]?.[0] ?? Infinity)) crossed += 1;
    });
    expect([crossed, book.gaps]).toEqual([1, 0]);
    expect(() => control.bookFault('gate_futures', 'restart', 'BTC_USDT')).toThrow();
    expect(() => control.bookFault('gate_futures', 'checksum', 'BTC_USDT')).toThrow();
  });
});
