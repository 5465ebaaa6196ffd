import { ControlRefusal } from '../../control-refusal.js';
import { sharedOptionBoard } from '../../options/option-board.js';
import { DEFAULT_OPTION_TRADES_PER_MINUTE } from '../../options/option-flow.js';
import type { SimVenueDefinition } from '../../sim-venue-definition.js';
import { SimVenue } from '../../sim-venue.js';
import { createVenueCounters } from '../../venue-counters.js';
import { BinanceOptionChain } from './binance-option-chain.js';
import { BINANCE_OPTIONS_PATH } from './binance-option-streams.js';
import { BinanceOptionTape } from './binance-option-tape.js';
import { DEFAULT_BINANCE_OPTIONS_LIMITS } from './binance-options-limits.js';
import { BinanceOptionsRest } from './binance-options-rest.js';
import { SimBinanceOptionsProtocol } from './sim-binance-options-protocol.js';

/** Binance's options' own options in the simulator. */
export type BinanceOptionsSimOptions = {
  /** The option board's marks are priced again at least every this many ms (whichever options venue's step is due first steps them); default 1 000. */
  readonly markStepMs: number;
  /** Trades a minute over each coin's whole chain (SOL's a tenth), Poisson arrivals; default 60, as the other options venues. */
  readonly optionTradesPerMinute: number;
  /** Server ping frames every this many ms; default 300 000 ("The websocket server will send a ping frame every 5 minutes"). */
  readonly pingIntervalMs: number;
  /** A connection that sent no pong this long is closed, ms; default 900 000 ("within a 15 minute period"); 0 never. */
  readonly pongTimeoutMs: number;
  /** Each connection closed with 1000 after this long, ms; default 86 400 000 ("A single connection is only valid for 24 hours"); 0 never. */
  readonly maxConnectionLifetimeMs: number;
  /** REST request weight a minute per IP; default 2 400 (exchangeInfo's `REQUEST_WEIGHT`). */
  readonly weightPerMinute: number;
};

const OPTIONS: BinanceOptionsSimOptions = {
  markStepMs: 1_000,
  optionTradesPerMinute: DEFAULT_OPTION_TRADES_PER_MINUTE,
  pingIntervalMs: 300_000,
  pongTimeoutMs: 900_000,
  maxConnectionLifetimeMs: 86_400_000,
  weightPerMinute: 2_400,
};

/**
 * Binance's European options on `/binance-options/{public|market}/{ws|stream}` (`wss://fstream.binance.com`
 * there): the shared option board's options of the coins mode's BTC, ETH and SOL, USDT-settled under
 * Binance's symbols (`BTC-261127-56000-C`), each marked off the board's forward and smile (the same mark
 * volatility as `deribit_options`, `okx_options` and `bybit_options` at the same moment), quoted with a
 * spread of Binance's own; `optionTrade`, `bookTicker`, `optionTicker` on `/public`, `optionMarkPrice`,
 * the index and open interest on `/market`; expiries when the board ends them (08:00 UTC, or `expire` on
 * any options venue); REST on Binance's own paths under `/eapi/v1/`.
 */
export const simBinanceOptionsVenue: SimVenueDefinition<BinanceOptionsSimOptions> = {
  description:
    'Binance options (BTC-261127-56000-C; the option board shared with deribit_options) on /binance-options/public|market/ws|stream; REST /eapi/v1/...',
  servedByDefault: false,
  seedOffset: 19,
  path: BINANCE_OPTIONS_PATH,
  restRoutes: [{ path: '/eapi/' }],
  symbolOf: (base, quote) => `${base}${quote}`,
  listing: { coinsQuote: 'USDT', universe: 'none' },
  limits: DEFAULT_BINANCE_OPTIONS_LIMITS,
  options: OPTIONS,
  build: (venue) => {
    const { common, seed, limits, options } = venue;
    const coins = venue.instruments.map((instrument) => instrument.coin);
    const chain = new BinanceOptionChain({ board: sharedOptionBoard(venue), coins, seed, tradesPerMinute: options.optionTradesPerMinute });
    const tape = new BinanceOptionTape(chain);
    const protocol = new SimBinanceOptionsProtocol({ chain, tape, markStepMs: options.markStepMs, pongTimeoutMs: options.pongTimeoutMs });
    const counters = createVenueCounters();
    const rest = new BinanceOptionsRest({ chain, tape, clock: common.clock, weightPerMinute: options.weightPerMinute, counters });
    const expire = (now: number) => {
      const event = chain.expireNearest(now);
      if (event === undefined) throw new ControlRefusal(400, { error: 'no option left to expire' });
      return { expiryTs: event.expiryTs, expired: event.expired, listed: event.listed };
    };
    return new SimVenue({
      ...common,
      protocol,
      market: chain.market,
      restApi: rest,
      own: { expire },
      limits,
      counters,
      pingIntervalMs: options.pingIntervalMs,
      maxConnectionLifetimeMs: options.maxConnectionLifetimeMs,
    });
  },
};
