import { coinsUniverse, DEFAULT_SHARE_ON_ALL, generatedUniverse, type SimUniverse, type VenueShares } from './sim-universe.js';
import type { SimulatorOptions } from './simulator-options.js';
import { DEFAULT_SIM_VENUES, SIM_VENUE_IDS, SIM_VENUES, type SimVenueName } from './sim-venues.js';

/**
 * The instruments a simulator's venues list, each venue as its definition's `listing` says: the coins
 * mode's coins at the simulator's quote (or the venue's own), or a generated universe split between the
 * venues with a share of their own (`listing.universe.only`), listed alongside by the others served
 * that ask for it. `served` defaults to `options.venues`, in their order.
 */
export function simUniverseOf(options: SimulatorOptions, served: readonly SimVenueName[] = options.venues ?? DEFAULT_SIM_VENUES): SimUniverse {
  if (options.universe === undefined) {
    const ownQuotes = Object.fromEntries(
      SIM_VENUE_IDS.flatMap((id) => {
        const quote = SIM_VENUES[id].listing.coinsQuote;
        return quote === undefined ? [] : [[id, quote]];
      }),
    );
    return coinsUniverse(options.coins ?? ['BTC', 'ETH'], options.quote ?? 'USDT', [...new Set(served)], { ...ownQuotes, ...options.venueQuotes });
  }
  const split = UNIVERSE_SPLIT_VENUES;
  const alongside = SIM_VENUE_IDS.filter((id) => SIM_VENUES[id].listing.universe === 'alongside' && served.includes(id));
  return generatedUniverse(
    { ...options.universe, shares: options.universe.shares ?? defaultUniverseShares(), seed: options.universe.seed ?? options.seed ?? 1 },
    { split, alongside },
  );
}

/** The venues that split a generated universe between them (`listing.universe.only`), in the registry's order. */
export const UNIVERSE_SPLIT_VENUES: readonly SimVenueName[] = SIM_VENUE_IDS.filter((id) => typeof SIM_VENUES[id].listing.universe === 'object');

/** The shares of a generated universe unless given: 60 % on every venue that splits it, and each one's own share alone. */
export function defaultUniverseShares(): VenueShares {
  const only = SIM_VENUE_IDS.flatMap((id) => {
    const listing = SIM_VENUES[id].listing.universe;
    return typeof listing === 'object' ? [[id, listing.only] as const] : [];
  });
  return { all: DEFAULT_SHARE_ON_ALL, only: Object.fromEntries(only) };
}
