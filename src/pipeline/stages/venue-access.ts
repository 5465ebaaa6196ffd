import type { SchedulerLike } from 'rxjs';
import { venueRestPacers } from '../../catalog/index.js';
import type { RestWeightPacer } from '../../exchanges/rest/rest-weight-pacer.js';
import { restPacerOverrides } from '../../exchanges/venues.js';
import type { ExchangeId } from '../../model/market-record.js';
import type { BookSettings } from '../book-options.js';
import type { MarketFeedSettings } from '../market-feed-settings.js';
import type { VenueBookOptions } from '../venue-settings.js';

/** How the feed reaches the venues beyond their sockets: their REST pacers, and their book settings. */
export interface VenueAccess {
  /** One REST pacer per venue, shared by the catalog, the depth snapshots and the repair (the venues count weight per IP). */
  readonly restPacers: Readonly<Partial<Record<ExchangeId, RestWeightPacer>>>;
  /** The books followed; absent when none. */
  readonly books?: BookSettings;
  /** What a venue's connections need for books (the venues' options, its REST pacer and URL); absent without books. */
  bookOptions(exchange: ExchangeId): VenueBookOptions | undefined;
}

/**
 * Stage 1, the venues: a REST pacer per venue, at the budget its options set (a cluster instance
 * takes its part of each venue's per-IP budget: `budgetPart`, that of the shards it holds), shared
 * with books by the venue's connections.
 */
export function venueAccess(config: MarketFeedSettings, scheduler: SchedulerLike, budgetPart: (() => number) | undefined): VenueAccess {
  const books = config.books !== undefined && config.books.follow.kind !== 'none' ? config.books : undefined;
  const options = config.venueOptions ?? {};
  const restPacers = venueRestPacers(config.venues, scheduler, restPacerOverrides(config.venues, options), budgetPart);
  return {
    restPacers,
    ...(books === undefined ? {} : { books }),
    bookOptions: (exchange) => {
      if (books === undefined) return undefined;
      const restPacer = restPacers[exchange];
      const restUrl = config.restUrls?.[exchange];
      return { options, ...(restPacer === undefined ? {} : { restPacer }), ...(restUrl === undefined ? {} : { restUrl }) };
    },
  };
}
