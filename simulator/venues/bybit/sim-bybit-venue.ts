import { SimulatedMarket } from '../../simulated-market.js';
import type { SimVenueDefinition } from '../../sim-venue-definition.js';
import { SimVenue } from '../../sim-venue.js';
import { createVenueCounters } from '../../venue-counters.js';
import { bybitBookFixtures } from './bybit-book-fixtures.js';
import { BybitBookTopics } from './bybit-book-topics.js';
import { DEFAULT_BYBIT_LIMITS } from './bybit-limits.js';
import { BybitRest } from './bybit-rest.js';
import { bybitProtocol } from './sim-bybit-protocol.js';

/**
 * Bybit v5 spot on `/v5/public/spot`: sparse trade ids, `orderbook.{1,50,200,1000}`, REST
 * `/v5/market/...` (`category=spot`, and any category no other venue served claims). No server pings.
 */
export const simBybitVenue: SimVenueDefinition<Readonly<Record<never, number>>> = {
  description: 'Bybit v5 spot on /v5/public/spot (orderbook.50/200/1000); REST /v5/market/instruments-info, tickers, recent-trade',
  servedByDefault: true,
  seedOffset: 0,
  path: '/v5/public/spot',
  restRoutes: [{ path: '/v5/market/' }],
  symbolOf: (base, quote) => `${base}${quote}`,
  listing: { universe: { only: 0.25 } },
  limits: DEFAULT_BYBIT_LIMITS,
  options: {},
  bookFixtures: bybitBookFixtures,
  build: ({ common, seed, instruments, limits, booksOf }) => {
    const market = new SimulatedMarket({ symbols: instruments, seed, idStep: 'sparse' });
    const counters = createVenueCounters();
    return new SimVenue({
      ...common,
      protocol: bybitProtocol,
      market,
      books: new BybitBookTopics({ books: booksOf(market, seed) }),
      restApi: new BybitRest({ market, clock: common.clock, limits, counters }),
      pingIntervalMs: 0,
      maxConnectionLifetimeMs: 0,
      limits,
      counters,
    });
  },
};
