import { seededRandom } from './seeded-random.js';
import type { SimUniverse } from './sim-universe.js';
import { simUniverseOf } from './sim-universe-of.js';
import type { SimVenueCommon, SimVenueDefinition } from './sim-venue-definition.js';
import type { SimVenue } from './sim-venue.js';
import type { SimulatorOptions } from './simulator-options.js';
import { SimulatedBooks } from './simulated-books.js';
import type { SimulatedMarket } from './simulated-market.js';
import { DEFAULT_SIM_VENUES, SIM_VENUE_IDS, SIM_VENUES, type SimVenueName } from './sim-venues.js';
import type { VenueLimits } from './venue-limits.js';

/** How long an unchanged symbol's ticker waits in a generated universe before it is pushed again, ms. */
const UNIVERSE_TICKER_REFRESH_MS = 3000;
/** Levels per side of a generated universe's books unless `bookDepth` says otherwise: thousands of 1000-level books take gigabytes. */
export const UNIVERSE_BOOK_DEPTH = 200;

/**
 * The simulator's venues over one universe (the coins mode's or a generated one), in the registry's
 * order: each served venue built by its definition (`SIM_VENUES`) over the instruments it lists, with
 * its limits and its own options as configured.
 */
export function buildSimVenues(
  options: SimulatorOptions,
  clock: () => number,
): { readonly venues: Map<SimVenueName, SimVenue>; readonly universe: SimUniverse } {
  const seed = options.seed ?? 1;
  const generated = options.universe !== undefined;
  const asked = options.venues ?? DEFAULT_SIM_VENUES;
  const universe = simUniverseOf(options, asked);
  const refresh = options.tickerRefreshMs ?? (generated ? UNIVERSE_TICKER_REFRESH_MS : undefined);
  const random = seededRandom(seed ^ 0x5eed);
  const depth = options.bookDepth ?? (generated ? UNIVERSE_BOOK_DEPTH : undefined);
  const booksOf = (market: SimulatedMarket, bookSeed: number) =>
    new SimulatedBooks({ market, seed: bookSeed, eager: !generated, ...(depth === undefined ? {} : { depth }) });
  const sharedState = new Map<string, unknown>();
  const shared = <T>(key: string, make: () => T): T => {
    if (!sharedState.has(key)) sharedState.set(key, make());
    return sharedState.get(key) as T;
  };
  const build = (name: SimVenueName): SimVenue => {
    const definition: SimVenueDefinition = SIM_VENUES[name];
    const replay = options.replay?.venue === name ? { replay: { lines: options.replay.lines, intervalMs: options.replay.intervalMs ?? 10 } } : {};
    const common: SimVenueCommon = {
      name,
      symbolOf: definition.symbolOf,
      random,
      tradesPerSecond: options.tradesPerSecond ?? 5,
      tickerIntervalMs: options.tickerIntervalMs ?? 200,
      logCapacity: options.logCapacity ?? 100_000,
      clock,
      universe,
      ...(refresh === undefined ? {} : { tickerRefreshMs: refresh }),
      ...replay,
    };
    return definition.build({
      common,
      seed: seed + definition.seedOffset,
      instruments: universe.forVenue(name, definition.symbolOf),
      limits: limitsOf(definition, options.limits === false ? false : options.limits?.[name]),
      options: { ...definition.options, ...options.venueOptions?.[name] },
      booksOf,
      shared,
    });
  };
  const venues = new Map(SIM_VENUE_IDS.filter((name) => asked.includes(name)).map((name) => [name, build(name)] as const));
  return { venues, universe };
}

/** A venue's limits: its definition's with `overrides` on top; `false` enforces none. */
export function limitsOf(definition: SimVenueDefinition, overrides: Partial<VenueLimits> | false | undefined): VenueLimits {
  if (overrides === false) return {};
  return { ...definition.limits, ...overrides };
}
