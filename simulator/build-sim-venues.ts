import { binanceExchangeInfoEndpoint } from './venues/binance/binance-exchange-info.js';
import { BinanceDepthRest } from './venues/binance/binance-depth-rest.js';
import { BinanceDepthStreams } from './venues/binance/binance-depth-streams.js';
import { binanceProtocol } from './venues/binance/sim-binance-protocol.js';
import { binanceTicker24hrEndpoint } from './venues/binance/binance-ticker-24hr.js';
import { BybitBookTopics } from './venues/bybit/bybit-book-topics.js';
import { bybitProtocol } from './venues/bybit/sim-bybit-protocol.js';
import { BybitRest } from './venues/bybit/bybit-rest.js';
import { seededRandom } from './seeded-random.js';
import { coinsUniverse, generatedUniverse, type SimUniverse } from './sim-universe.js';
import { SimVenue, type SimVenueConfig } from './sim-venue.js';
import type { SimulatorOptions } from './simulator-options.js';
import { SimulatedBooks } from './simulated-books.js';
import { SimulatedMarket } from './simulated-market.js';
import { createVenueCounters } from './venue-counters.js';
import { venueLimits } from './sim-venue-limits.js';
import type { VenueLimits } from './venue-limits.js';
import { binanceAggTradesEndpoint } from './venues/binance/binance-agg-trades.js';
import { binanceHistoricalTradesEndpoint } from './venues/binance/binance-historical-trades.js';
import { createCoinbaseSim } from './venues/coinbase/coinbase-sim.js';
import { KrakenBook } from './venues/kraken/kraken-book.js';
import { KrakenRest } from './venues/kraken/kraken-rest.js';
import { SimKrakenProtocol } from './venues/kraken/sim-kraken-protocol.js';
import { DEFAULT_SIM_VENUES, type SimVenueName } from './sim-venue-name.js';
import { createBybitLinearSim } from './venues/bybit-linear/bybit-linear-sim.js';
import { createBinanceUsdmSim } from './venues/binance-usdm/binance-usdm-sim.js';
import { DEFAULT_BINANCE_USDM_WEIGHT_PER_MINUTE } from './venues/binance-usdm/usdm-rest-endpoints.js';
import { perpetualSymbols } from './perpetual/perpetual-symbols.js';

/** Binance USD-M's server pings: every 3 minutes (its WebSocket Market Streams page). */
const BINANCE_USDM_PING_INTERVAL_MS = 180_000;

/** How long an unchanged symbol's ticker waits in a generated universe before it is pushed again, ms. */
const UNIVERSE_TICKER_REFRESH_MS = 3000;
/** Levels per side of a generated universe's books unless `bookDepth` says otherwise: thousands of 1000-level books take gigabytes. */
export const UNIVERSE_BOOK_DEPTH = 200;

/**
 * The simulator's venues over one universe (the coins mode's or a generated one): per venue its
 * market of the instruments it lists, its books and depth channels, its REST API and limits. The
 * perpetual venues (Bybit linear, Binance USD-M) list the coins mode's coins at USDT (unless
 * `venueQuotes` says otherwise) as perpetual contracts; a generated universe lists none on them.
 */
export function buildSimVenues(
  options: SimulatorOptions,
  clock: () => number,
): { readonly venues: Map<SimVenueName, SimVenue>; readonly universe: SimUniverse } {
  const seed = options.seed ?? 1;
  const generated = options.universe !== undefined;
  const served = new Set<SimVenueName>(options.venues ?? DEFAULT_SIM_VENUES);
  const others = (['coinbase', 'kraken'] as const).filter((venue) => served.has(venue));
  const perpetualQuotes = { bybit_linear: 'USDT', binance_usdm: 'USDT' } as const;
  const universe =
    options.universe === undefined
      ? coinsUniverse(options.coins ?? ['BTC', 'ETH'], options.quote ?? 'USDT', [...served], { ...perpetualQuotes, ...options.venueQuotes })
      : generatedUniverse({ ...options.universe, seed: options.universe.seed ?? seed }, others);
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
  for (const name of ['bybit', 'binance'] as const) if (!served.has(name)) venues.delete(name);
  if (served.has('coinbase')) venues.set('coinbase', coinbaseVenue(universe, { ...common, seed: seed + 2, limits: limitsOf('coinbase'), booksOf }));
  if (served.has('kraken')) venues.set('kraken', krakenVenue(universe, { ...common, seed: seed + 3, limits: limitsOf('kraken'), booksOf }));
  if (served.has('bybit_linear'))
    venues.set(
      'bybit_linear',
      bybitLinearVenue(universe, { ...common, ...replayFor('bybit_linear'), seed: seed + 4, limits: limitsOf('bybit_linear'), booksOf }),
    );
  if (served.has('binance_usdm')) {
    const usdm = { ...common, ...replayFor('binance_usdm'), seed: seed + 5, limits: limitsOf('binance_usdm'), booksOf };
    venues.set(
      'binance_usdm',
      binanceUsdmVenue(universe, usdm, {
        weightPerMinute: options.binanceUsdmWeightPerMinute ?? DEFAULT_BINANCE_USDM_WEIGHT_PER_MINUTE,
        pingIntervalMs: options.binanceUsdmPingIntervalMs ?? BINANCE_USDM_PING_INTERVAL_MS,
        maxConnectionLifetimeMs: options.binanceMaxConnectionLifetimeMs ?? 0,
      }),
    );
  }
  return { venues, universe };
}

