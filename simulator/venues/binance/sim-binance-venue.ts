import { SimulatedMarket } from '../../simulated-market.js';
import type { SimVenueDefinition } from '../../sim-venue-definition.js';
import { SimVenue } from '../../sim-venue.js';
import { binanceAggTradesEndpoint } from './binance-agg-trades.js';
import { binanceBookFixtures } from './binance-book-fixtures.js';
import { BinanceDepthRest } from './binance-depth-rest.js';
import { BinanceDepthStreams } from './binance-depth-streams.js';
import { binanceExchangeInfoEndpoint } from './binance-exchange-info.js';
import { binanceHistoricalTradesEndpoint } from './binance-historical-trades.js';
import { DEFAULT_BINANCE_LIMITS } from './binance-limits.js';
import { binanceTicker24hrEndpoint } from './binance-ticker-24hr.js';
import { binanceProtocol } from './sim-binance-protocol.js';

/** Binance's own options. */
export type BinanceSimOptions = {
  /** Server ping interval, ms; default 20 000. */
  readonly pingIntervalMs: number;
  /** Each connection closed with 1000 after this long, ms; default 0 (never; the venue's cut is 24 h). */
  readonly maxConnectionLifetimeMs: number;
  /** REST request weight allowed per minute per IP; default 6000. */
  readonly weightPerMinute: number;
};

/**
 * A Binance-family endpoint on `/stream?streams=...` and `/ws` (Binance, Binance.US and the testnet
 * alike): consecutive trade ids, `@depth@100ms` and `@depth` seeded from REST `/api/v3/depth`, the
 * REST lists and history under `/api/`, weighed per minute.
 */
export const simBinanceVenue: SimVenueDefinition<BinanceSimOptions> = {
  description: 'Binance on /stream?streams=... and /ws (@depth@100ms, @depth); REST /api/v3/depth, exchangeInfo, ticker/24hr, historicalTrades, aggTrades',
  servedByDefault: true,
  seedOffset: 1,
  path: '/stream',
  restRoutes: [{ path: '/api/' }],
  symbolOf: (base, quote) => `${base}${quote}`,
  listing: { universe: { only: 0.15 } },
  limits: DEFAULT_BINANCE_LIMITS,
  options: { pingIntervalMs: 20_000, maxConnectionLifetimeMs: 0, weightPerMinute: 6000 },
  bookFixtures: binanceBookFixtures,
  flags: [{ name: 'weight-per-minute', option: 'weightPerMinute', help: 'Binance REST request weight allowed per minute (default 6000)' }],
  build: ({ common, seed, instruments, limits, options, booksOf }) => {
    const market = new SimulatedMarket({ symbols: instruments, seed, idStep: 'consecutive' });
    const books = booksOf(market, seed);
    const { weightPerMinute } = options;
    const rest = new BinanceDepthRest({
      books,
      clock: common.clock,
      limiter: { limitPerMinute: weightPerMinute },
      endpoints: [
        binanceExchangeInfoEndpoint(market, () => weightPerMinute),
        binanceTicker24hrEndpoint(market),
        binanceHistoricalTradesEndpoint(market),
        binanceAggTradesEndpoint(market),
      ],
    });
    return new SimVenue({
      ...common,
      protocol: binanceProtocol,
      market,
      books: new BinanceDepthStreams({ books }),
      rest,
      restApi: rest,
      limits,
      pingIntervalMs: options.pingIntervalMs,
      maxConnectionLifetimeMs: options.maxConnectionLifetimeMs,
    });
  },
};
