import { perpetualSymbols } from '../../perpetual/perpetual-symbols.js';
import { SimulatedMarket } from '../../simulated-market.js';
import type { SimVenueDefinition } from '../../sim-venue-definition.js';
import { SimVenue } from '../../sim-venue.js';
import { createVenueCounters } from '../../venue-counters.js';
import { createBybitLinearSim } from './bybit-linear-sim.js';
import { DEFAULT_BYBIT_LINEAR_LIMITS } from './bybit-linear-limits.js';
import { BYBIT_LINEAR_WS_PATH } from './sim-bybit-linear-protocol.js';

/**
 * Bybit v5 linear on `/v5/public/linear`: perpetual contracts (the coins mode's coins at USDT) with
 * sparse trade ids, mark, funding, open interest and liquidations; REST `category=linear` on spot's
 * paths. A generated universe lists none here.
 */
export const simBybitLinearVenue: SimVenueDefinition<Readonly<Record<never, number>>> = {
  description: 'Bybit v5 linear perpetuals at USDT on /v5/public/linear; REST category=linear on /v5/market/...',
  servedByDefault: false,
  seedOffset: 4,
  path: BYBIT_LINEAR_WS_PATH,
  restRoutes: [{ path: '/v5/market/', query: { category: 'linear' } }],
  symbolOf: (base, quote) => `${base}${quote}`,
  listing: { coinsQuote: 'USDT', universe: 'none' },
  limits: DEFAULT_BYBIT_LINEAR_LIMITS,
  options: {},
  build: ({ common, seed, instruments, limits, booksOf }) => {
    const market = new SimulatedMarket({ symbols: perpetualSymbols(instruments), seed, idStep: 'sparse' });
    const counters = createVenueCounters();
    const sim = createBybitLinearSim({ market, books: booksOf(market, seed), clock: common.clock, seed, limits, counters, logCapacity: common.logCapacity });
    return new SimVenue({
      ...common,
      protocol: sim.protocol,
      market,
      books: sim.bookTopics,
      restApi: sim.rest,
      perpetual: sim.perpetual,
      limits,
      counters,
      pingIntervalMs: 0,
      maxConnectionLifetimeMs: 0,
    });
  },
};
