import { describe, expect, it } from 'vitest';
import { orderBook } from '../operators/__fixtures__/market-events.js';
import type { OrderBookView } from '../model/index.js';
import { TopSampler } from './top-sampler.js';

/** A view at venue time `ts` whose best bid is `bid` x 1 (ask 200 x 1). */
const at = (ts: number, bid: number, fields: Partial<OrderBookView> = {}): OrderBookView =>
  orderBook({ exchangeTs: ts, receivedTs: ts + 5, updateId: ts, bids: [{ price: bid, size: 1 }], asks: [{ price: 200, size: 1 }], ...fields });

const stamps = (sampler: TopSampler, views: readonly OrderBookView[]): string[] =>
  views.flatMap((view) => sampler.step(view).map((top) => `${top.stampTs}:${top.bids[0]?.price ?? '-'}@${top.trigger.receivedTs}`));

describe('TopSampler', () => {
  it('publishes a first top at once, then the top before the first update of a later interval, stamped with the interval end', () => {
    const sampler = new TopSampler({ depth: 1, intervalMs: 100 });
    // 10: first top, at once. 50, 90: changes inside [0,100). 130: a later interval; the top before it (bid 3) is stamped 100.
    // 150: change in [100,200). 420: closes [100,200) (bid 4, stamped 200); its own change waits. 430: nothing.
    expect(stamps(sampler, [at(10, 1), at(50, 2), at(90, 3), at(130, 4), at(150, 4), at(420, 5), at(430, 5)])).toEqual(['10:1@15', '100:3@135', '200:4@425']);
  });

  it('publishes nothing for an interval whose top did not change, and nothing without a later update (no timer)', () => {
    const sampler = new TopSampler({ depth: 1, intervalMs: 100 });
    expect(stamps(sampler, [at(10, 1), at(120, 1), at(250, 1), at(260, 2)])).toEqual(['10:1@15']);
  });

  it('counts a change that came back within the interval as a change (the top is compared update by update)', () => {
    const sampler = new TopSampler({ depth: 1, intervalMs: 100 });
    expect(stamps(sampler, [at(10, 1), at(20, 2), at(30, 1), at(110, 1)])).toEqual(['10:1@15', '100:1@115']);
  });

  it('with a cadence of 0 publishes after every update that changed the top, stamped with its time', () => {
    const sampler = new TopSampler({ depth: 1, intervalMs: 0 });
    expect(stamps(sampler, [at(10, 1), at(11, 1), at(12, 2), at(12, 3)])).toEqual(['10:1@15', '12:2@17', '12:3@17']);
  });

  it('looks at the top depth levels of the whole book, not the view, and a side may hold fewer', () => {
    const sampler = new TopSampler({ depth: 3, intervalMs: 0 });
    const book = {
      bids: [
        { price: 10, size: 1 },
        { price: 9, size: 2 },
        { price: 8, size: 3 },
        { price: 7, size: 4 },
      ],
      asks: [{ price: 11, size: 1 }],
    };
    const [top] = sampler.step(at(1, 10, { bids: book.bids.slice(0, 1), book }));
    expect(top?.bids).toEqual([
      { price: 10, size: 1 },
      { price: 9, size: 2 },
      { price: 8, size: 3 },
    ]);
    expect(top?.asks).toEqual([{ price: 11, size: 1 }]);
    // A change below the top three is no change.
    expect(sampler.step(at(2, 10, { book: { ...book, bids: [...book.bids.slice(0, 3), { price: 7, size: 9 }] } }))).toEqual([]);
  });

  it('groups bids down and asks up to the step, summing sizes (0.5: 100.3 and 100.1 are 100; 100.7 is 100.5; asks 100.8 is 101)', () => {
    const sampler = new TopSampler({ depth: 2, intervalMs: 0, grouping: 0.5 });
    const book = {
      bids: [
        { price: 100.7, size: 1 },
        { price: 100.3, size: 2 },
        { price: 100.1, size: 3 },
        { price: 99.9, size: 4 },
      ],
      asks: [
        { price: 100.8, size: 1 },
        { price: 101, size: 2 },
        { price: 101.2, size: 5 },
      ],
    };
    const [top] = sampler.step(at(1, 0, book));
    expect(top?.bids).toEqual([
      { price: 100.5, size: 1 },
      { price: 100, size: 5 },
    ]);
    expect(top?.asks).toEqual([
      { price: 101, size: 3 },
      { price: 101.5, size: 5 },
    ]);
  });
});
