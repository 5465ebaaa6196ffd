import type { BookUpdate } from '../book-update.js';
import type { KrakenBookFrame, KrakenLevel } from './kraken-book-frames.js';

/**
 * A Kraken book message for one symbol as the book reducer folds it: a `BookUpdate` whose levels also
 * carry their decimal texts, with the checksum Kraken computed after the message. It travels where
 * any `BookUpdate` does (from the frame decoder to the plan's sync, by reference); the reducer reads
 * the extra fields through `isKrakenBookUpdate`. Kraken numbers no book message, so `updateId` is the
 * message's time in epoch microseconds (increasing along a book); a snapshot without `timestamp` takes
 * the receive time for both (the views have no flag to mark it estimated).
 */
export interface KrakenBookUpdate extends BookUpdate {
  readonly bids: readonly KrakenLevel[];
  readonly asks: readonly KrakenLevel[];
  /** CRC32 of the top 10 levels per side after this message. */
  readonly checksum: number;
}

/** True for an update made by `krakenBookUpdates` (its checksum and level texts present). */
export function isKrakenBookUpdate(update: BookUpdate): update is KrakenBookUpdate {
  return 'checksum' in update && typeof update.checksum === 'number' && update.bids.every(hasText) && update.asks.every(hasText);
}

function hasText(level: object): boolean {
  return 'priceText' in level && 'qtyText' in level && typeof level.priceText === 'string' && typeof level.qtyText === 'string';
}

/**
 * One update per symbol of a `book` message: a snapshot replaces the book, an update changes it. A
 * snapshot without `timestamp` is stamped with the receive time (`updateId` its microseconds).
 */
export function krakenBookUpdates(frame: KrakenBookFrame, receivedTs: number): readonly KrakenBookUpdate[] {
  return frame.data.map((d) => {
    const micros = d.micros ?? receivedTs * 1000;
    return {
      type: 'book_update',
      symbol: d.symbol,
      action: frame.type === 'snapshot' ? 'snapshot' : 'delta',
      bids: d.bids,
      asks: d.asks,
      updateId: micros,
      exchangeTs: Math.floor(micros / 1000),
      receivedTs,
      checksum: d.checksum,
    };
  });
}
