import { perpetualSymbols } from '../../perpetual/perpetual-symbols.js';
import { SimulatedMarket } from '../../simulated-market.js';
import type { SimVenueDefinition } from '../../sim-venue-definition.js';
import { SimVenue } from '../../sim-venue.js';
import { createVenueCounters } from '../../venue-counters.js';
import type { VenueLimits } from '../../venue-limits.js';
import type { BybitContracts } from './bybit-contracts.js';
import { createBybitLinearSim } from './bybit-linear-sim.js';

/** What tells one simulated Bybit derivatives category apart. */
export interface BybitDerivativesSimSpec {
  readonly description: string;
  readonly seedOffset: number;
  /** Its category, path and sizes. */
  readonly contracts: BybitContracts;
  /** The quote its coins mode lists the coins at (`USDT` on linear, `USD` on inverse). */
  readonly coinsQuote: string;
  readonly limits: VenueLimits;
  /** Quote value of one contract where trades are whole contracts (inverse: 1 USD); absent: lots of the base asset. */
  readonly contractValue?: number;
}

/**
 * A simulated Bybit v5 derivatives category (linear, inverse): its perpetual contracts on its own path,
 * with sparse trade ids, mark, funding, open interest and liquidations (`createBybitLinearSim`), its REST
 * `category=...` on spot's paths; not served by default, and a generated universe lists none there.
 */
export function simBybitDerivativesVenue(spec: BybitDerivativesSimSpec): SimVenueDefinition<Readonly<Record<never, number>>> {
  const { contracts, contractValue } = spec;
  return {
    description: spec.description,
    servedByDefault: false,
    seedOffset: spec.seedOffset,
    path: contracts.path,
    restRoutes: [{ path: '/v5/market/', query: { category: contracts.category } }],
    symbolOf: (base, quote) => `${base}${quote}`,
    listing: { coinsQuote: spec.coinsQuote, universe: 'none' },
    limits: spec.limits,
    options: {},
    build: ({ common, seed, instruments, limits, booksOf }) => {
      const symbols = perpetualSymbols(instruments).map((symbol) => (contractValue === undefined ? symbol : { ...symbol, contractValue }));
      const market = new SimulatedMarket({ symbols, seed, idStep: 'sparse' });
      const counters = createVenueCounters();
      const books = booksOf(market, seed);
      const sim = createBybitLinearSim({ market, books, clock: common.clock, seed, limits, counters, logCapacity: common.logCapacity, contracts });
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
}
