import { perpetualSymbols } from '../../perpetual/perpetual-symbols.js';
import { SimulatedMarket } from '../../simulated-market.js';
import type { SimVenueBuild, SimVenueDefinition } from '../../sim-venue-definition.js';
import type { StreamRoutes } from '../../sim-venue-protocol.js';
import { SimVenue } from '../../sim-venue.js';
import type { VenueLimits } from '../../venue-limits.js';
import { createBinanceUsdmSim, type BinanceUsdmSim } from './binance-usdm-sim.js';
import { DEFAULT_BINANCE_USDM_LIMITS } from './binance-usdm-limits.js';
import { DEFAULT_BINANCE_USDM_WEIGHT_PER_MINUTE } from './usdm-rest-endpoints.js';
import { USDM_PATH_PREFIX } from './usdm-streams.js';

/** Binance USD-M's own options (COIN-M's too). */
export type BinanceUsdmSimOptions = {
  /** Server ping interval, ms; default 180 000 (every 3 minutes, its WebSocket Market Streams page). */
  readonly pingIntervalMs: number;
  /** Each connection closed with 1000 after this long, ms; default 0 (never; the venue's cut is 24 h). */
  readonly maxConnectionLifetimeMs: number;
  /** REST request weight allowed per minute per IP; default 2400. */
  readonly weightPerMinute: number;
};

/** What a Binance futures venue's simulator is made of: its market, `createBinanceUsdmSim`'s parts, and its stream routes when it routes streams by URL path (USD-M). */
export type UsdmSimParts = BinanceUsdmSim & { readonly market: SimulatedMarket; readonly routes?: StreamRoutes };

/** A Binance futures venue's definition where it differs from USD-M's: what it plays, where, and its parts. */
export interface UsdmSimVenueSpec {
  readonly description: string;
  readonly seedOffset: number;
  readonly path: string;
  /** The prefix its REST answers under (`/fapi/`). */
  readonly restPath: string;
  readonly symbolOf: (base: string, quote: string) => string;
  readonly coinsQuote: string;
  readonly limits: VenueLimits;
  readonly weightPerMinute: number;
  readonly parts: (venue: SimVenueBuild<BinanceUsdmSimOptions, VenueLimits>) => UsdmSimParts;
}

/** A Binance futures venue served on its `path`, not by default, listing nothing in a generated universe, pinged every 3 minutes. */
export function usdmSimVenue(spec: UsdmSimVenueSpec): SimVenueDefinition<BinanceUsdmSimOptions> {
  return {
    description: spec.description,
    servedByDefault: false,
    seedOffset: spec.seedOffset,
    path: spec.path,
    restRoutes: [{ path: spec.restPath }],
    symbolOf: spec.symbolOf,
    listing: { coinsQuote: spec.coinsQuote, universe: 'none' },
    limits: spec.limits,
    options: { pingIntervalMs: 180_000, maxConnectionLifetimeMs: 0, weightPerMinute: spec.weightPerMinute },
    build: (venue) => {
      const { common, limits, options } = venue;
      const sim = spec.parts(venue);
      return new SimVenue({
        ...common,
        protocol: sim.protocol,
        market: sim.market,
        books: sim.depth,
        rest: sim.rest,
        restApi: sim.rest,
        perpetual: sim.perpetual,
        ...(sim.routes === undefined ? {} : { routes: sim.routes }),
        limits,
        pingIntervalMs: options.pingIntervalMs,
        maxConnectionLifetimeMs: options.maxConnectionLifetimeMs,
      });
    },
  };
}

/**
 * Binance USD-M on `/usdm` (routes `/public` and `/market`): perpetual contracts (the coins mode's
 * coins at USDT) with consecutive aggregate ids, mark prices, sampled force orders, `pu`-chained
 * depth; REST `/fapi/v1/...` weighed per minute. A generated universe lists none here.
 */
export const simBinanceUsdmVenue: SimVenueDefinition<BinanceUsdmSimOptions> = usdmSimVenue({
  description: 'Binance USD-M perpetuals at USDT on /usdm/public|market/ws|stream; REST /fapi/v1/...',
  seedOffset: 5,
  path: USDM_PATH_PREFIX,
  restPath: '/fapi/',
  symbolOf: (base, quote) => `${base}${quote}`,
  coinsQuote: 'USDT',
  limits: DEFAULT_BINANCE_USDM_LIMITS,
  weightPerMinute: DEFAULT_BINANCE_USDM_WEIGHT_PER_MINUTE,
  parts: ({ common, seed, instruments, options, booksOf }) => {
    const market = new SimulatedMarket({ symbols: perpetualSymbols(instruments), seed, idStep: 'consecutive' });
    const sim = createBinanceUsdmSim({
      market,
      books: booksOf(market, seed),
      clock: common.clock,
      seed,
      weightPerMinute: options.weightPerMinute,
      logCapacity: common.logCapacity,
    });
    return { market, ...sim, routes: sim.protocol };
  },
});
