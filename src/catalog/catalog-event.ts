import type { Instrument, InstrumentKey, VenueListing } from '../model/instrument.js';
import type { EpochMillis, ExchangeId } from '../model/market-record.js';

/**
 * How a venue's list stands. `fresh`: the last read was believed; `stale`: the last read failed or
 * was refused, the last good list is kept; `unavailable`: no list was ever believed (the venue
 * lists nothing in the catalog).
 */
export type VenueListState = 'fresh' | 'stale' | 'unavailable';

/** One venue's list health, with counters a metric can read (they only grow). */
export interface VenueCatalogHealth {
  readonly state: VenueListState;
  /** When the list in use was read; absent while `unavailable`. */
  readonly listedAt?: EpochMillis;
  /** Instruments in the list in use. */
  readonly listed: number;
  /** Entries of the list in use that were skipped as unusable. */
  readonly skipped: number;
  /** Reads since the start, and how many of them failed or were refused. */
  readonly reads: number;
  readonly failedReads: number;
  /** Failed or refused reads since the last good one. */
  readonly consecutiveFailures: number;
  /** Why the last failed read failed. */
  readonly lastFailure?: string;
}

/** Every instrument the venues list, merged by canonical key, and how each venue's list stands. */
export interface InstrumentCatalog {
  /** The venues in failover order, primary first. */
  readonly venues: readonly ExchangeId[];
  /** By key, in key order. */
  readonly instruments: ReadonlyMap<InstrumentKey, Instrument>;
  readonly health: Readonly<Partial<Record<ExchangeId, VenueCatalogHealth>>>;
}

/** What changed for one instrument at one venue between two good lists of that venue. */
export type CatalogChangeKind = 'listed' | 'delisted' | 'halted' | 'resumed';

export interface CatalogChange {
  readonly kind: CatalogChangeKind;
  readonly exchange: ExchangeId;
  readonly key: InstrumentKey;
  /** The venue's symbol, e.g. `BTCUSDT`. */
  readonly symbol: string;
  /** The listing now; for `delisted`, the last one seen. */
  readonly listing: VenueListing;
  /** For `listed`: when the venue's previous list, which did not hold it, was read (it was listed since). */
  readonly absentAt?: EpochMillis;
}

/** A catalog and what changed since the previous one (nothing in the first). */
export interface CatalogUpdate {
  readonly type: 'catalog';
  readonly ts: EpochMillis;
  readonly catalog: InstrumentCatalog;
  readonly changes: readonly CatalogChange[];
}

/**
 * A venue's list as a status, for a `FeedStatus` and a log line. `catalog_ready`: its first good
 * list (the reason says how many instruments, how many entries skipped); `catalog_stale`: a read
 * failed or was refused, the last good list (if any) stays in use; `catalog_recovered`: a good list
 * again after `catalog_stale`.
 */
export interface CatalogStatus {
  readonly type: 'catalog_status';
  readonly exchange: ExchangeId;
  readonly state: 'catalog_ready' | 'catalog_stale' | 'catalog_recovered';
  readonly reason: string;
  readonly ts: EpochMillis;
  /** Failed or refused reads in a row (0 unless `catalog_stale`). */
  readonly consecutiveFailures: number;
  /** When the list in use was read; absent when the venue has none. */
  readonly listedAt?: EpochMillis;
}

/** What `instrumentCatalog` emits. */
export type CatalogEvent = CatalogUpdate | CatalogStatus;
