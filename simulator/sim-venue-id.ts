import type { ExchangeId } from '../src/model/market-record.js';

/**
 * Venues the simulator serves before the pipeline reads them, so that their client can be written
 * against the simulator: each id of the pipeline's form, to join `EXCHANGE_IDS`
 * (`src/model/market-record.ts`) with the pipeline's reader of the venue, and to leave this list then
 * (`sim-venues.spec.ts` fails while an id is in both).
 */
export const SIM_VENUES_AHEAD = [] as const;

/** A simulated venue's id: one of the pipeline's venues, or one served ahead of its reader (none while every served venue is read). */
// eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents -- the list is empty while every served venue is read
export type SimVenueId = ExchangeId | (typeof SIM_VENUES_AHEAD)[number];

/** True for a venue the pipeline reads: not one served ahead of its reader. */
export function isPipelineVenue<V extends SimVenueId>(id: V): id is V & ExchangeId {
  return !(SIM_VENUES_AHEAD as readonly string[]).includes(id);
}
