import type { BookPlan } from '../book-sync.js';
import { okxBookReducer, type OkxBookUpdate } from '../okx/okx-book-reducer.js';
import { stringValues } from '../refused-frame-peek.js';
import { resyncBySnapshot } from '../resync-by-snapshot.js';
import type { BitgetFrame } from './bitget-frames.js';
import type { BitgetBookFrame } from './bitget-market-frames.js';

/** The depth channel subscribed for books: every level, a snapshot and then the changes every 200 ms (docs "Depth Channel"). */
export const BITGET_BOOK_CHANNEL = 'books';

/**
 * Levels kept per side. Bitget's `books` is the whole book (docs "Depth Channel": "books: All levels of
 * depth"; the v1 recording's snapshot: 83 bids, 108 asks), so none is dropped short of this many: a level
 * dropped could come back into the checked top 25 once the better ones are taken.
 */
export const BITGET_BOOK_LEVELS = 1000;

/**
 * Bitget's order books over `books`: the book rules are OKX's (docs "Depth Channel": the same CRC32 of
 * the best 25 bids and asks interleaved as written, `bid1:ask1:bid2:ask2...`, sizes 0 delete), so each push
 * is an `OkxBookUpdate` folded by `okxBookReducer` along the `seq`/`pseq` chain (an update whose `pseq`
 * is not the last `seq` is a gap) and checked against every non-zero checksum. A v2 snapshot's checksum
 * is 0 while its updates carry one, so every book is checked from its snapshot on. A `book_resync` (a
 * broken chain, a checksum mismatch, a crossed book, a refused push, an update without a snapshot)
 * resubscribes the instrument's topic, and Bitget answers with a fresh snapshot.
 */
export const bitgetBookPlan: BookPlan<BitgetFrame> = {
  channel: BITGET_BOOK_CHANNEL,
  // `books1` pushes (the best bid and ask, subscribed on every feed) are whole snapshots of one level: never the book's.
  updates: (frame, receivedTs) => (frame.kind === 'book' && frame.channel === BITGET_BOOK_CHANNEL ? bitgetBookUpdates(frame, receivedTs) : []),
  refusedSymbols: bitgetBookSymbolsOf,
  sync: resyncBySnapshot(okxBookReducer({ maxLevels: BITGET_BOOK_LEVELS, checkEverySnapshot: true })),
};

/**
 * The book updates of one depth push: `updateId` its `seq` (0 without one), `prevUpdateId` its `pseq` (with
 * a `seq` only: v1 sent neither, and its pushes are applied in the order they came), time its `ts`,
 * `checksum` its non-zero checksum, levels with their texts as written. Sizes are the base coin on both
 * of Bitget's markets.
 */
export function bitgetBookUpdates(frame: BitgetBookFrame, receivedTs: number): readonly OkxBookUpdate[] {
  return frame.books.map((data): OkxBookUpdate => {
    const update: OkxBookUpdate = {
      type: 'book_update',
      symbol: frame.instId,
      action: frame.action === 'snapshot' ? 'snapshot' : 'delta',
      bids: data.bids,
      asks: data.asks,
      updateId: data.seq ?? 0,
      exchangeTs: data.ts,
      receivedTs,
    };
    const checked = data.checksum === undefined ? update : { ...update, checksum: data.checksum };
    return data.seq === undefined || data.pseq === undefined ? checked : { ...checked, prevUpdateId: data.pseq };
  });
}

/** The instruments of a refused frame of the book's channel (`"arg":{"channel":"books","instId":..}`; v3 `topic`, `symbol`), read leniently from its text. */
export function bitgetBookSymbolsOf(text: string): readonly string[] {
  const channels = [...stringValues(text, 'channel'), ...stringValues(text, 'topic')];
  if (!channels.includes(BITGET_BOOK_CHANNEL)) return [];
  return [...stringValues(text, 'instId'), ...stringValues(text, 'symbol')];
}
