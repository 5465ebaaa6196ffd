import type { BookLevel, BookSides } from '../model/order-book.js';

/** One level as a venue sends it: an absolute size at a price; size 0 removes the level. */
export interface LevelChange {
  readonly price: number;
  readonly size: number;
}

/**
 * The price levels of an L2 book, each side sorted best first (bids descending, asks ascending), as
 * a view publishes them: a view of a book no deeper than the view shares its arrays, no copy per
 * update. Treat as immutable: `applyL2Changes` copies a side before changing it.
 */
export interface L2Book {
  /** Bids by price descending: the best bid is first. */
  readonly bids: readonly BookLevel[];
  /** Asks by price ascending: the best ask is first. */
  readonly asks: readonly BookLevel[];
}

export const EMPTY_L2_BOOK: L2Book = { bids: [], asks: [] };

/** The sign of "better" along a side: a higher bid (+1), a lower ask (-1). */
const BIDS = 1;
const ASKS = -1;

/** A book holding exactly these levels (a snapshot): a later duplicate price wins; size-0 levels are left out. */
export function l2BookOf(bids: readonly LevelChange[], asks: readonly LevelChange[]): L2Book {
  return { bids: sideOf(bids, BIDS), asks: sideOf(asks, ASKS) };
}

/**
 * The book after a delta's levels: size 0 deletes (a no-op for an absent price), an unknown price
 * inserts, a known price takes the new size. Each changed side is copied once (O(depth) pointer
 * copy), then each level costs a binary search plus a shift of the levels worse than it.
 */
export function applyL2Changes(book: L2Book, bids: readonly LevelChange[], asks: readonly LevelChange[]): L2Book {
  return {
    bids: bids.length === 0 ? book.bids : applied(book.bids, bids, BIDS),
    asks: asks.length === 0 ? book.asks : applied(book.asks, asks, ASKS),
  };
}

/** The best `levels` per side, best first; the book's own arrays when it is no deeper (O(1)), else a copy of the top. */
export function topOfBook(book: L2Book, levels: number): BookSides {
  return { bids: bestOf(book.bids, levels), asks: bestOf(book.asks, levels) };
}

/** True when both sides have levels and the best bid is at or above the best ask (crossed or locked). */
export function isCrossedOrLocked(book: L2Book): boolean {
  const bid = book.bids[0];
  const ask = book.asks[0];
  return bid !== undefined && ask !== undefined && bid.price >= ask.price;
}

/** The best bid and best ask, when there are levels. */
export function touchOf(book: L2Book): { readonly bid: BookLevel | undefined; readonly ask: BookLevel | undefined } {
  return { bid: book.bids[0], ask: book.asks[0] };
}

/** Keeps at most `levels` per side, dropping the worst. */
export function trimL2Book(book: L2Book, levels: number): L2Book {
  if (book.bids.length <= levels && book.asks.length <= levels) return book;
  return { bids: bestOf(book.bids, levels), asks: bestOf(book.asks, levels) };
}

function sideOf(changes: readonly LevelChange[], direction: number): readonly BookLevel[] {
  const byPrice = new Map<number, number>();
  for (const change of changes) byPrice.set(change.price, change.size);
  const levels: BookLevel[] = [];
  for (const [price, size] of byPrice) if (size > 0) levels.push({ price, size });
  return levels.sort((x, y) => (y.price - x.price) * direction);
}

function applied(side: readonly BookLevel[], changes: readonly LevelChange[], direction: number): readonly BookLevel[] {
  const levels = side.slice();
  for (const { price, size } of changes) {
    const i = lowerBound(levels, price, direction);
    const found = levels[i]?.price === price;
    if (size === 0) {
      if (found) levels.splice(i, 1);
    } else if (found) {
      levels[i] = { price, size };
    } else {
      levels.splice(i, 0, { price, size });
    }
  }
  return levels;
}

/** The first index whose price is not better than `price`. */
function lowerBound(levels: readonly BookLevel[], price: number, direction: number): number {
  let lo = 0;
  let hi = levels.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (((levels[mid] as BookLevel).price - price) * direction > 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function bestOf(side: readonly BookLevel[], levels: number): readonly BookLevel[] {
  return side.length <= levels ? side : side.slice(0, levels);
}
