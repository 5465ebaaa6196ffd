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
});
