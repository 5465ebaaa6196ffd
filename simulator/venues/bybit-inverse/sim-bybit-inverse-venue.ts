import { perpetualSymbols } from '../../perpetual/perpetual-symbols.js';
import { SimulatedMarket } from '../../simulated-market.js';
import type { SimVenueDefinition } from '../../sim-venue-definition.js';
import { SimVenue } from '../../sim-venue.js';
import { createVenueCounters } from '../../venue-counters.js';
import { createBybitLinearSim } from '../bybit-linear/bybit-linear-sim.js';
import { DEFAULT_BYBIT_INVERSE_LIMITS } from './bybit-inverse-limits.js';
import { BYBIT_INVERSE_WS_PATH, INVERSE_CONTRACTS } from './sim-bybit-inverse-protocol.js';

/** One inverse contract is 1 USD (a trade of N contracts is N USD: N / price in the coin). */
const CONTRACT_USD = 1;

/**
 * Bybit v5 inverse on `/v5/public/inverse`: the coins mode's coins as coin-margined perpetuals at USD
 * (`BTCUSD`), traded in whole 1-USD contracts, with sparse trade ids (UUIDs), mark, funding, open
 * interest and liquidations, all as Bybit linear's simulator plays them in inverse's units; REST
 * `category=inverse` on spot's paths. No dated future is listed. A generated universe lists none here.
 */
export const simBybitInverseVenue: SimVenueDefinition<Readonly<Record<never, number>>> = {
  description: 'Bybit v5 inverse perpetuals at USD on /v5/public/inverse, sized in 1-USD contracts; REST category=inverse on /v5/market/...',
  servedByDefault: false,
  seedOffset: 11,
  path: BYBIT_INVERSE_WS_PATH,
  restRoutes: [{ path: '/v5/market/', query: { category: 'inverse' } }],
  symbolOf: (base, quote) => `${base}${quote}`,
  listing: { coinsQuote: 'USD', universe: 'none' },
  limits: DEFAULT_BYBIT_INVERSE_LIMITS,
  options: {},
  build: ({ common, seed, instruments, limits, booksOf }) => {
    const symbols = perpetualSymbols(instruments).map((symbol) => ({ ...symbol, contractValue: CONTRACT_USD }));
    const market = new SimulatedMarket({ symbols, seed, idStep: 'sparse' });
    const counters = createVenueCounters();
    const sim = createBybitLinearSim({
      market,
      books: booksOf(market, seed),
      clock: common.clock,
      seed,
      limits,
      counters,
      logCapacity: common.logCapacity,
      contracts: INVERSE_CONTRACTS,
    });
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
