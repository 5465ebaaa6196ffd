import { describe, expect, it } from 'vitest';
import { FIVE_LEVEL_BOOK, FIVE_LEVEL_BOOK_MID } from './__fixtures__/five-level-book.js';
import type { BookSides } from '../model/index.js';
import { depthBand, topLevelsImbalance } from './book-depth.js';

const book = FIVE_LEVEL_BOOK;
const mid = FIVE_LEVEL_BOOK_MID;

describe('depthBand', () => {
  it('is empty on both sides for a band narrower than the half-spread', () => {
    // 0.5 % of 100 = 0.5: bids from 99.5 up, asks up to 100.5; the best levels are 1 away.
    expect(depthBand(book, mid, 0.5)).toEqual({ withinPct: 0.5, bidBase: 0, bidQuote: 0, askBase: 0, askQuote: 0 });
  });

  it('counts the best levels lying exactly on the 1 % edge', () => {
    // 1 % of 100 = 1: bids from 99, asks up to 101, both edges exactly.
    // bid 99 x 2 = 198 quote; ask 101 x 1 = 101 quote
    expect(depthBand(book, mid, 1)).toEqual({ withinPct: 1, bidBase: 2, bidQuote: 198, askBase: 1, askQuote: 101 });
  });

  it('sums two levels per side within 2 %, the second on the edge', () => {
    // bids from 98: 2 + 3 = 5 base, 198 + 294 = 492 quote; asks up to 102: 1 + 2 = 3 base, 101 + 204 = 305 quote
    expect(depthBand(book, mid, 2)).toEqual({ withinPct: 2, bidBase: 5, bidQuote: 492, askBase: 3, askQuote: 305 });
  });

  it('stops at the last level inside a band whose edge falls between levels', () => {
    // 3.5 %: bids from 96.5 (99, 98, 97): 10 base, 198 + 294 + 485 = 977 quote;
    //        asks up to 103.5 (101, 102, 103): 7 base, 101 + 204 + 412 = 717 quote
    expect(depthBand(book, mid, 3.5)).toEqual({ withinPct: 3.5, bidBase: 10, bidQuote: 977, askBase: 7, askQuote: 717 });
  });

  it('counts a level on the edge of a band whose width does not round exactly', () => {
    // mid 0.3 (bid 0.2, ask 0.4), 33.333...%: the edges 0.2 and 0.4 lie exactly a third of the mid away.
    const thirds: BookSides = { bids: [{ price: 0.2, size: 1 }], asks: [{ price: 0.4, size: 1 }] };
    const band = depthBand(thirds, 0.3, 100 / 3);
    expect([band.bidBase, band.askBase]).toEqual([1, 1]);
  });
});

describe('topLevelsImbalance', () => {
  it('sums the best three levels per side', () => {
    // Vb = 2 + 3 + 5 = 10, Va = 1 + 2 + 4 = 7: (10 - 7) / 17 = 0.1764705882
    expect(topLevelsImbalance(book, 3)).toBeCloseTo(0.1764705882, 9);
  });

  it('sums every level when the book holds fewer than N', () => {
    // Vb = 2 + 3 + 5 + 4 + 10 = 24, Va = 1 + 2 + 4 + 5 + 8 = 20: (24 - 20) / 44 = 0.0909090909
    expect(topLevelsImbalance(book, 20)).toBeCloseTo(0.0909090909, 9);
  });

  it('is -1 with no bids, and 0 when nothing is summed', () => {
    expect(topLevelsImbalance({ bids: [], asks: book.asks }, 3)).toBe(-1);
    expect(topLevelsImbalance(book, 0)).toBe(0);
  });
});
