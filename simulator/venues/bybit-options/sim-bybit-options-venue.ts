import { ControlRefusal } from '../../control-refusal.js';
import { sharedOptionBoard } from '../../options/option-board.js';
import { DEFAULT_OPTION_TRADES_PER_MINUTE } from '../../options/option-flow.js';
import type { SimVenueDefinition } from '../../sim-venue-definition.js';
import { SimVenue } from '../../sim-venue.js';
import { createVenueCounters } from '../../venue-counters.js';
import { BybitRest } from '../bybit/bybit-rest.js';
import { bybitOptionBooks } from './bybit-option-books.js';
import { BybitOptionChain } from './bybit-option-chain.js';
import { bybitOptionCategory } from './bybit-option-rest.js';
import { BybitOptionTape } from './bybit-option-tape.js';
import { DEFAULT_BYBIT_OPTIONS_LIMITS } from './bybit-options-limits.js';
import { BYBIT_OPTION_WS_PATH, SimBybitOptionProtocol } from './sim-bybit-options-protocol.js';

/** Bybit's options' own options in the simulator. */
export type BybitOptionsSimOptions = {
  /** The option board's marks are priced again at least every this many ms (whichever options venue's step is due first steps them); default 1 000 (Deribit's). */
  readonly markStepMs: number;
  /** Trades a minute over each coin's whole chain (SOL's a tenth), Poisson arrivals; default 60, as Deribit's. */
  readonly optionTradesPerMinute: number;
  /** A connection that neither pinged nor was sent anything this long is closed, ms; default 600 000 (10 minutes); 0 never. */
  readonly idleCloseMs: number;
};

const OPTIONS: BybitOptionsSimOptions = { markStepMs: 1_000, optionTradesPerMinute: DEFAULT_OPTION_TRADES_PER_MINUTE, idleCloseMs: 600_000 };

/**
 * Bybit v5 options on `/bybit-option/v5/public/option`: the shared option board's options of the coins
 * mode's BTC, ETH and SOL (the others have none), USDT-settled under Bybit's symbols, each marked off the
 * board's forward and smile (the same mark volatility as `deribit_options` and `okx_options` at the same
 * moment), quoted with a spread of Bybit's own; `tickers`, `publicTrade.{baseCoin}` and
 * `orderbook.{25|100}` topics, the option socket's answers and limits, deliveries when the board's
 * expiries end (08:00 UTC, or `expire` on any options venue); REST `category=option` on spot's paths.
 */
export const simBybitOptionsVenue: SimVenueDefinition<BybitOptionsSimOptions> = {
  description:
    'Bybit v5 options (BTC-27NOV26-56000-C-USDT; the option board shared with deribit_options) on /bybit-option/v5/public/option; REST category=option',
  servedByDefault: false,
  seedOffset: 18,
  path: BYBIT_OPTION_WS_PATH,
  restRoutes: [{ path: '/v5/market/', query: { category: 'option' } }],
  symbolOf: (base, quote) => `${base}${quote}`,
  listing: { coinsQuote: 'USDT', universe: 'none' },
  limits: DEFAULT_BYBIT_OPTIONS_LIMITS,
  options: OPTIONS,
  build: (venue) => {
    const { common, seed, limits, options } = venue;
    const coins = venue.instruments.map((instrument) => instrument.coin);
    const chain = new BybitOptionChain({ board: sharedOptionBoard(venue), coins, seed, tradesPerMinute: options.optionTradesPerMinute });
    const tape = new BybitOptionTape(chain);
    const books = bybitOptionBooks(chain, seed);
    const protocol = new SimBybitOptionProtocol({ chain, books, tape, markStepMs: options.markStepMs, idleCloseMs: options.idleCloseMs });
    const counters = createVenueCounters();
    const rest = new BybitRest({ market: chain.market, clock: common.clock, limits, counters, category: bybitOptionCategory({ chain, tape, books }) });
    const expire = (now: number) => {
      const event = chain.expireNearest(now);
      if (event === undefined) throw new ControlRefusal(400, { error: 'no option left to deliver' });
      return { expiryTs: event.expiryTs, expired: event.expired, listed: event.listed };
    };
    return new SimVenue({
      ...common,
      protocol,
      market: chain.market,
      books: books.topics,
      restApi: rest,
      own: { expire },
      limits,
      counters,
      pingIntervalMs: 0,
      maxConnectionLifetimeMs: 0,
    });
  },
};
