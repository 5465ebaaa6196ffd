import { describe, expect, it } from 'vitest';
import { BinanceDepthStreams } from './venues/binance/binance-depth-streams.js';
import type { BookChannels } from './book-channels.js';
import { BybitBookTopics } from './venues/bybit/bybit-book-topics.js';
import type { SimMarketSymbol } from './sim-listing.js';
import { simUniverseOf } from './sim-universe-of.js';
import { SimulatedBooks } from './simulated-books.js';
import { SimulatedMarket } from './simulated-market.js';

/** Levels per delta of `topic` over `seconds`, the symbol trading `rate` times a second, 20 ms steps. */
function deltaSizes(symbol: SimMarketSymbol, rate: number, seconds: number, channels: (books: SimulatedBooks) => BookChannels, topic: string): number[] {
  const market = new SimulatedMarket({ symbols: [symbol], seed: 1, idStep: 'sparse' });
  const channel = channels(new SimulatedBooks({ market, seed: 1 }));
  channel.onSubscribe(topic, 0);
  const sizes: number[] = [];
  let owed = 0;
  for (let now = 20; now <= seconds * 1000; now += 20) {
    for (owed += rate * 0.02; owed >= 1; owed -= 1) market.nextTrade(symbol.symbol, now);
    for (const { payload } of channel.tick(20, now, (t) => t === topic)) {
      const frame = payload as { type?: string; data?: { b: unknown[]; a: unknown[] }; b?: unknown[]; a?: unknown[] };
      if (frame.type === 'snapshot') continue;
      const levels = frame.data ?? { b: frame.b ?? [], a: frame.a ?? [] };
      sizes.push(levels.b.length + levels.a.length);
    }
  }
  return sizes;
}

const share = (sizes: readonly number[], test: (n: number) => boolean): number => sizes.filter(test).length / sizes.length;

describe('SimulatedBooks: deltas of the size real ones have (recorded Bybit orderbook.200: mostly 1 to 10 levels, a few dozens)', () => {
  it('a coin at 5 trades/s: orderbook.50 and .200 and Binance depth@100ms deltas mostly carry 1 to 10 levels, a few 20 or more, hardly any over 50', () => {
    const btc = { symbol: 'BTCUSDT', coin: 'BTC' };
    const bybit = (books: SimulatedBooks) => new BybitBookTopics({ books });
    for (const [channels, topic, mostly] of [
      [bybit, 'orderbook.50.BTCUSDT', 0.9],
      [bybit, 'orderbook.200.BTCUSDT', 0.7],
      [(books: SimulatedBooks) => new BinanceDepthStreams({ books }), 'btcusdt@depth@100ms', 0.7],
    ] as const) {
      const sizes = deltaSizes(btc, 5, 120, channels, topic);
      expect(sizes.length, topic).toBeGreaterThan(1000);
      expect(
        share(sizes, (n) => n >= 1 && n <= 10),
        topic,
      ).toBeGreaterThan(mostly);
      expect(
        share(sizes, (n) => n >= 20),
        topic,
      ).toBeGreaterThan(0.001);
      expect(
        share(sizes, (n) => n > 50),
        topic,
      ).toBeLessThan(0.01);
    }
  });

  it("a mid-table and a tail instrument of a generated universe: deltas of a few levels, and the tail's book changes only now and then", () => {
    const universe = simUniverseOf({ universe: { instruments: 2600 } });
    const mid = universe.instruments[40];
    const tail = universe.instruments[1500];
    if (mid === undefined || tail === undefined) throw new Error('no such instruments');
    const bybit = (books: SimulatedBooks) => new BybitBookTopics({ books });
    const midSizes = deltaSizes(mid, mid.tradesPerSecond ?? 0, 120, bybit, `orderbook.200.${mid.symbol}`);
    expect(share(midSizes, (n) => n >= 1 && n <= 10)).toBeGreaterThan(0.85);
    const tailSizes = deltaSizes(tail, tail.tradesPerSecond ?? 0, 120, bybit, `orderbook.200.${tail.symbol}`);
    expect(tailSizes.length).toBeLessThan(60);
    expect(share(tailSizes, (n) => n >= 1 && n <= 10)).toBeGreaterThan(0.7);
  });

  it('creates a book on first use when not eager, and steps only followed books', () => {
    const market = new SimulatedMarket({
      symbols: [
        { symbol: 'BTCUSDT', coin: 'BTC' },
        { symbol: 'ETHUSDT', coin: 'ETH' },
      ],
      seed: 1,
      idStep: 'sparse',
    });
    const books = new SimulatedBooks({ market, seed: 1, eager: false });
    expect(books.symbols).toEqual([]);
    expect(books.book('XYZUSDT')).toBeUndefined();
    const eth = books.book('ETHUSDT');
    expect(books.symbols).toEqual(['ETHUSDT']);
    const before = eth?.updateId;
    market.nextTrade('ETHUSDT', 1);
    expect(books.advance(1000, () => false).size).toBe(0);
    expect(eth?.updateId).toBe(before);
    expect([...books.advance(1000, () => true).keys()]).toEqual(['ETHUSDT']);
  });

  it('stops churning the book of a symbol that stops trading, and churns it again once it trades', () => {
    const market = new SimulatedMarket({ symbols: [{ symbol: 'BTCUSDT', coin: 'BTC' }], seed: 1, idStep: 'sparse' });
    const books = new SimulatedBooks({ market, seed: 1 });
    expect(books.advance(100, () => true).size).toBe(1);
    market.setStatus('BTCUSDT', 'halted');
    expect(books.advance(1000, () => true).size).toBe(0);
    market.setStatus('BTCUSDT', 'trading');
    expect(books.advance(100, () => true).size).toBe(1);
  });
});
