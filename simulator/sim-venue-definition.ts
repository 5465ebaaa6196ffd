import type { SimVenueId } from './sim-venue-id.js';
import type { SimulatedBooks } from './simulated-books.js';
import type { SimulatedMarket } from './simulated-market.js';
import type { SimInstrument } from './sim-universe.js';
import type { SimVenue, SimVenueConfig } from './sim-venue.js';
import type { VenueLimits } from './venue-limits.js';

/** A venue's own options (intervals in ms, weights), each a number with its default in the venue's definition. */
export type SimVenueOptionValues = Readonly<Record<string, number>>;

/**
 * Request targets on the simulator's HTTP port that a venue's REST API answers. Of the routes of the
 * venues served, the one that fits a request most closely takes it (the longest `path`, then the one
 * asking for a `query`), so a venue's REST is reached whatever else is served.
 */
export interface SimRestRoute {
  /**
   * A path prefix: ending in `/`, every path under it (`/api/`); else that path and the paths under it
   * (`/api/v3/brokerage/market`, not `/api/v3/brokerage/marketing`).
   */
  readonly path: string;
  /**
   * Query parameters the request carries (`category=linear`), for a venue that answers on another's
   * paths; a value starting with `*` takes any value ending with the rest (`instId: '*-SWAP'`).
   */
  readonly query?: Readonly<Record<string, string>>;
}

/**
 * Where a venue lists the simulator's instruments: in the coins mode, the coins at the simulator's
 * quote unless `coinsQuote` (or `SimulatorOptions.venueQuotes`) says otherwise; in a generated
 * universe, by `universe`:
 * - `{ only }`: the venue splits the universe with the other venues that do: each lists the share
 *   every one of them lists (`VenueShares.all`), and its `only` share alone;
 * - `alongside`: it lists what every venue splitting the universe lists, when it is served;
 * - `none`: it lists nothing (`POST list` adds instruments at run time).
 */
export interface SimVenueListing {
  readonly coinsQuote?: string;
  readonly universe: { readonly only: number } | 'alongside' | 'none';
}

/** What every venue of a simulator is given alike: the `SimVenueConfig` fields that are not the venue's own. */
export type SimVenueCommon = Pick<
  SimVenueConfig,
  'name' | 'symbolOf' | 'random' | 'tradesPerSecond' | 'tickerIntervalMs' | 'tickerRefreshMs' | 'logCapacity' | 'clock' | 'universe' | 'replay'
>;

/** What a venue's definition builds its venue from. */
export interface SimVenueBuild<Options extends SimVenueOptionValues, Limits extends VenueLimits> {
  /** The fields every venue's `SimVenueConfig` takes alike (spread them in). */
  readonly common: SimVenueCommon;
  /** The simulator's seed plus the venue's `seedOffset`: its market's and books' seed. */
  readonly seed: number;
  /** The instruments it lists at the start, each under its own symbol, most active first. */
  readonly instruments: readonly SimInstrument[];
  /** Its limits: its defaults with the configured overrides, or none (`{}`) when they are off. */
  readonly limits: Limits;
  /** Its own options: its defaults with the configured values. */
  readonly options: Options;
  /** The order books of `market` at the simulator's depth (created on first use in a generated universe). */
  readonly booksOf: (market: SimulatedMarket, seed: number) => SimulatedBooks;
  /**
   * State the venues of one exchange share within one simulator (Deribit's futures and options: one
   * IP's limits, one index and chain): made by `make` for the first venue that asks for `key`, the
   * same object for every later one.
   */
  readonly shared: <T>(key: string, make: () => T) => T;
}

/** A command-line flag of `market-feed simulate` that sets one of a venue's options: a whole number of at least 1. */
export interface SimVenueFlag {
  /** The flag without its dashes (`weight-per-minute`). */
  readonly name: string;
  /** The option it sets, one of the definition's `options`. */
  readonly option: string;
  /** Its line in `--help`, with its default. */
  readonly help: string;
}

/**
 * One simulated venue, the simulator's only knowledge of it: shared code asks this object and never
 * names a venue. It lives in the venue's folder (`simulator/venues/<venue>/`) and has one entry in
 * `SIM_VENUES` (`simulator/sim-venues.ts`).
 */
export interface SimVenueDefinition<out Options extends SimVenueOptionValues = SimVenueOptionValues, out Limits extends VenueLimits = VenueLimits> {
  /** What it plays and where, one line of `market-feed simulate --help`. */
  readonly description: string;
  /** Served when `SimulatorOptions.venues` is not given (the pipeline's default venues). */
  readonly servedByDefault: boolean;
  /** Added to the simulator's seed for its market and books, so that each venue walks its own prices. */
  readonly seedOffset: number;
  /** The path of its WebSocket URL (`/v5/public/spot`), as `RunningSimulator.urls` gives it. */
  readonly path: string;
  /** Where its REST API answers on the simulator's port; none when it has no REST API. */
  readonly restRoutes: readonly SimRestRoute[];
  /** How it writes an instrument's symbol (`BTCUSDT`, `BTC-USD`, `BTC/USD`). */
  readonly symbolOf: (base: string, quote: string) => string;
  readonly listing: SimVenueListing;
  /** Its limits, enforced by default (`SimulatorOptions.limits` changes them or turns them off). */
  readonly limits: Limits;
  /** Its own options' defaults (`SimulatorOptions.venueOptions`). */
  readonly options: Options;
  /** `market-feed simulate` flags that set its options. */
  readonly flags?: readonly SimVenueFlag[];
  /**
   * Its order-book frames recorded on a fixed clock, by file name (`simulator/__fixtures__/`, written by
   * `scripts/record-sim-book-fixtures.ts`), for the pipeline's reducer specs; absent: none.
   */
  readonly bookFixtures?: () => Readonly<Record<string, string>>;
  /** Makes the venue over its instruments. */
  build(venue: SimVenueBuild<Options, Limits>): SimVenue;
}

/** The registry's shape: a simulated venue is one of the pipeline's venues, or one served ahead of its reader (`SIM_VENUES_AHEAD`). */
export type SimVenueRegistry = { readonly [V in SimVenueId]?: SimVenueDefinition };
