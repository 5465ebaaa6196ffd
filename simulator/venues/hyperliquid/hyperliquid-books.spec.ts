import { describe, expect, it } from 'vitest';
import { perpetualTestVenue, type TestClient } from '../../perpetual/__fixtures__/perpetual-test-venue.js';
import type { SimulatorOptions } from '../../simulator-options.js';

type Level = { px: string; sz: string; n: number };
type Book = { coin: string; time: number; levels: [Level[], Level[]]; fast?: true };

const WS = '/hyperliquid/ws';
const books = (client: TestClient): Book[] => (client.take() as { channel: string; data: Book }[]).filter((f) => f.channel === 'l2Book').map((f) => f.data);
const best = (book: Book) => ({ bid: Number(book.levels[0][0]?.px), ask: Number(book.levels[1][0]?.px) });

function subscribed(subscription: Record<string, unknown>, options: Partial<SimulatorOptions> = {}) {
  const test = perpetualTestVenue('hyperliquid', options);
  const client = test.connect(WS);
  client.send({ method: 'subscribe', subscription: { type: 'l2Book', coin: 'BTC', ...subscription } });
  return { ...test, client };
}

describe("the simulated Hyperliquid's l2Book", () => {
  it('sends the whole book at once to a subscriber, then again every 5 s: 20 levels a side, best first, never crossed', () => {
    const { client, run, clock } = subscribed({});
    const [first] = books(client);
    expect(first?.time).toBe(clock.now);
    run(10_000);
    const later = books(client);
    expect(later).toHaveLength(2);
    for (const book of [first, ...later] as Book[]) {
      const [bids, asks] = book.levels;
      expect([bids.length, asks.length]).toEqual([20, 20]);
      const bidPrices = bids.map((l) => Number(l.px));
      const askPrices = asks.map((l) => Number(l.px));
      expect(bidPrices).toEqual([...bidPrices].sort((a, b) => b - a));
      expect(askPrices).toEqual([...askPrices].sort((a, b) => a - b));
      expect(best(book).bid).toBeLessThan(best(book).ask);
      expect(bids.every((l) => Number(l.sz) > 0 && Number.isInteger(l.n) && l.n > 0)).toBe(true);
      expect('fast' in book).toBe(false);
    }
    expect(later[1]?.time).toBe(clock.now);
  });

  it('pushes a fast book of 5 levels a side every 0.5 s, marked fast, beside the slow one', () => {
    const { client, run } = subscribed({ fast: true });
    client.send({ method: 'subscribe', subscription: { type: 'l2Book', coin: 'BTC' } });
    books(client);
    run(5_000);
    const sent = books(client);
    const fast = sent.filter((b) => b.fast === true);
    expect(fast).toHaveLength(10);
    expect(fast.every((b) => b.levels[0].length === 5 && b.levels[1].length === 5)).toBe(true);
    expect(sent.filter((b) => b.fast === undefined)).toHaveLength(1);
  });

  it('keeps to the configured interval (l2BookIntervalMs: 500, the cadence before 2026-06)', () => {
    const { client, run } = subscribed({}, { venueOptions: { hyperliquid: { l2BookIntervalMs: 500 } } });
    books(client);
    run(2_000);
    expect(books(client)).toHaveLength(4);
  });

  it('drops the next snapshot, or crosses it (a bid above the best ask), when told; refuses a restart and a checksum', () => {
    const { client, run, control } = subscribed({}, { venueOptions: { hyperliquid: { l2BookIntervalMs: 500 } } });
    books(client);
    control.bookFault('hyperliquid', 'drop', 'BTC');
    run(1_000);
    expect(books(client)).toHaveLength(1);
    control.bookFault('hyperliquid', 'cross', 'BTC');
    run(1_000);
    const [crossed, next] = books(client) as [Book, Book];
    expect(best(crossed).bid).toBeGreaterThan(best(crossed).ask);
    expect(best(next).bid).toBeLessThan(best(next).ask);
    expect(() => control.bookFault('hyperliquid', 'restart', 'BTC')).toThrow(/no 'restart' book fault/);
    expect(() => control.bookFault('hyperliquid', 'checksum', 'BTC')).toThrow(/no 'checksum' book fault/);
  });

  it('shows the control API the last book its subscribers got, as the venue writes it', () => {
    const { client, control, run } = subscribed({});
    run(7_000);
    const [, book] = books(client) as [Book, Book];
    const view = control.book('hyperliquid', 'BTC', 3);
    expect(view.channel).toBe('l2Book');
    expect(view.bids).toEqual(book.levels[0].slice(0, 3).map((l) => [l.px, l.sz]));
    expect(view.asks).toEqual(book.levels[1].slice(0, 3).map((l) => [l.px, l.sz]));
  });
});
