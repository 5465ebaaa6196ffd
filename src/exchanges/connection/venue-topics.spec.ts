import { VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { VenueTopics } from './venue-topics.js';

const protocol = { topic: (symbol: string, stream: { readonly channel: string }) => `${stream.channel}.${symbol}` };
const TRADES = { channel: 'trades', record: 'trade' } as const;
const DEPTH = { channel: 'book', record: 'order_book' } as const;
const A = { symbol: 'A', coin: 'A', quote: 'USD' };
const B = { symbol: 'B', coin: 'B', quote: 'USD', book: false };
const C = { symbol: 'C', coin: 'C', quote: 'USD' };

describe('VenueTopics', () => {
  it("asks for each instrument's streams and, where its book is wanted, its depth channel, each topic once", () => {
    const topics = new VenueTopics(protocol, [TRADES], DEPTH, new VirtualTimeScheduler());
    expect(topics.of([A, B, A])).toEqual(['trades.A', 'book.A', 'trades.B']);
  });

  it('leaves out an instrument closed for good, applies the instruments closing within a second together once, and asks again for one followed anew', () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, Infinity);
    const applied: number[] = [];
    const topics = new VenueTopics(protocol, [TRADES], undefined, scheduler);
    expect(topics.close('A', () => applied.push(scheduler.now()))).toBe(true);
    scheduler.schedule(() => expect(topics.close('C', () => applied.push(-1))).toBe(true), 400);
    expect(topics.close('A', () => applied.push(-2))).toBe(false);
    scheduler.flush();
    expect(applied).toEqual([1000]);
    expect(topics.of([A, B, C])).toEqual(['trades.B']);
    topics.keepOnly(new Set(['B', 'C']));
    expect(topics.of([A, B, C])).toEqual(['trades.A', 'trades.B']);
  });

  it('follows instruments: their symbols and topics, which symbol a topic is of, and a closed one left out until followed anew', () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, Infinity);
    const topics = new VenueTopics(protocol, [TRADES], DEPTH, scheduler);
    topics.follow([A, B]);
    expect([topics.symbols, topics.topics, topics.follows('B'), topics.follows('C')]).toEqual([['A', 'B'], ['trades.A', 'book.A', 'trades.B'], true, false]);
    expect([topics.symbolOf('book.A'), topics.symbolOf('trades.B'), topics.symbolOf('trades.C')]).toEqual(['A', 'B', undefined]);
    topics.close('A', () => topics.follow(topics.instruments));
    scheduler.flush();
    expect(topics.topics).toEqual(['trades.B']);
    topics.follow([B, C]);
    topics.follow([A, B, C]);
    expect(topics.topics).toEqual(['trades.A', 'book.A', 'trades.B', 'trades.C', 'book.C']);
  });
});
