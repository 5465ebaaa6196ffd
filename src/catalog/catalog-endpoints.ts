import type { CatalogEndpoint, VenueCatalogEndpoints } from '../exchanges/venue-definition.js';
import { VENUES } from '../exchanges/venues.js';
import type { ExchangeId } from '../model/market-record.js';

export type { CatalogEndpoint, VenueCatalogEndpoints } from '../exchanges/venue-definition.js';

/** Every venue's lists and REST rules, from its definition (`src/exchanges/venues.ts`). */
export const CATALOG_ENDPOINTS: Readonly<Record<ExchangeId, VenueCatalogEndpoints>> = Object.fromEntries(
  Object.entries(VENUES).map(([id, venue]) => [id, venue.catalog]),
) as Record<ExchangeId, VenueCatalogEndpoints>;

/** `restUrl` + `path`, without a doubled slash. */
export function endpointUrl(restUrl: string, endpoint: CatalogEndpoint<unknown>): string {
  return `${restUrl.replace(/\/+$/, '')}${endpoint.path}`;
}
