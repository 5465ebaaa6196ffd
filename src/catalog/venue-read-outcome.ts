import type { VenueListings } from '../model/instrument.js';
import type { EpochMillis, ExchangeId } from '../model/market-record.js';
import type { SkippedEntry } from '../exchanges/rest/listings-read.js';

/** How one read of a venue's list ended: a list believed, or a reason it was not (the last good list stays). */
export type VenueReadOutcome =
  | {
      readonly kind: 'accepted';
      readonly exchange: ExchangeId;
      readonly ts: EpochMillis;
      readonly listings: VenueListings;
      readonly skipped: readonly SkippedEntry[];
    }
  | { readonly kind: 'refused'; readonly exchange: ExchangeId; readonly ts: EpochMillis; readonly reason: string };
