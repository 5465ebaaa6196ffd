import type { SchedulerLike } from 'rxjs';
import { restWeightPacer, type RestWeightPacer, type RestWeightPacerConfig } from '../exchanges/rest/rest-weight-pacer.js';
import type { ExchangeId } from '../model/market-record.js';
import { CATALOG_ENDPOINTS } from './catalog-endpoints.js';

/**
 * One REST pacer per venue, each with its venue's budget (`CATALOG_ENDPOINTS[venue].pacer`, then
 * `overrides`), times `share` when given (this process's part of it, read at each decision). Create
 * them once per process at the composition root and hand the same pacer to everything that calls
 * that venue's REST API (catalog reads, depth snapshots), since the venue counts per IP.
 */
export function venueRestPacers(
  venues: readonly ExchangeId[],
  scheduler: SchedulerLike,
  overrides: Readonly<Partial<Record<ExchangeId, Partial<RestWeightPacerConfig>>>> = {},
  share?: () => number,
): Readonly<Partial<Record<ExchangeId, RestWeightPacer>>> {
  const shared = share === undefined ? {} : { share };
  return Object.fromEntries(venues.map((venue) => [venue, restWeightPacer(scheduler, { ...CATALOG_ENDPOINTS[venue].pacer, ...overrides[venue], ...shared })]));
}
