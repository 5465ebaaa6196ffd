import { SimulatedMarket } from '../../simulated-market.js';
import type { SimVenueDefinition } from '../../sim-venue-definition.js';
import { SimVenue } from '../../sim-venue.js';
import { createVenueCounters } from '../../venue-counters.js';
import { createCoinbaseSim } from './coinbase-sim.js';
import { DEFAULT_COINBASE_LIMITS, type CoinbaseLimits } from './coinbase-limits.js';
import { COINBASE_WS_PATH } from './sim-coinbase-protocol.js';

/** Coinbase Advanced Trade on `/coinbase`: product ids (`BTC-USD`), consecutive trade ids per product, the whole book on `level2`. */
export const simCoinbaseVenue: SimVenueDefinition<Readonly<Record<never, number>>, CoinbaseLimits> = {
  description: 'Coinbase Advanced Trade on /coinbase (products BTC-USD, level2); REST /api/v3/brokerage/market/products',
  servedByDefault: false,
  seedOffset: 2,
  path: COINBASE_WS_PATH,
  restRoutes: [{ path: '/api/v3/brokerage' }],
  symbolOf: (base, quote) => `${base}-${quote}`,
  listing: { universe: 'alongside' },
  limits: DEFAULT_COINBASE_LIMITS,
  options: {},
  build: ({ common, seed, instruments, limits, booksOf }) => {
    const market = new SimulatedMarket({ symbols: instruments, seed, idStep: 'consecutive' });
    const counters = createVenueCounters();
    const sim = createCoinbaseSim({ market, books: booksOf(market, seed), clock: common.clock, limits, counters });
    return new SimVenue({
      ...common,
      protocol: sim.protocol,
      market,
      books: sim.level2,
      restApi: sim.rest,
      limits,
      counters,
      pingIntervalMs: 0,
      maxConnectionLifetimeMs: 0,
    });
  },
};
