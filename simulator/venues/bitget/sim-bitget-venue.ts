import { PerIpWindows } from '../../per-ip-windows.js';
import { PerpetualMarket } from '../../perpetual/perpetual-market.js';
import { LiquidationLog } from '../../perpetual/liquidation-log.js';
import { SimulatedMarket } from '../../simulated-market.js';
import type { SimVenueBuild, SimVenueDefinition } from '../../sim-venue-definition.js';
import { SimVenue } from '../../sim-venue.js';
import { createVenueCounters } from '../../venue-counters.js';
import { BitgetBooks } from './bitget-books.js';
import { DEFAULT_BITGET_LIMITS, type BitgetVenueLimits } from './bitget-limits.js';
import { BitgetRest } from './bitget-rest.js';
import { BitgetUnits, type BitgetInstType } from './bitget-units.js';
import { BITGET_IDLE_CLOSE_MS, BITGET_LIFETIME_MS, SimBitgetProtocol, type BitgetIpConnections } from './sim-bitget-protocol.js';

/** Bitget's own options (each market's). */
export type BitgetSimOptions = {
  /** A connection that sent no `ping` this long is closed, ms; default 120 000 (`BITGET_IDLE_CLOSE_MS`); 0 never. */
  readonly idleCloseMs: number;
  /** Every connection is closed with 1000 after this long, ms; default 24 hours (`BITGET_LIFETIME_MS`); 0 never. */
  readonly lifetimeMs: number;
};

/**
 * The simulated spot's path (`wss://ws.bitget.com/v2/ws/public` there). Bitget serves both instrument
 * types on that one URL, told apart by each argument's `instType`; the simulator gives a connection to
 * one venue only, so USDT-M futures answer on a path of their own ({@link BITGET_FUTURES_PATH}), and
 * each path refuses the other type's arguments with 30001 as an unknown instrument (docs/simulator.md
 * says why one path is not served). What Bitget counts per IP is counted over both paths.
 */
export const BITGET_SPOT_PATH = '/bitget/v2/ws/public';
/** The simulated USDT-M futures' path: the same API as spot's, for `instType` USDT-FUTURES. */
export const BITGET_FUTURES_PATH = '/bitget-futures/v2/ws/public';

/** The funding rate's bound the simulator uses (Bitget's per-contract caps are not in our sources; the simulator's choice). */
const BITGET_FUNDING_CAP = 0.003;

const OPTIONS: BitgetSimOptions = { idleCloseMs: BITGET_IDLE_CLOSE_MS, lifetimeMs: BITGET_LIFETIME_MS };

/** Builds one market: `instType` SPOT or USDT-FUTURES on `path`, the IP's open connections and connection requests shared with the other market. */
function buildBitget(instType: BitgetInstType, path: string, build: SimVenueBuild<BitgetSimOptions, BitgetVenueLimits>): SimVenue {
  const { common, seed, instruments, limits, options, booksOf, shared } = build;
  const market = new SimulatedMarket({ symbols: instruments, seed, idStep: 'sparse' });
  const units = new BitgetUnits(market, instType);
  const counters = createVenueCounters();
  const perpetual =
    instType === 'SPOT'
      ? undefined
      : {
          market: new PerpetualMarket({ market, seed, clock: common.clock, fundingCap: BITGET_FUNDING_CAP }),
          liquidations: new LiquidationLog(common.logCapacity),
        };
  const ipConnections = shared<BitgetIpConnections>('bitget', () => ({ open: 0 }));
  // One URL on Bitget: its 300 connection requests an IP in 5 minutes count both markets' paths.
  const connectionAttempts = shared('bitget-connection-attempts', () => new PerIpWindows());
  return new SimVenue({
    ...common,
    protocol: new SimBitgetProtocol({
      market,
      units,
      path,
      ...(perpetual === undefined ? {} : { perpetual: perpetual.market }),
      idleCloseMs: options.idleCloseMs,
      limits,
      counters,
      ipConnections,
    }),
    market,
    books: new BitgetBooks({ books: booksOf(market, seed), units }),
    restApi: new BitgetRest({ market, units, ...(perpetual === undefined ? {} : { perpetual: perpetual.market }), clock: common.clock, limits, counters }),
    ...(perpetual === undefined ? {} : { perpetual }),
    limits,
    connectionAttempts,
    counters,
    pingIntervalMs: 0,
    maxConnectionLifetimeMs: options.lifetimeMs,
  });
}

/**
 * Bitget spot on `/bitget/v2/ws/public` (public WebSocket API v2, `instType` SPOT): pairs spelled
 * `BTCUSDT`, 19-digit trade ids rising with time and skipping, `trade`, `ticker`, `books1` and `books`
 * (chained by `seq`/`pseq`, checked by CRC32); REST `/api/v2/spot/...`.
 */
export const simBitgetVenue: SimVenueDefinition<BitgetSimOptions, BitgetVenueLimits> = {
  description: 'Bitget v2 spot on /bitget/v2/ws/public (BTCUSDT; trade, ticker, books1, books by seq/pseq and checksum); REST /api/v2/spot/...',
  servedByDefault: false,
  seedOffset: 13,
  path: BITGET_SPOT_PATH,
  restRoutes: [{ path: '/api/v2/spot/' }],
  symbolOf: (base, quote) => `${base}${quote}`,
  listing: { universe: 'alongside' },
  limits: DEFAULT_BITGET_LIMITS,
  options: OPTIONS,
  build: (build) => buildBitget('SPOT', BITGET_SPOT_PATH, build),
};

/**
 * Bitget USDT-M perpetual futures on `/bitget-futures/v2/ws/public` (API v2, `instType` USDT-FUTURES):
 * `BTCUSDT` and the coins mode's coins at USDT, sized in the base coin, spot's channels with the
 * ticker carrying mark, index, funding, its next time and the open interest (`holdingAmount`); REST
 * `/api/v2/mix/...` (`productType=USDT-FUTURES`). A generated universe lists none here.
 */
export const simBitgetFuturesVenue: SimVenueDefinition<BitgetSimOptions, BitgetVenueLimits> = {
  description: 'Bitget v2 USDT-M perpetuals on /bitget-futures/v2/ws/public (BTCUSDT; ticker with mark, index, funding, holding); REST /api/v2/mix/...',
  servedByDefault: false,
  seedOffset: 14,
  path: BITGET_FUTURES_PATH,
  restRoutes: [{ path: '/api/v2/mix/' }],
  symbolOf: (base, quote) => `${base}${quote}`,
  listing: { coinsQuote: 'USDT', universe: 'none' },
  limits: DEFAULT_BITGET_LIMITS,
  options: OPTIONS,
  build: (build) => buildBitget('USDT-FUTURES', BITGET_FUTURES_PATH, build),
};
