import { listingKey, type InstrumentKey, type VenueListing } from '../model/instrument.js';
import type { CatalogChange } from './catalog-event.js';

/**
 * What changed at one venue between two of its good lists, in key order: `listed` (new, whatever
 * its state), `delisted` (gone from the list), `halted` (trading -> halted) and `resumed` (halted ->
 * trading). A venue that lists only trading instruments (Bybit) shows a halt as `delisted`.
 */
export function diffListings(before: readonly VenueListing[], after: readonly VenueListing[]): readonly CatalogChange[] {
  const old = byKey(before);
  const now = byKey(after);
  const changes: CatalogChange[] = [];
  const change = (kind: CatalogChange['kind'], key: InstrumentKey, listing: VenueListing) =>
    changes.push({ kind, exchange: listing.exchange, key, symbol: listing.symbol, listing });
  for (const [key, listing] of now) {
    const was = old.get(key);
    if (was === undefined) change('listed', key, listing);
    else if (was.state === 'trading' && listing.state === 'halted') change('halted', key, listing);
    else if (was.state === 'halted' && listing.state === 'trading') change('resumed', key, listing);
  }
  for (const [key, listing] of old) if (!now.has(key)) change('delisted', key, listing);
  return changes.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** First listing per key, as `mergeListings` keeps it. */
function byKey(listings: readonly VenueListing[]): ReadonlyMap<InstrumentKey, VenueListing> {
  const map = new Map<InstrumentKey, VenueListing>();
  for (const listing of listings) {
    const key = listingKey(listing);
    if (!map.has(key)) map.set(key, listing);
  }
  return map;
}
