import { sharedOptionBoard } from '../../options/option-board.js';
import { DEFAULT_OPTION_TRADES_PER_MINUTE } from '../../options/option-flow.js';
import type { SimVenueBuild, SimVenueDefinition } from '../../sim-venue-definition.js';
import { ControlRefusal } from '../../control-refusal.js';
import { SimVenue } from '../../sim-venue.js';
import type { VenueOwnActions } from '../../venue-own-actions.js';
import { createVenueCounters } from '../../venue-counters.js';
import { DeribitBooks } from './deribit-books.js';
import { CONTRACT_USD } from './deribit-contracts.js';
import { DeribitExchange } from './deribit-exchange.js';
import { DeribitFrames } from './deribit-frames.js';
import { DEFAULT_DERIBIT_LIMITS, type DeribitVenueLimits } from './deribit-limits.js';
import { DeribitRest, DERIBIT_REST_PREFIX } from './deribit-rest.js';
import { SimDeribitProtocol } from './sim-deribit-protocol.js';

/** Deribit's own options in the simulator. */
export type DeribitSimOptions = {
  /** The option chain's marks are priced again every this many ms; default 1 000. */
  readonly markStepMs: number;
  /** Trades a minute over each currency's whole option chain (SOL_USDC's a tenth), Poisson arrivals; default 60 (`DEFAULT_OPTION_TRADES_PER_MINUTE`). */
  readonly optionTradesPerMinute: number;
};

/** The simulated Deribit's socket paths: Deribit's `/ws/api/v2` under a prefix per venue (both are one route there: `wss://www.deribit.com/ws/api/v2`). */
export const DERIBIT_WS_PATH = '/deribit/ws/api/v2';
export const DERIBIT_OPTIONS_WS_PATH = '/deribit-options/ws/api/v2';

const OPTIONS: DeribitSimOptions = { markStepMs: 1_000, optionTradesPerMinute: DEFAULT_OPTION_TRADES_PER_MINUTE };

/**
 * The control API's actions of one Deribit venue: `expire` (the nearest expiry of both venues ends now
 * and a new one is listed further out; 400 when nothing is left to expire) and `heartbeat-fault` (this
 * venue's sockets).
 */
function ownActions(exchange: DeribitExchange, protocol: SimDeribitProtocol): VenueOwnActions {
  return {
    expire: (now) => {
      const event = exchange.expireNearest(now);
      if (event === undefined) throw new ControlRefusal(400, { error: 'no dated instrument left to expire' });
      return { expiryTs: event.expiryTs, expired: event.expired, listed: event.listed };
    },
    heartbeatFault: (on, now, ms) => protocol.heartbeatFault(on, now, ms),
    clearFaults: () => protocol.heartbeatFault(false, 0),
  };
}

/** The one simulated Deribit of a simulator, made by the first of its venues built, shared by the other (one IP's limits, one index and chain). */
interface DeribitParts {
  readonly exchange: DeribitExchange;
  readonly frames: DeribitFrames;
  readonly rest: DeribitRest;
}

function partsOf(venue: SimVenueBuild<DeribitSimOptions, DeribitVenueLimits>): DeribitParts {
  const { common, seed, limits, options, shared } = venue;
  return shared('deribit', () => {
    const board = sharedOptionBoard(venue);
    const exchange = new DeribitExchange({ seed, clock: common.clock, limits, optionTradesPerMinute: options.optionTradesPerMinute, board });
    const frames = new DeribitFrames(exchange);
    return { exchange, frames, rest: new DeribitRest(exchange, frames, common.clock) };
  });
}

const shape = {
  servedByDefault: false,
  restRoutes: [{ path: DERIBIT_REST_PREFIX }],
  symbolOf: (base: string) => `${base}-PERPETUAL`,
  listing: { coinsQuote: 'USD', universe: 'none' },
  limits: DEFAULT_DERIBIT_LIMITS,
  options: OPTIONS,
} as const;

