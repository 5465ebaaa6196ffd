import { seededRandom } from '../../seeded-random.js';
import { SimulatedMarket } from '../../simulated-market.js';
import type { SimVenueDefinition } from '../../sim-venue-definition.js';
import { SimVenue } from '../../sim-venue.js';
import { createVenueCounters } from '../../venue-counters.js';
import { KrakenBook } from './kraken-book.js';
import { DEFAULT_KRAKEN_LIMITS, type KrakenVenueLimits } from './kraken-limits.js';
import { KrakenRest } from './kraken-rest.js';
import { SimKrakenProtocol } from './sim-kraken-protocol.js';

/** Kraken WebSocket v2 on `/v2`: pair names (`BTC/USD`), consecutive trade ids per pair, checksummed books. */
export const simKrakenVenue: SimVenueDefinition<Readonly<Record<never, number>>, KrakenVenueLimits> = {
  description: 'Kraken WebSocket v2 on /v2 (pairs BTC/USD, checksummed book); REST /0/public/AssetPairs, Ticker, Trades',
  servedByDefault: false,
  seedOffset: 3,
  path: '/v2',
  restRoutes: [{ path: '/0/public/' }],
  symbolOf: (base, quote) => `${base}/${quote}`,
  listing: { universe: 'alongside' },
  limits: DEFAULT_KRAKEN_LIMITS,
  options: {},
  build: ({ common, seed, instruments, limits, booksOf }) => {
    const market = new SimulatedMarket({ symbols: instruments, seed, idStep: 'consecutive' });
    const counters = createVenueCounters();
    return new SimVenue({
      ...common,
      protocol: new SimKrakenProtocol({ market, random: seededRandom(seed ^ 0x4b52) }),
      market,
      books: new KrakenBook({ books: booksOf(market, seed) }),
      restApi: new KrakenRest({ market, clock: common.clock, limits, counters }),
      limits,
      counters,
      pingIntervalMs: 0,
      maxConnectionLifetimeMs: 0,
    });
  },
};
