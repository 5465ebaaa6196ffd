import { applyL2Changes, l2BookOf, type L2Book } from '../exchanges/l2-book.js';
import { instrumentOf, type BookChange, type OrderBookView } from '../model/index.js';

/**
 * The book views a stream of published book changes stands for: each book rebuilt from its last
 * snapshot change and the changes after it, as the venue's sync kept it, so the derived data of an
 * archive's book changes is made by the operators that made it live (`bookDerivedData`). A change
 * before its book's first snapshot (an archive read from the middle of a day) stands for nothing.
 * Mutable; one per stream.
 */
export class BookChangeViews {
  private readonly books = new Map<string, L2Book>();

  view(change: BookChange): OrderBookView | undefined {
    const key = `${change.exchange}\u0000${instrumentOf(change)}`;
    const before = this.books.get(key);
    if (!change.isSnapshot && before === undefined) return undefined;
    const book = change.isSnapshot || before === undefined ? l2BookOf(change.bids, change.asks) : applyL2Changes(before, change.bids, change.asks);
    this.books.set(key, book);
    const { type: _type, isSnapshot, bids, asks, ...record } = change;
    return { ...record, type: 'order_book', bids: book.bids, asks: book.asks, book, applied: { isSnapshot, bids, asks } };
  }
}
