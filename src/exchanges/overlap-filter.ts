import { defer, map, type OperatorFunction } from 'rxjs';
import type { FeedEvent } from '../model/index.js';
import { OverlapDeduplicator } from './overlap-deduplicator.js';

/** Drops, per subscription, the market events two overlapping sockets both delivered; statuses pass. */
export function dropOverlapDuplicates(): OperatorFunction<readonly FeedEvent[], readonly FeedEvent[]> {
  return (source) =>
    defer(() => {
      const dedupe = new OverlapDeduplicator();
      return source.pipe(map((batch) => batch.filter((event) => event.type === 'feed_status' || dedupe.isNew(event))));
    });
}
