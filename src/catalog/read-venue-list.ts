import { throwError, type Observable, type SchedulerLike } from 'rxjs';
import type { RestWeightPacer } from '../exchanges/rest/rest-weight-pacer.js';
import type { ExchangeId } from '../model/market-record.js';
import { CATALOG_ENDPOINTS, endpointUrl, type VenueCatalogEndpoints } from './catalog-endpoints.js';
import { fetchVenueList } from '../exchanges/rest/fetch-venue-list.js';
import type { ListingsRead } from '../exchanges/rest/listings-read.js';
import { pacedVenueRead } from '../exchanges/rest/paced-venue-read.js';
import type { QuoteVolumes } from '../exchanges/rest/quote-volumes.js';

export interface VenueListReadRequest {
  readonly exchange: ExchangeId;
  /** The venue's REST base URL; default its production URL (`CATALOG_ENDPOINTS`). */
  readonly restUrl?: string;
  /** The venue's pacer, shared with everything else that calls its REST API. */
  readonly pacer: RestWeightPacer;
  /** Time from asking to the answer read, pacer waits included, ms. */
  readonly timeoutMs: number;
  readonly scheduler: SchedulerLike;
  /** The HTTP client; default the global `fetch`. */
  readonly fetch?: typeof fetch;
}

type ListKind = keyof Pick<VenueCatalogEndpoints, 'listings' | 'volumes' | 'volumeKeys'>;
type ListOf<K extends ListKind> = K extends 'listings' ? ListingsRead : K extends 'volumes' ? QuoteVolumes : ReadonlyMap<string, string>;

/**
 * One paced, time-limited read of a venue's list, cold and abortable: `listings` (Binance
 * `GET /api/v3/exchangeInfo`, Bybit `GET /v5/market/instruments-info?category=spot`) or `volumes`
 * (Binance `GET /api/v3/ticker/24hr`, Bybit `GET /v5/market/tickers?category=spot`), or the names of
 * the volumes' keys (`volumeKeys`, where the venue has them; fails at once where it has not). The venue's
 * used weight is told to its pacer. Fails with `CatalogReadError` (or, past the time limit, after
 * rate-limit refusals, a `CatalogReadError` that names them).
 */
export function readVenueList<K extends ListKind>(kind: K, request: VenueListReadRequest): Observable<ListOf<K>> {
  const { exchange, pacer } = request;
  const venue = CATALOG_ENDPOINTS[exchange];
  const endpoint = venue[kind];
  if (endpoint === undefined) return throwError(() => new Error(`${exchange} has no ${kind} list`));
  const url = endpointUrl(request.restUrl ?? venue.restUrl, endpoint);
  const task = () =>
    fetchVenueList({
      exchange,
      url,
      dialect: venue.dialect,
      read: (json) => endpoint.read(json, exchange) as ListOf<K>,
      onUsedWeight: (used) => pacer.noteUsedWeight(used),
      ...(request.fetch === undefined ? {} : { fetch: request.fetch }),
    });
  return pacedVenueRead({ exchange, url, pacer, weight: endpoint.weight, task, timeoutMs: request.timeoutMs, scheduler: request.scheduler });
}
