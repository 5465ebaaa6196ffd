import type { VenueListings } from '../model/instrument.js';
import type { EpochMillis, ExchangeId } from '../model/market-record.js';
import type { CatalogEvent, CatalogStatus, InstrumentCatalog, VenueCatalogHealth } from './catalog-event.js';
import { diffListings } from './diff-listings.js';
import { mergeListings } from './merge-listings.js';
import type { VenueReadOutcome } from './venue-read-outcome.js';

/** The catalog so far, each venue's good list, and whether every venue has answered once. */
export interface CatalogState {
  readonly catalog: InstrumentCatalog;
  readonly lists: Readonly<Partial<Record<ExchangeId, VenueListings>>>;
  readonly started: boolean;
}

/** Nothing read yet: the venues in failover order, no instrument, no health. */
export function initialCatalogState(venues: readonly ExchangeId[]): CatalogState {
  return { catalog: { venues, instruments: new Map(), health: {} }, lists: {}, started: venues.length === 0 };
}

const NO_READS = { listed: 0, skipped: 0, reads: 0, failedReads: 0, consecutiveFailures: 0 } as const;

/**
 * One venue's read outcome applied to the catalog (pure). Emits the venue's status when it has
 * news (first list, a failed or refused read, the first good read after one), then, once every
 * venue has answered once (with a list or not), a `CatalogUpdate`: the first carries no changes,
 * each later one the changes of that venue against its previous good list. A venue's first good
 * list is announced by `catalog_ready`, not instrument by instrument.
 */
export function reduceCatalog(state: CatalogState, outcome: VenueReadOutcome): { readonly state: CatalogState; readonly events: readonly CatalogEvent[] } {
  const { exchange, ts } = outcome;
  const before = state.catalog.health[exchange] ?? { state: 'unavailable', ...NO_READS };
  const previous = state.lists[exchange];
  let lists = state.lists;
  let health: VenueCatalogHealth;
  let status: CatalogStatus | undefined;
  let changes: ReturnType<typeof diffListings> = [];
  const statusOf = (kind: CatalogStatus['state'], reason: string, consecutiveFailures = 0): CatalogStatus => {
    const listedAt: EpochMillis | undefined = lists[exchange]?.fetchedAt;
    return { type: 'catalog_status', exchange, state: kind, reason, ts, consecutiveFailures, ...(listedAt === undefined ? {} : { listedAt }) };
  };
  if (outcome.kind === 'accepted') {
    const { listings, skipped } = outcome;
    lists = { ...lists, [exchange]: listings };
    changes =
      previous === undefined
        ? []
        : diffListings(previous.listings, listings.listings).map((change) => (change.kind === 'listed' ? { ...change, absentAt: previous.fetchedAt } : change));
    health = {
      state: 'fresh',
      listedAt: listings.fetchedAt,
      listed: listings.listings.length,
      skipped: skipped.length,
      reads: before.reads + 1,
      failedReads: before.failedReads,
      consecutiveFailures: 0,
    };
    const firstSkip = skipped[0] === undefined ? '' : ` (first: ${skipped[0].path}: ${skipped[0].problem})`;
    if (previous === undefined)
      status = statusOf('catalog_ready', `${listings.listings.length} instruments listed, ${skipped.length} entries skipped${firstSkip}`);
    else if (before.state === 'stale')
      status = statusOf('catalog_recovered', `list read again after ${before.consecutiveFailures} failed read(s): ${listings.listings.length} instruments`);
  } else {
    const failures = before.consecutiveFailures + 1;
    health = {
      ...before,
      state: previous === undefined ? 'unavailable' : 'stale',
      reads: before.reads + 1,
      failedReads: before.failedReads + 1,
      consecutiveFailures: failures,
      lastFailure: outcome.reason,
    };
    const kept = previous === undefined ? 'no list yet' : `keeping the list read ${Math.round((ts - previous.fetchedAt) / 1000)} s ago`;
    status = statusOf('catalog_stale', `${outcome.reason}; ${kept}`, failures);
  }
  const venues = state.catalog.venues;
  const catalog: InstrumentCatalog = {
    venues,
    instruments: lists === state.lists ? state.catalog.instruments : mergeListings(venues, lists),
    health: { ...state.catalog.health, [exchange]: health },
  };
  const started = state.started || venues.every((venue) => catalog.health[venue] !== undefined);
  const events: CatalogEvent[] = status === undefined ? [] : [status];
  if (started) events.push({ type: 'catalog', ts, catalog, changes: state.started ? changes : [] });
  return { state: { catalog, lists, started }, events };
}
