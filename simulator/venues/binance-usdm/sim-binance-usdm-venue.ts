import { perpetualSymbols } from '../../perpetual/perpetual-symbols.js';
import { SimulatedMarket } from '../../simulated-market.js';
import type { SimVenueDefinition } from '../../sim-venue-definition.js';
import { SimVenue } from '../../sim-venue.js';
import { createBinanceUsdmSim } from './binance-usdm-sim.js';
import { DEFAULT_BINANCE_USDM_LIMITS } from './binance-usdm-limits.js';
import { DEFAULT_BINANCE_USDM_WEIGHT_PER_MINUTE } from './usdm-rest-endpoints.js';
import { USDM_PATH_PREFIX } from './usdm-streams.js';

/** Binance USD-M's own options. */
export type BinanceUsdmSimOptions = {
  /** Server ping interval, ms; default 180 000 (every 3 minutes, its WebSocket Market Streams page). */
  readonly pingIntervalMs: number;
  /** Each connection closed with 1000 after this long, ms; default 0 (never; the venue's cut is 24 h). */
  readonly maxConnectionLifetimeMs: number;
  /** REST request weight allowed per minute per IP; default 2400. */
  readonly weightPerMinute: number;
};

/**
 * Binance USD-M on `/usdm` (routes `/public` and `/market`): perpetual contracts (the coins mode's
 * coins at USDT) with consecutive aggregate ids, mark prices, sampled force orders, `pu`-chained
 * depth; REST `/fapi/v1/...` weighed per minute. A generated universe lists none here.
 */
export const simBinanceUsdmVenue: SimVenueDefinition<BinanceUsdmSimOptions> = {
  description: 'Binance USD-M perpetuals at USDT on /usdm/public|market/ws|stream; REST /fapi/v1/...',
  servedByDefault: false,
  seedOffset: 5,
  path: USDM_PATH_PREFIX,
  restRoutes: [{ path: '/fapi/' }],
  symbolOf: (base, quote) => `${base}${quote}`,
  listing: { coinsQuote: 'USDT', universe: 'none' },
  limits: DEFAULT_BINANCE_USDM_LIMITS,
  options: { pingIntervalMs: 180_000, maxConnectionLifetimeMs: 0, weightPerMinute: DEFAULT_BINANCE_USDM_WEIGHT_PER_MINUTE },
  build: ({ common, seed, instruments, limits, options, booksOf }) => {
    const market = new SimulatedMarket({ symbols: perpetualSymbols(instruments), seed, idStep: 'consecutive' });
    const sim = createBinanceUsdmSim({
      market,
      books: booksOf(market, seed),
      clock: common.clock,
      seed,
      weightPerMinute: options.weightPerMinute,
      logCapacity: common.logCapacity,
    });
    return new SimVenue({
      ...common,
      protocol: sim.protocol,
      market,
      books: sim.depth,
      rest: sim.rest,
      restApi: sim.rest,
      perpetual: sim.perpetual,
      routes: sim.protocol,
      limits,
      pingIntervalMs: options.pingIntervalMs,
      maxConnectionLifetimeMs: options.maxConnectionLifetimeMs,
    });
  },
};
