import { defer, map, type OperatorFunction } from 'rxjs';
import { OverlapDeduplicator } from './overlap-deduplicator.js';
import { isMarketItem, type VenueItem } from './venue-item.js';

/**
 * Drops, per subscription, the market events two overlapping sockets both delivered; statuses, book
 * updates (a book sync drops stale updates by their ids) and refused frames pass.
 */
export function dropOverlapDuplicates(): OperatorFunction<readonly VenueItem[], readonly VenueItem[]> {
  return (source) =>
    defer(() => {
      const dedupe = new OverlapDeduplicator();
      return source.pipe(map((batch) => batch.filter((item) => !isMarketItem(item) || dedupe.isNew(item))));
    });
}
