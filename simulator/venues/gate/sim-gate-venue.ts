import { LiquidationLog } from '../../perpetual/liquidation-log.js';
import { PerpetualMarket } from '../../perpetual/perpetual-market.js';
import { SimulatedMarket } from '../../simulated-market.js';
import type { SimVenueBuild, SimVenueDefinition } from '../../sim-venue-definition.js';
import { SimVenue } from '../../sim-venue.js';
import { createVenueCounters } from '../../venue-counters.js';
import { GateBooks } from './gate-books.js';
import { DEFAULT_GATE_LIMITS, type GateVenueLimits } from './gate-limits.js';
import { GateRest } from './gate-rest.js';
import { GateSpotMarket } from './gate-spot-market.js';
import { gateFuturesSymbols, GateUnits, type GateMarket } from './gate-units.js';
import { SimGateProtocol, type GateIpConnections } from './sim-gate-protocol.js';

/** Gate has no options of its own. */
export type GateSimOptions = Readonly<Record<never, number>>;

/** The simulated spot's path (`wss://api.gateio.ws/ws/v4/` there). */
export const GATE_SPOT_PATH = '/gate/ws/v4/';
/** The simulated USDT futures' path (`wss://fx-ws.gateio.ws/v4/ws/usdt` there). */
export const GATE_FUTURES_PATH = '/gate-futures/v4/ws/usdt';

/** The funding rate's bound the simulator uses (Gate's per-contract limits are not in our sources; the simulator's choice). */
const GATE_FUNDING_CAP = 0.003;

/** Builds one market on `path`, the IP's open connections shared with the other market. */
function buildGate(kind: GateMarket, path: string, build: SimVenueBuild<GateSimOptions, GateVenueLimits>): SimVenue {
  const { common, seed, instruments, limits, booksOf, shared } = build;
  const spot = kind === 'spot' ? new GateSpotMarket({ symbols: instruments, seed, idStep: 'consecutive' }) : undefined;
  const market = spot ?? new SimulatedMarket({ symbols: gateFuturesSymbols(instruments), seed, idStep: 'consecutive' });
  const tradeIdOf = spot === undefined ? (_symbol: string, tradeId: number) => tradeId : (symbol: string, tradeId: number) => spot.venueId(symbol, tradeId);
  const units = new GateUnits(market, kind);
  const counters = createVenueCounters();
  const perpetual =
    kind === 'spot'
      ? undefined
      : {
          market: new PerpetualMarket({ market, seed, clock: common.clock, fundingCap: GATE_FUNDING_CAP }),
          liquidations: new LiquidationLog(common.logCapacity),
        };
  const ipConnections = shared<GateIpConnections>('gate', () => ({ open: 0 }));
  const books = new GateBooks({ books: booksOf(market, seed), units });
  const withPerpetual = perpetual === undefined ? {} : { perpetual: perpetual.market };
  return new SimVenue({
    ...common,
    protocol: new SimGateProtocol({
      market,
      units,
      path,
      ...withPerpetual,
      ...(perpetual === undefined ? {} : { liquidations: perpetual.liquidations }),
      tradeIdOf,
      limits,
      counters,
      ipConnections,
    }),
    market,
    books,
    restApi: new GateRest({ market, units, books, ...withPerpetual, tradeIdOf, clock: common.clock, limits, counters }),
    ...(perpetual === undefined ? {} : { perpetual }),
    limits,
    counters,
    pingIntervalMs: 0,
    maxConnectionLifetimeMs: 0,
  });
}

/**
 * Gate spot on `/gate/ws/v4/` (WebSocket API v4, channels `spot.*`): pairs spelled `BTC_USDT`, trade ids
 * over every pair, `spot.trades` (one push a trade), `spot.tickers`, `spot.book_ticker` and
 * `spot.order_book_update` (update ids bridged to the REST snapshot); REST `/api/v4/spot/...`.
 */
export const simGateVenue: SimVenueDefinition<GateSimOptions, GateVenueLimits> = {
  description: 'Gate v4 spot on /gate/ws/v4/ (BTC_USDT; trades, tickers, book_ticker, order_book_update by U/u and REST id); REST /api/v4/spot/...',
  servedByDefault: false,
  seedOffset: 15,
  path: GATE_SPOT_PATH,
  restRoutes: [{ path: '/api/v4/spot/' }],
  symbolOf: (base, quote) => `${base}_${quote}`,
  listing: { universe: 'alongside' },
  limits: DEFAULT_GATE_LIMITS,
  options: {},
  build: (build) => buildGate('spot', GATE_SPOT_PATH, build),
};

/**
 * Gate USDT-settled perpetual futures on `/gate-futures/v4/ws/usdt` (channels `futures.*`): `BTC_USDT`
 * and the coins mode's coins at USDT, sized in whole contracts of `quanto_multiplier` coins (BTC 0.0001),
 * trade ids per contract, the ticker carrying mark, index, funding, its next time and the open interest
 * (`total_size`, contracts), `public_liquidates` (per contract or `!all`: every liquidation, one contract's rows a
 * push each second or at 20 rows); REST `/api/v4/futures/usdt/...`. A generated universe lists none here.
 */
export const simGateFuturesVenue: SimVenueDefinition<GateSimOptions, GateVenueLimits> = {
  description:
    'Gate v4 USDT futures on /gate-futures/v4/ws/usdt (BTC_USDT, sizes in contracts; tickers with mark, index, funding, total_size; public_liquidates); REST /api/v4/futures/usdt/...',
  servedByDefault: false,
  seedOffset: 16,
  path: GATE_FUTURES_PATH,
  restRoutes: [{ path: '/api/v4/futures/' }],
  symbolOf: (base, quote) => `${base}_${quote}`,
  listing: { coinsQuote: 'USDT', universe: 'none' },
  limits: DEFAULT_GATE_LIMITS,
  options: {},
  build: (build) => buildGate('futures', GATE_FUTURES_PATH, build),
};
