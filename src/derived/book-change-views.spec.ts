import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { BookChange, FeedStatus, OrderBookView } from '../model/index.js';
import { orderBook, status } from '../operators/__fixtures__/market-events.js';
import { BookChangeViews } from './book-change-views.js';
import { derivedDataType } from './data-types.js';
import { bookDerivedData, type BookDataType, type BookDerivedRecord } from './derived-data.js';

const types = ['book_change', 'book_snapshot_2_100ms', 'quote'].map((name) => derivedDataType(name)) as BookDataType[];
const derived = (events: readonly (OrderBookView | FeedStatus)[]): Promise<BookDerivedRecord[]> =>
  lastValueFrom(from(events).pipe(bookDerivedData(types), toArray()));

/** Live views of one book: a snapshot, changes, a resync, a snapshot again, and a whole-book push. */
const level = (price: number, size: number) => ({ price, size });
const live: (OrderBookView | FeedStatus)[] = [];
{
  const view = (
    ts: number,
    isSnapshot: boolean,
    changed: { bids: { price: number; size: number }[]; asks: { price: number; size: number }[] },
    book: { bids: { price: number; size: number }[]; asks: { price: number; size: number }[] },
  ) => orderBook({ exchangeTs: ts, receivedTs: ts + 1, updateId: ts, bids: book.bids, asks: book.asks, book, applied: { isSnapshot, ...changed } });
  const first = { bids: [level(100, 1), level(99, 2)], asks: [level(101, 1), level(102, 3)] };
  live.push(view(10, true, first, first));
  live.push(view(40, false, { bids: [level(100, 5)], asks: [] }, { bids: [level(100, 5), level(99, 2)], asks: first.asks }));
  live.push(view(130, false, { bids: [], asks: [level(101, 0)] }, { bids: [level(100, 5), level(99, 2)], asks: [level(102, 3)] }));
  live.push(status('book_resync', { symbol: 'BTCUSDT' }));
  const again = { bids: [level(98, 1)], asks: [level(103, 1)] };
  live.push(view(250, true, again, again));
  live.push(view(260, false, { bids: [level(98, 2)], asks: [] }, { bids: [level(98, 2)], asks: again.asks }));
}

describe('BookChangeViews', () => {
  it('stands the published book changes for the views they came from: the same derived data again, resync and all', async () => {
    const first = await derived(live);
    const views = new BookChangeViews();
    const rebuilt = first.flatMap((record): (OrderBookView | FeedStatus)[] => {
      if (record.type !== 'book_change') return [];
      const view = views.view(record);
      return view === undefined ? [] : [view];
    });
    // The resync as archived: between the changes it came between.
    rebuilt.splice(3, 0, status('book_resync', { symbol: 'BTCUSDT' }));
    expect(await derived(rebuilt)).toEqual(first);
    expect(first.filter((record) => record.type !== 'book_change').length).toBeGreaterThan(3);
  });

  it('stands a change before its book has a snapshot for nothing', () => {
    const change: BookChange = { ...orderBook(), type: 'book_change', isSnapshot: false, bids: [level(1, 1)], asks: [] };
    expect(new BookChangeViews().view(change)).toBeUndefined();
  });
});