/** What every simulated venue shares, and how its books are made. */
type VenueCommon = Omit<SimVenueConfig, 'name' | 'protocol' | 'market' | 'pingIntervalMs' | 'maxConnectionLifetimeMs'> & {
  readonly seed: number;
  readonly limits: VenueLimits;
  readonly booksOf: (market: SimulatedMarket, seed: number) => SimulatedBooks;
};

/** Coinbase Advanced Trade on `/coinbase`: product ids (`BTC-USD`), consecutive trade ids per product, the whole book on `level2`. */
function coinbaseVenue(universe: SimUniverse, { seed, limits, booksOf, ...common }: VenueCommon): SimVenue {
  const market = new SimulatedMarket({ symbols: universe.forVenue('coinbase'), seed, idStep: 'consecutive' });
  const counters = createVenueCounters();
  const sim = createCoinbaseSim({ market, books: booksOf(market, seed), clock: common.clock, limits, counters });
  return new SimVenue({
    ...common,
    name: 'coinbase',
    protocol: sim.protocol,
    market,
    books: sim.level2,
    restApi: sim.rest,
    limits,
    counters,
    pingIntervalMs: 0,
    maxConnectionLifetimeMs: 0,
  });
}

/** Kraken WebSocket v2 on `/v2`: pair names (`BTC/USD`), consecutive trade ids per pair, checksummed books. */
function krakenVenue(universe: SimUniverse, { seed, limits, booksOf, ...common }: VenueCommon): SimVenue {
  const market = new SimulatedMarket({ symbols: universe.forVenue('kraken'), seed, idStep: 'consecutive' });
  const counters = createVenueCounters();
  return new SimVenue({
    ...common,
    name: 'kraken',
    protocol: new SimKrakenProtocol({ market, random: seededRandom(seed ^ 0x4b52) }),
    market,
    books: new KrakenBook({ books: booksOf(market, seed) }),
    restApi: new KrakenRest({ market, clock: common.clock, limits, counters }),
    limits,
    counters,
    pingIntervalMs: 0,
    maxConnectionLifetimeMs: 0,
  });
}

/** Bybit v5 linear on `/v5/public/linear`: perpetual contracts with sparse trade ids, mark, funding, open interest and liquidations; REST with `category=linear`. */
function bybitLinearVenue(universe: SimUniverse, { seed, limits, booksOf, ...common }: VenueCommon): SimVenue {
  const market = new SimulatedMarket({ symbols: perpetualSymbols(universe.forVenue('bybit_linear')), seed, idStep: 'sparse' });
  const counters = createVenueCounters();
  const sim = createBybitLinearSim({ market, books: booksOf(market, seed), clock: common.clock, seed, limits, counters, logCapacity: common.logCapacity });
  return new SimVenue({
    ...common,
    name: 'bybit_linear',
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
}

/**
 * Binance USD-M on `/usdm` (routes `/public` and `/market`): perpetual contracts with consecutive
 * aggregate ids, mark prices, sampled force orders, `pu`-chained depth; REST `/fapi/v1/...` weighed
 * per minute.
 */
function binanceUsdmVenue(
  universe: SimUniverse,
  { seed, limits, booksOf, ...common }: VenueCommon,
  timing: { readonly weightPerMinute: number; readonly pingIntervalMs: number; readonly maxConnectionLifetimeMs: number },
): SimVenue {
  const market = new SimulatedMarket({ symbols: perpetualSymbols(universe.forVenue('binance_usdm')), seed, idStep: 'consecutive' });
  const sim = createBinanceUsdmSim({
    market,
    books: booksOf(market, seed),
    clock: common.clock,
    seed,
    weightPerMinute: timing.weightPerMinute,
    logCapacity: common.logCapacity,
  });
  return new SimVenue({
    ...common,
    name: 'binance_usdm',
    protocol: sim.protocol,
    market,
    books: sim.depth,
    rest: sim.rest,
    restApi: sim.rest,
    perpetual: sim.perpetual,
    routes: sim.protocol,
    limits,
    pingIntervalMs: timing.pingIntervalMs,
    maxConnectionLifetimeMs: timing.maxConnectionLifetimeMs,
  });
}
