import type { VenueListing } from '../model/instrument.js';
import type { EpochMillis, ExchangeId } from '../model/market-record.js';
import type { CatalogUpdate, InstrumentCatalog } from './catalog-event.js';
import { mergeListings } from './merge-listings.js';

/** A catalog of no list, for following configured coins without reading the venues' lists: every venue counts as having listed nothing yet. */
export function emptyInstrumentCatalog(venues: readonly ExchangeId[]): InstrumentCatalog {
  return { venues, instruments: new Map(), health: {} };
}

/**
 * The catalog of venues' lists given rather than read (a replay's `--listings`: the lists as the venues
 * answered them, saved): each given list fresh as of `ts`, a venue without one unavailable.
 */
export function givenListsCatalog(
  venues: readonly ExchangeId[],
  lists: Readonly<Partial<Record<ExchangeId, readonly VenueListing[]>>>,
  ts: EpochMillis,
): CatalogUpdate {
  const given = venues.flatMap((exchange) => {
    const listings = lists[exchange];
    return listings === undefined ? [] : [[exchange, listings] as const];
  });
  const venueLists = Object.fromEntries(given.map(([exchange, listings]) => [exchange, { exchange, fetchedAt: ts, listings }]));
  const health = Object.fromEntries(
    given.map(([exchange, listings]) => [
      exchange,
      { state: 'fresh', listedAt: ts, listed: listings.length, skipped: 0, reads: 1, failedReads: 0, consecutiveFailures: 0 } as const,
    ]),
  );
  return { type: 'catalog', ts, catalog: { venues, instruments: mergeListings(venues, venueLists), health }, changes: [] };
}
