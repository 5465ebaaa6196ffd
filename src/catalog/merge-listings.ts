import { listingKey, type Instrument, type InstrumentKey, type VenueListing, type VenueListings } from '../model/instrument.js';
import type { ExchangeId } from '../model/market-record.js';
import { marketOf } from '../exchanges/venues.js';

/**
 * The venues' good lists merged into instruments by canonical key (`BTC-USDT`; a perpetual venue's
 * listings under its market's key, `BTC-USDT-PERP`; a dated future or option under its own), in key order; the
 * base and quote are those of the first venue (in `venues` order) that lists the instrument. A
 * venue listing two symbols under one key keeps the first.
 */
export function mergeListings(
  venues: readonly ExchangeId[],
  lists: Readonly<Partial<Record<ExchangeId, VenueListings>>>,
): ReadonlyMap<InstrumentKey, Instrument> {
  const merged = new Map<InstrumentKey, Omit<Instrument, 'key' | 'listings'> & { listings: Partial<Record<ExchangeId, VenueListing>> }>();
  for (const venue of venues) {
    const market = marketOf(venue);
    for (const listing of lists[venue]?.listings ?? []) {
      const key = listingKey(listing, market);
      const entry = merged.get(key) ?? { base: listing.base, quote: listing.quote, market, listings: {} };
      entry.listings[venue] ??= listing;
      merged.set(key, entry);
    }
  }
  const sorted = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new Map(sorted.map(([key, { base, quote, market, listings }]) => [key, { key, base, quote, market, listings }]));
}
