import type { FeedStatus } from '../model/feed-status.js';
import type { CatalogEvent } from './catalog-event.js';

/** The states a catalog event is reported under: a venue's list (`catalog_*`) or one instrument at one venue. */
export type CatalogFeedState = Extract<
  FeedStatus['state'],
  'catalog_ready' | 'catalog_stale' | 'catalog_recovered' | 'listed' | 'delisted' | 'halted' | 'resumed'
>;

/** A feed status about the catalog. */
export type CatalogFeedStatus = FeedStatus & { readonly state: CatalogFeedState };

/**
 * A catalog event as feed statuses (pure): a venue status as one for the whole venue; an update
 * as one per change, scoped to the venue's symbol, its reason naming the instrument, its venue
 * status and tick size (an instrument gone after its expiry: when it expired); a `listed` one's
 * `lastEventTs` is when the venue's previous list, which did not hold it, was read.
 */
export function catalogFeedStatuses(event: CatalogEvent): readonly CatalogFeedStatus[] {
  if (event.type === 'catalog_status') {
    return [
      {
        type: 'feed_status',
        exchange: event.exchange,
        state: event.state,
        reason: event.reason,
        ts: event.ts,
        ...(event.consecutiveFailures > 0 ? { attempt: event.consecutiveFailures } : {}),
      },
    ];
  }
  return event.changes.map((change) => {
    const { expiryTs } = change.listing;
    // An option or future gone from the list after its expiry has expired, not been taken off.
    const expired = change.kind === 'delisted' && expiryTs !== undefined && expiryTs <= event.ts;
    const why = expired ? `expired at ${new Date(expiryTs).toISOString()}` : `${change.listing.venueStatus}, tick ${change.listing.tickSize}`;
    return {
      type: 'feed_status',
      exchange: change.exchange,
      symbol: change.symbol,
      state: change.kind,
      reason: `${change.key} ${change.kind} (${why})`,
      ts: event.ts,
      ...(change.absentAt === undefined ? {} : { lastEventTs: change.absentAt }),
    };
  });
}
