import { EMPTY, expand, map, reduce, throwError, type Observable, type SchedulerLike } from 'rxjs';
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
  const restUrl = request.restUrl ?? venue.restUrl;
  const page = (path: string, number: number): Observable<{ readonly list: ListOf<K>; readonly next?: string; readonly number: number }> => {
    const url = endpointUrl(restUrl, { ...endpoint, path });
    const task = () =>
      fetchVenueList({
        exchange,
        url,
        ...(endpoint.body === undefined ? {} : { body: endpoint.body }),
        dialect: venue.dialect,
        read: (json) => {
          const next = endpoint.next?.(json, path);
          return { list: endpoint.read(json, exchange) as ListOf<K>, number, ...(next === undefined ? {} : { next }) };
        },
        onUsedWeight: (used) => pacer.noteUsedWeight(used),
        ...(request.fetch === undefined ? {} : { fetch: request.fetch }),
      });
    return pacedVenueRead({ exchange, url, pacer, weight: endpoint.weight, task, timeoutMs: request.timeoutMs, scheduler: request.scheduler });
  };
  if (endpoint.next === undefined) return page(endpoint.path, 1).pipe(map(({ list }) => list));
  // A list in pages: each page paced on its own, read in turn until the venue names no next one.
  return page(endpoint.path, 1).pipe(
    expand(({ next, number }) => {
      if (next === undefined) return EMPTY;
      if (number >= MAX_PAGES) return throwError(() => new Error(`${exchange} ${kind}: more than ${MAX_PAGES} pages`));
      return page(next, number + 1);
    }),
    map(({ list }) => list),
    reduce((joined, list) => (JOIN_PAGES[kind] as (first: ListOf<K>, second: ListOf<K>) => ListOf<K>)(joined, list)),
  );
}

/** Pages of one list read at most: far more than any venue lists (Bybit linear: about 600 symbols, 1,000 a page). */
const MAX_PAGES = 50;

/** Two pages of one list as one: entries in page order (a key both name: the later page's). */
const JOIN_PAGES: { readonly [L in ListKind]: (first: ListOf<L>, second: ListOf<L>) => ListOf<L> } = {
  listings: (first, second) => ({ listings: [...first.listings, ...second.listings], skipped: [...first.skipped, ...second.skipped] }),
  volumes: (first, second) => ({ volumes: new Map([...first.volumes, ...second.volumes]), skipped: [...first.skipped, ...second.skipped] }),
  volumeKeys: (first, second) => new Map([...first, ...second]),
};
