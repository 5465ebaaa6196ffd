import { of, tap, type Observable, type SchedulerLike } from 'rxjs';
import {
  DEFAULT_INSTRUMENT_CATALOG_CONFIG,
  DEFAULT_OPTION_SELECTION,
  parseExpiryFilter,
  type OptionSelection,
  givenListsCatalog,
  instrumentCatalog,
  type InstrumentCatalogSettings,
  type UniverseSelection,
} from '../../catalog/index.js';
import type { VenueListing } from '../../model/instrument.js';
import type { ExchangeId } from '../../model/market-record.js';
import { VENUES } from '../../exchanges/venues.js';
import type { ShardCandidate } from '../../shards/plan-shards.js';
import type { MarketFeedSettings } from '../market-feed-settings.js';
import { coinCandidates } from '../shard-feed.js';
import { universeOf, type Universe } from '../universe-of.js';
import type { VenueAccess } from './venue-access.js';

/** The instruments the feed may serve, as they change. */
export interface InstrumentSource {
  /** The venues' catalog, with `--instruments all` (or a coin list with equivalent quotes); absent for a configured coin list. */
  readonly universe?: Universe;
  /** The instruments to plan connections for (each list replaces the one before). */
  readonly candidates$: Observable<readonly ShardCandidate[]>;
  /** The latest list seen on `candidates$` (none before the first). */
  readonly market: () => readonly ShardCandidate[];
  /** The catalog's settings, defaults filled in (its refresh and time-out also pace the volume reads). */
  readonly catalog: InstrumentCatalogSettings;
}

/** The options followed as configured (`--option-underlyings`, `--option-expiries`), defaults filled in. */
function optionSelectionOf(config: MarketFeedSettings): OptionSelection {
  const expiries = config.optionExpiries === undefined ? undefined : parseExpiryFilter(config.optionExpiries);
  return { underlyings: config.optionUnderlyings ?? DEFAULT_OPTION_SELECTION.underlyings, expiries: expiries ?? DEFAULT_OPTION_SELECTION.expiries };
}

/**
 * Stage 2, the instruments: the venues' lists read and followed (`--instruments all`), else the
 * configured coins on every venue; with equivalent quotes, or a venue sized in contracts (OKX swaps,
 * whose contract values only its list gives), the coins are chosen from the venues' lists too (a venue
 * serves a coin at an equivalent quote only where its list says it lists it so). `givenLists`: the
 * venues' lists as given (a replay's `--listings`), read instead of the venues' REST, which is then
 * never called (a venue without one counts as having listed nothing).
 */
export function instrumentSource(
  config: MarketFeedSettings,
  venues: VenueAccess,
  scheduler: SchedulerLike,
  givenLists?: Readonly<Partial<Record<ExchangeId, readonly VenueListing[]>>>,
): InstrumentSource {
  const catalog = { ...DEFAULT_INSTRUMENT_CATALOG_CONFIG, ...config.catalog };
  const equivalentQuotes = config.equivalentQuotes ?? [];
  // A venue sized in contracts is read in base quantities only with its list's contract values.
  // An option chain is what its venue lists: options are always chosen from the lists.
  const listsNeeded =
    equivalentQuotes.length > 0 || config.venues.some((venue) => VENUES[venue].sizesInContracts === true || VENUES[venue].market === 'option');
  const options = optionSelectionOf(config);
  const selection: UniverseSelection | undefined =
    config.instruments === 'all'
      ? { kind: 'all', quotes: config.quotes ?? [config.quote], include: config.include ?? [], exclude: config.exclude ?? [], equivalentQuotes, options }
      : listsNeeded
        ? { kind: 'coins', coins: config.coins, quote: config.quote, equivalentQuotes, options }
        : undefined;
  const read =
    selection === undefined
      ? undefined
      : universeOf({
          catalog$:
            givenLists === undefined
              ? instrumentCatalog({
                  venues: config.venues,
                  scheduler,
                  pacers: venues.restPacers,
                  ...(config.restUrls === undefined ? {} : { restUrls: config.restUrls }),
                  ...catalog,
                })
              : of(givenListsCatalog(config.venues, givenLists, scheduler.now())),
          selection,
        });
  // A coin list's volume profiles keep their configured rows: tick sizes come with the whole market only.
  const universe = read === undefined || selection?.kind === 'all' ? read : { ...read, tickSizes: new Map<string, number>() };
  let market: readonly ShardCandidate[] = [];
  const candidates$ = (universe?.candidates$ ?? of(coinCandidates(config.coins, config.quote, config.venues))).pipe(tap((candidates) => (market = candidates)));
  return { ...(universe === undefined ? {} : { universe }), candidates$, market: () => market, catalog };
}
