import { binanceExchangeInfoEndpoint } from './binance/binance-exchange-info.js';
import { BinanceDepthRest } from './binance/binance-depth-rest.js';
import { BinanceDepthStreams } from './binance/binance-depth-streams.js';
import { binanceProtocol } from './binance/sim-binance-protocol.js';
import { binanceTicker24hrEndpoint } from './binance/binance-ticker-24hr.js';
import { BybitBookTopics } from './bybit/bybit-book-topics.js';
import { bybitProtocol } from './bybit/sim-bybit-protocol.js';
import { BybitRest } from './bybit/bybit-rest.js';
import { seededRandom } from './seeded-random.js';
import { coinsUniverse, generatedUniverse, type SimUniverse } from './sim-universe.js';
import { SimVenue } from './sim-venue.js';
import type { SimulatorOptions } from './simulator-options.js';
import { SimulatedBooks } from './simulated-books.js';
import { SimulatedMarket } from './simulated-market.js';
import { createVenueCounters } from './venue-counters.js';
import { venueLimits } from './venue-limits.js';
import { binanceAggTradesEndpoint } from './binance/binance-agg-trades.js';
import { binanceHistoricalTradesEndpoint } from './binance/binance-historical-trades.js';
import type { SimVenueName } from './sim-venue-protocol.js';

/** How long an unchanged symbol's ticker waits in a generated universe before it is pushed again, ms. */
const UNIVERSE_TICKER_REFRESH_MS = 3000;
/** Levels per side of a generated universe's books unless `bookDepth` says otherwise: thousands of 1000-level books take gigabytes. */
export const UNIVERSE_BOOK_DEPTH = 200;

/**
 * The simulator's two venues over one universe (the coins mode's or a generated one): per venue
 * its market of the instruments it lists, its books and depth channels, its REST API and limits.
 */
export function buildSimVenues(
  options: SimulatorOptions,
  clock: () => number,
): { readonly venues: Map<SimVenueName, SimVenue>; readonly universe: SimUniverse } {
  const seed = options.seed ?? 1;
  const generated = options.universe !== undefined;
  const universe =
    options.universe === undefined
      ? coinsUniverse(options.coins ?? ['BTC', 'ETH'], options.quote ?? 'USDT')
      : generatedUniverse({ ...options.universe, seed: options.universe.seed ?? seed });
  const limitsOf = (venue: SimVenueName) => venueLimits(venue, options.limits === false ? false : options.limits?.[venue]);
  const refresh = options.tickerRefreshMs ?? (generated ? UNIVERSE_TICKER_REFRESH_MS : undefined);
  const common = {
    random: seededRandom(seed ^ 0x5eed),
    tradesPerSecond: options.tradesPerSecond ?? 5,
    tickerIntervalMs: options.tickerIntervalMs ?? 200,
    logCapacity: options.logCapacity ?? 100_000,
    clock,
    universe,
    ...(refresh === undefined ? {} : { tickerRefreshMs: refresh }),
  };
  const replayFor = (venue: SimVenueName) =>
    options.replay?.venue === venue ? { replay: { lines: options.replay.lines, intervalMs: options.replay.intervalMs ?? 10 } } : {};
  const depth = options.bookDepth ?? (generated ? UNIVERSE_BOOK_DEPTH : undefined);
  const booksOf = (market: SimulatedMarket, bookSeed: number) =>
    new SimulatedBooks({ market, seed: bookSeed, eager: !generated, ...(depth === undefined ? {} : { depth }) });

  const bybitMarket = new SimulatedMarket({ symbols: universe.forVenue('bybit'), seed, idStep: 'sparse' });
  const bybitBooks = new BybitBookTopics({ books: booksOf(bybitMarket, seed) });
  const binanceMarket = new SimulatedMarket({ symbols: universe.forVenue('binance'), seed: seed + 1, idStep: 'consecutive' });
  const binanceBooks = booksOf(binanceMarket, seed + 1);
  const binanceDepth = new BinanceDepthStreams({ books: binanceBooks });
  const weightPerMinute = options.binanceWeightPerMinute ?? 6000;
  const rest = new BinanceDepthRest({
    books: binanceBooks,
    clock,
    limiter: { limitPerMinute: weightPerMinute },
    endpoints: [
      binanceExchangeInfoEndpoint(binanceMarket, () => weightPerMinute),
      binanceTicker24hrEndpoint(binanceMarket),
      binanceHistoricalTradesEndpoint(binanceMarket),
      binanceAggTradesEndpoint(binanceMarket),
    ],
  });
  const bybitCounters = createVenueCounters();
  const bybitLimits = limitsOf('bybit');
  const bybitRest = new BybitRest({ market: bybitMarket, clock, limits: bybitLimits, counters: bybitCounters });
  const venues = new Map<SimVenueName, SimVenue>([
    [
      'bybit',
      new SimVenue({
        ...common,
        ...replayFor('bybit'),
        name: 'bybit',
        protocol: bybitProtocol,
        market: bybitMarket,
        books: bybitBooks,
        restApi: bybitRest,
        pingIntervalMs: 0,
        maxConnectionLifetimeMs: 0,
        limits: bybitLimits,
        counters: bybitCounters,
      }),
    ],
    [
      'binance',
      new SimVenue({
        ...common,
        ...replayFor('binance'),
        name: 'binance',
        protocol: binanceProtocol,
        market: binanceMarket,
        books: binanceDepth,
        rest,
        restApi: rest,
        limits: limitsOf('binance'),
        pingIntervalMs: options.binancePingIntervalMs ?? 20_000,
        maxConnectionLifetimeMs: options.binanceMaxConnectionLifetimeMs ?? 0,
      }),
    ],
  ]);
  return { venues, universe };
}
