import { nextQuarterlyDelivery } from '../../perpetual/quarterly-delivery.js';
import { SimulatedMarket } from '../../simulated-market.js';
import type { SimVenueDefinition } from '../../sim-venue-definition.js';
import { SimVenue } from '../../sim-venue.js';
import { createBinanceCoinmSim } from './binance-coinm-sim.js';
import { DEFAULT_BINANCE_COINM_LIMITS } from './binance-coinm-limits.js';
import { coinmSymbols, isPerpetual } from './coinm-contracts.js';
import { DEFAULT_BINANCE_COINM_WEIGHT_PER_MINUTE } from './coinm-rest-endpoints.js';
import { COINM_PATH_PREFIX } from './coinm-streams.js';

/** Binance COIN-M's own options. */
export type BinanceCoinmSimOptions = {
  /** Server ping interval, ms; default 180 000 (every 3 minutes). */
  readonly pingIntervalMs: number;
  /** Each connection closed with 1000 after this long, ms; default 0 (never; the venue's cut is 24 h). */
  readonly maxConnectionLifetimeMs: number;
  /** REST request weight allowed per minute per IP; default 2400. */
  readonly weightPerMinute: number;
};

/**
 * Binance COIN-M on `/coinm/{ws|stream}` (one host, not routed): coin-margined perpetuals (the coins
 * mode's coins at USD, `BTCUSD_PERP`) and the first coin's quarterly (`BTCUSD_261225`), sized in contracts
 * of 100 USD (BTC) or 10 USD (the others), with consecutive aggregate ids, mark prices, sampled force
 * orders, `pu`-chained depth in contracts; REST `/dapi/v1/...` weighed per minute. A generated universe
 * lists none here.
 */
export const simBinanceCoinmVenue: SimVenueDefinition<BinanceCoinmSimOptions> = {
  description: 'Binance COIN-M inverse perpetuals and a quarterly at USD (contracts of 100/10 USD) on /coinm/ws|stream; REST /dapi/v1/...',
  servedByDefault: false,
  seedOffset: 12,
  path: COINM_PATH_PREFIX,
  restRoutes: [{ path: '/dapi/' }],
  symbolOf: (base, quote) => `${base}${quote}_PERP`,
  listing: { coinsQuote: 'USD', universe: 'none' },
  limits: DEFAULT_BINANCE_COINM_LIMITS,
  options: { pingIntervalMs: 180_000, maxConnectionLifetimeMs: 0, weightPerMinute: DEFAULT_BINANCE_COINM_WEIGHT_PER_MINUTE },
  build: ({ common, seed, instruments, limits, options, booksOf }) => {
    const delivery = nextQuarterlyDelivery(common.clock());
    const symbols = coinmSymbols(instruments, delivery);
    const deliveries = new Map(symbols.filter((s) => !isPerpetual(s.symbol)).map((s) => [s.symbol, delivery] as const));
    const market = new SimulatedMarket({ symbols, seed, idStep: 'consecutive' });
    const sim = createBinanceCoinmSim({
      market,
      books: booksOf(market, seed),
      clock: common.clock,
      seed,
      deliveries,
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
      limits,
      pingIntervalMs: options.pingIntervalMs,
      maxConnectionLifetimeMs: options.maxConnectionLifetimeMs,
    });
  },
};
