import { describe, expect, it } from 'vitest';
import { applyL2Changes, EMPTY_L2_BOOK, isCrossedOrLocked, l2BookOf, topOfBook, trimL2Book } from './l2-book.js';

const lv = (price: number, size: number) => ({ price, size });

describe('L2 book levels', () => {
  it('builds a snapshot best first whatever the order it came in, the later duplicate winning', () => {
    const book = l2BookOf([lv(99, 1), lv(101, 2), lv(100, 3), lv(99, 4)], [lv(105, 1), lv(103, 2), lv(104, 0)]);
    expect(topOfBook(book, 10)).toEqual({ bids: [lv(101, 2), lv(100, 3), lv(99, 4)], asks: [lv(103, 2), lv(105, 1)] });
  });

  it('inserts, updates and deletes levels anywhere on a side', () => {
    const book = l2BookOf([lv(100, 1), lv(98, 1)], [lv(102, 1), lv(104, 1)]);
    const next = applyL2Changes(book, [lv(101, 5), lv(98, 0), lv(97, 2), lv(100, 3)], [lv(103, 1), lv(104, 0), lv(102, 9)]);
    expect(topOfBook(next, 10)).toEqual({ bids: [lv(101, 5), lv(100, 3), lv(97, 2)], asks: [lv(102, 9), lv(103, 1)] });
  });

  it('treats deleting an absent level as a no-op', () => {
    const book = l2BookOf([lv(100, 1)], [lv(102, 1)]);
    expect(topOfBook(applyL2Changes(book, [lv(99, 0)], [lv(110, 0)]), 10)).toEqual(topOfBook(book, 10));
  });

  it('leaves the book it was given unchanged', () => {
    const book = l2BookOf([lv(100, 1)], [lv(102, 1)]);
    applyL2Changes(book, [lv(100, 0), lv(101, 1)], [lv(102, 2)]);
    expect(topOfBook(book, 10)).toEqual({ bids: [lv(100, 1)], asks: [lv(102, 1)] });
  });

  it('returns only the requested number of levels, best first', () => {
    const book = l2BookOf([lv(1, 1), lv(2, 1), lv(3, 1)], [lv(6, 1), lv(5, 1), lv(4, 1)]);
    expect(topOfBook(book, 2)).toEqual({ bids: [lv(3, 1), lv(2, 1)], asks: [lv(4, 1), lv(5, 1)] });
  });

  it('trims the worst levels past the cap', () => {
    const book = trimL2Book(l2BookOf([lv(1, 1), lv(2, 1), lv(3, 1)], [lv(6, 1), lv(5, 1), lv(4, 1)]), 2);
    expect(topOfBook(book, 10)).toEqual({ bids: [lv(3, 1), lv(2, 1)], asks: [lv(4, 1), lv(5, 1)] });
  });

  it('calls a book crossed or locked when the best bid reaches the best ask, and never when a side is empty', () => {
    expect(isCrossedOrLocked(l2BookOf([lv(100, 1)], [lv(100, 1)]))).toBe(true);
    expect(isCrossedOrLocked(l2BookOf([lv(101, 1)], [lv(100, 1)]))).toBe(true);
    expect(isCrossedOrLocked(l2BookOf([lv(99, 1)], [lv(100, 1)]))).toBe(false);
    expect(isCrossedOrLocked(l2BookOf([lv(99, 1)], []))).toBe(false);
    expect(isCrossedOrLocked(EMPTY_L2_BOOK)).toBe(false);
  });
});
