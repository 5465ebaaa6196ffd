import { concatMap, defer, from, merge, of, scan, type Observable, type SchedulerLike } from 'rxjs';
import type { RestWeightPacer } from '../exchanges/rest/rest-weight-pacer.js';
import type { ExchangeId } from '../model/market-record.js';
import type { CatalogEvent } from './catalog-event.js';
import { initialCatalogState, reduceCatalog, type CatalogState } from './catalog-reducer.js';
import { CATALOG_ENDPOINTS, endpointUrl } from './catalog-endpoints.js';
import { DEFAULT_LISTINGS_JUDGE_CONFIG, type ListingsJudgeConfig } from './judge-listings.js';
import type { ListingsRead } from '../exchanges/rest/listings-read.js';
import { pacedVenueRead } from '../exchanges/rest/paced-venue-read.js';
import { readVenueList } from './read-venue-list.js';
import { venueRestPacers } from './venue-rest-pacers.js';
import { venueListingsLoop } from './venue-listings-loop.js';

export interface InstrumentCatalogSettings extends ListingsJudgeConfig {
  /** Time from the end of one read of a venue's list to the next, ms. Default 300 000 (5 min). */
  readonly refreshMs: number;
  /** Time one read may take, from asking the pacer to the body read, ms. Default 15 000. */
  readonly timeoutMs: number;
  /** Until a venue has a good list: wait after its first failed read, doubled per failure, ms. Default 5 000. */
  readonly retryInitialMs: number;
  /** Cap of that wait, ms. Default 60 000. */
  readonly retryMaxMs: number;
}

export const DEFAULT_INSTRUMENT_CATALOG_CONFIG = {
  refreshMs: 300_000,
  timeoutMs: 15_000,
  retryInitialMs: 5_000,
  retryMaxMs: 60_000,
  ...DEFAULT_LISTINGS_JUDGE_CONFIG,
} as const satisfies InstrumentCatalogSettings;

export interface InstrumentCatalogConfig extends Partial<InstrumentCatalogSettings> {
  /** The venues in failover order, primary first. */
  readonly venues: readonly ExchangeId[];
  /** Runs every refresh, back-off and time limit. */
  readonly scheduler: SchedulerLike;
  /** Each venue's REST pacer, shared with its other REST users; a venue without one gets its own for this subscription. */
  readonly pacers?: Readonly<Partial<Record<ExchangeId, RestWeightPacer>>>;
  /** REST base URLs; a venue without one is read at its production URL. */
  readonly restUrls?: Readonly<Partial<Record<ExchangeId, string>>>;
  /** The HTTP client; default the global `fetch`. */
  readonly fetch?: typeof fetch;
  /**
   * One unpaced read of a venue's list, instead of the HTTP `GET` of its list endpoint with `fetch`
   * (a replayed list, a test). It is still paced, time-limited and judged.
   */
  readonly read?: (exchange: ExchangeId) => Observable<ListingsRead>;
}

/**
 * The whole market's instruments, live. Reads every venue's own list at subscription and then
 * every `refreshMs` (time only from the scheduler), merges them by canonical key and emits:
 * a `catalog_status` when a venue's list has news (`catalog_ready`, `catalog_stale`,
 * `catalog_recovered`), and a `catalog` update with the merged catalog and the changes (`listed`,
 * `delisted`, `halted`, `resumed` per venue) after every read once each venue has answered once.
 *
 * A read that fails, times out, or brings an implausible list (empty, unparsable, more than
 * `maxDropShare` of the venue's trading instruments gone at once) keeps that venue's last good
 * list and says so (`catalog_stale`, and `health[venue].failedReads` counts it). A venue whose
 * first read fails is `unavailable` in the first update, which still comes (the pipeline can start
 * on the venues that answered), and is read again with back-off until it answers. Never errors
 * and never completes.
 */
export function instrumentCatalog(config: InstrumentCatalogConfig): Observable<CatalogEvent> {
  const settings: InstrumentCatalogSettings = { ...DEFAULT_INSTRUMENT_CATALOG_CONFIG, ...definedOnly(config) };
  const venues = [...new Set(config.venues)];
  const { scheduler } = config;
  const initial = initialCatalogState(venues);
  if (venues.length === 0) return defer(() => of<CatalogEvent>({ type: 'catalog', ts: scheduler.now(), catalog: initial.catalog, changes: [] }));
  return defer(() => {
    const ownPacers = venueRestPacers(
      venues.filter((venue) => config.pacers?.[venue] === undefined),
      scheduler,
    );
    const loops = venues.map((exchange) =>
      venueListingsLoop({ ...settings, exchange, read: venueRead(exchange, config.pacers?.[exchange] ?? ownPacers[exchange]), scheduler }),
    );
    return merge(...loops).pipe(
      scan((step: { readonly state: CatalogState; readonly events: readonly CatalogEvent[] }, outcome) => reduceCatalog(step.state, outcome), {
        state: initial,
        events: [],
      }),
      concatMap((step) => from(step.events)),
    );
  });

  function venueRead(exchange: ExchangeId, pacer: RestWeightPacer | undefined): () => Observable<ListingsRead> {
    if (pacer === undefined) throw new Error(`no REST pacer for ${exchange}`);
    const restUrl = config.restUrls?.[exchange];
    const common = {
      exchange,
      pacer,
      timeoutMs: settings.timeoutMs,
      scheduler,
      ...(restUrl === undefined ? {} : { restUrl }),
      ...(config.fetch === undefined ? {} : { fetch: config.fetch }),
    };
    const custom = config.read;
    const endpoint = CATALOG_ENDPOINTS[exchange];
    if (custom === undefined) return () => readVenueList('listings', common);
    return () =>
      pacedVenueRead({
        ...common,
        url: endpointUrl(restUrl ?? endpoint.restUrl, endpoint.listings),
        weight: endpoint.listings.weight,
        task: () => custom(exchange),
      });
  }
}

/** The catalog settings `config` sets (an `undefined` keeps the default). */
function definedOnly(config: InstrumentCatalogConfig): Partial<InstrumentCatalogSettings> {
  const keys = ['refreshMs', 'timeoutMs', 'retryInitialMs', 'retryMaxMs', 'maxDropShare', 'acceptDropAfterReads'] as const;
  return Object.fromEntries(keys.flatMap((key) => (config[key] === undefined ? [] : [[key, config[key]]])));
}