/**
 * Deribit's coin-margined BTC and ETH perpetuals and dated futures (`BTC-PERPETUAL`, `BTC-26DEC26`,
 * sized in USD contracts) on `/deribit/ws/api/v2`: JSON-RPC `public/subscribe`, `trades`, `book`
 * (snapshot then changes by `change_id`) and `ticker` channels at `.100ms` (`.raw` after
 * `public/auth`), heartbeats, the IP's credits; REST `/api/v2/public/...`. It lists its own
 * instruments whatever the coins mode's coins (a generated universe adds none).
 */
export const simDeribitVenue: SimVenueDefinition<DeribitSimOptions, DeribitVenueLimits> = {
  ...shape,
  description: 'Deribit inverse futures (BTC-PERPETUAL, BTC-26DEC26; USD contracts) on /deribit/ws/api/v2 (trades, book, ticker); REST /api/v2/public/...',
  seedOffset: 9,
  path: DERIBIT_WS_PATH,
  build: (venue) => {
    const { exchange, frames, rest } = partsOf(venue);
    const market = exchange.futures;
    const protocol = new SimDeribitProtocol({
      kind: 'future',
      path: DERIBIT_WS_PATH,
      market,
      exchange,
      frames,
      markStepMs: venue.options.markStepMs,
      clock: venue.common.clock,
    });
    const books = new DeribitBooks(venue.booksOf(market, venue.seed), (symbol) => CONTRACT_USD[exchange.futureTerms.get(symbol)?.coin ?? 'BTC'] ?? 10);
    exchange.futuresServed = true;
    const own = ownActions(exchange, protocol);
    return new SimVenue({
      ...venue.common,
      protocol,
      market,
      books,
      restApi: rest,
      own,
      limits: venue.limits,
      counters: createVenueCounters(),
      pingIntervalMs: 0,
      maxConnectionLifetimeMs: 0,
    });
  },
};

/**
 * Deribit's options (BTC and ETH coin-settled chains of 9 expiries or more, 18 strikes each, and a
 * small USDC-settled SOL chain; over 500 in all) on `/deribit-options/ws/api/v2`, priced by Black-76
 * from their forward (the future of their expiry or a synthetic `SYN.` forward) and the simulator's
 * smile, marks moving every `markStepMs`; `trades` (random arrivals, one a second per chain by default,
 * at the quoted bid or ask) and `ticker` (greeks,
 * IVs) channels. Shares the IP's limits and REST with `deribit`.
 */
export const simDeribitOptionsVenue: SimVenueDefinition<DeribitSimOptions, DeribitVenueLimits> = {
  ...shape,
  description:
    'Deribit options (BTC, ETH, SOL_USDC chains; Black-76 marks, greeks, IVs) on /deribit-options/ws/api/v2 (trades, ticker); REST /api/v2/public/...',
  seedOffset: 10,
  path: DERIBIT_OPTIONS_WS_PATH,
  // The option marks' step is the options venue's flag alone (the futures have no marks to step).
  flags: [{ name: 'mark-step-ms', option: 'markStepMs', help: 'Deribit option marks priced again every this many ms (default 1000)' }],
  // Its own route (the registry's routes are distinct) to the same REST as `deribit`'s: `/api/v2/public/`.
  restRoutes: [{ path: `${DERIBIT_REST_PREFIX}public/` }],
  build: (venue) => {
    const { exchange, frames, rest } = partsOf(venue);
    const market = exchange.options;
    const protocol = new SimDeribitProtocol({
      kind: 'option',
      path: DERIBIT_OPTIONS_WS_PATH,
      market,
      exchange,
      frames,
      markStepMs: venue.options.markStepMs,
      clock: venue.common.clock,
    });
    const own = ownActions(exchange, protocol);
    return new SimVenue({
      ...venue.common,
      protocol,
      market,
      restApi: rest,
      own,
      limits: venue.limits,
      counters: createVenueCounters(),
      pingIntervalMs: 0,
      maxConnectionLifetimeMs: 0,
    });
  },
};
