import type { BookUpdate } from '../book-update.js';
import type { CoinbaseBookFrame } from './coinbase-book-frames.js';

/**
 * The book updates of an `l2_data` frame, one per product event: a `snapshot` replaces the book, an
 * `update` is a delta of absolute sizes (0 deletes); bids from side `bid`, asks from side `offer`.
 * `updateId` is the frame's `sequence_num` (Coinbase numbers messages per socket, not per book);
 * `exchangeTs` the levels' `event_time`, else the envelope `timestamp`.
 */
export function coinbaseBookUpdates(frame: CoinbaseBookFrame, receivedTs: number): readonly BookUpdate[] {
  return frame.events.map((event) => ({
    type: 'book_update',
    symbol: event.productId,
    action: event.type === 'snapshot' ? 'snapshot' : 'delta',
    bids: event.bids,
    asks: event.asks,
    updateId: frame.sequenceNum,
    exchangeTs: event.eventTime ?? frame.timestamp,
    receivedTs,
  }));
}
