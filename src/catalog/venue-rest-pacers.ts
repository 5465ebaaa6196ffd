import type { SchedulerLike } from 'rxjs';
import { restWeightPacer, type RestWeightPacer, type RestWeightPacerConfig } from '../exchanges/rest/rest-weight-pacer.js';
import { perLimitsOwner } from '../exchanges/venues.js';
import type { ExchangeId } from '../model/market-record.js';
import { CATALOG_ENDPOINTS } from './catalog-endpoints.js';

/**
 * One REST pacer per venue, each with its venue's budget (`CATALOG_ENDPOINTS[venue].pacer`, then
 * `overrides`), times `share` when given (this process's part of it, read at each decision). Create
 * them once per process at the composition root and hand the same pacer to everything that calls
 * that venue's REST API (catalog reads, depth snapshots), since the venue counts per IP. A venue that
 * spends another's limits (`VenueDefinition.sharesLimitsOf`: Bybit linear, Bybit spot's) is given
 * that one's pacer when both are here.
 */
export function venueRestPacers(
  venues: readonly ExchangeId[],
  scheduler: SchedulerLike,
  overrides: Readonly<Partial<Record<ExchangeId, Partial<RestWeightPacerConfig>>>> = {},
  share?: () => number,
): Readonly<Partial<Record<ExchangeId, RestWeightPacer>>> {
  const shared = share === undefined ? {} : { share };
  return Object.fromEntries(
    perLimitsOwner(venues, (owner) => restWeightPacer(scheduler, { ...CATALOG_ENDPOINTS[owner].pacer, ...overrides[owner], ...shared })),
  );
}
