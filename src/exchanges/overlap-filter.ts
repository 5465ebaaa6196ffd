import { defer, map, type OperatorFunction } from 'rxjs';
import { OverlapDeduplicator } from './overlap-deduplicator.js';
import type { VenueItem } from './venue-item.js';

/**
 * Drops, per subscription, the market events two overlapping sockets both delivered; statuses and
 * book updates pass (a book sync drops stale updates by their ids).
 */
export function dropOverlapDuplicates(): OperatorFunction<readonly VenueItem[], readonly VenueItem[]> {
  return (source) =>
    defer(() => {
      const dedupe = new OverlapDeduplicator();
      return source.pipe(map((batch) => batch.filter((item) => item.type === 'feed_status' || item.type === 'book_update' || item.type === 'order_book' || dedupe.isNew(item))));
    });
}
