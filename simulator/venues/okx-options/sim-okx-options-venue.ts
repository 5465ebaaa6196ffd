import { ControlRefusal } from '../../control-refusal.js';
import { sharedOptionBoard } from '../../options/option-board.js';
import { DEFAULT_OPTION_TRADES_PER_MINUTE } from '../../options/option-flow.js';
import { seededRandom } from '../../seeded-random.js';
import type { SimVenueDefinition } from '../../sim-venue-definition.js';
import { SimVenue } from '../../sim-venue.js';
import { createVenueCounters } from '../../venue-counters.js';
import { OKX_IDLE_CLOSE_MS } from '../okx/okx-sessions.js';
import { OkxUnits } from '../okx/okx-units.js';
import { OkxOptionChain } from './okx-option-chain.js';
import { DEFAULT_OKX_OPTIONS_LIMITS, type OkxOptionsVenueLimits } from './okx-options-limits.js';
import { OkxOptionsRest } from './okx-options-rest.js';
import { SimOkxOptionsProtocol } from './sim-okx-options-protocol.js';

/** OKX options' own options. */
export type OkxOptionsSimOptions = {
  /** A connection that sent nothing this long is closed with 4004, ms; default 30 000 (`OKX_IDLE_CLOSE_MS`). */
  readonly idleCloseMs: number;
  /** Trades a minute over each coin's whole option chain, Poisson arrivals; default 60 (`DEFAULT_OPTION_TRADES_PER_MINUTE`). */
  readonly optionTradesPerMinute: number;
};

/** The simulated OKX options' WebSocket base, apart from spot's and the swaps'; its routes are `/public` and `/business` under it. */
export const OKX_OPTIONS_PATH = '/okx-options/ws/v5';

/**
 * OKX options on `/okx-options/ws/v5` (routes `/public` and `/business`): the shared option board's
 * BTC and ETH options (of the coins mode's coins; in a generated universe, both) as OKX names them
 * (`BTC-USD-261127-56000-C`), coin-settled, sized in contracts of `ctMult` coins (the tape keeps
 * coins); the same forward, smile and mark as `deribit_options` at the same moment, OKX's own spread
 * and trades; REST `/api/v5/...` with `instType=OPTION`, an option's `instId`, or `/public/opt-summary`.
 * Its own control action: `expire` (the board's nearest expiry ends now, on every options venue).
 */
export const simOkxOptionsVenue: SimVenueDefinition<OkxOptionsSimOptions, OkxOptionsVenueLimits> = {
  description:
    'OKX v5 options on /okx-options/ws/v5/public|business (BTC-USD-261127-56000-C; opt-summary, option-trades, tickers, mark-price, ...; the option board shared with deribit_options); REST /api/v5/... instType=OPTION',
  servedByDefault: false,
  seedOffset: 17,
  path: OKX_OPTIONS_PATH,
  restRoutes: [
    { path: '/api/v5/', query: { instType: 'OPTION' } },
    { path: '/api/v5/', query: { instId: '*-C' } },
    { path: '/api/v5/', query: { instId: '*-P' } },
    { path: '/api/v5/public/opt-summary' },
  ],
  symbolOf: (base, quote) => `${base}-${quote}`,
  listing: { coinsQuote: 'USD', universe: 'alongside' },
  limits: DEFAULT_OKX_OPTIONS_LIMITS,
  options: { idleCloseMs: OKX_IDLE_CLOSE_MS, optionTradesPerMinute: DEFAULT_OPTION_TRADES_PER_MINUTE },
  flags: [
    {
      name: 'okx-option-rate',
      option: 'optionTradesPerMinute',
      help: `OKX option trades a minute over each coin's chain (default ${DEFAULT_OPTION_TRADES_PER_MINUTE})`,
    },
  ],
  build: (venue) => {
    const { common, seed, instruments, limits, options } = venue;
    const chain = new OkxOptionChain({
      board: sharedOptionBoard(venue),
      coins: [...new Set(instruments.map((instrument) => instrument.coin))],
      seed,
      optionTradesPerMinute: options.optionTradesPerMinute,
    });
    const { market } = chain;
    const units = new OkxUnits(market, (symbol) => chain.termsOf(symbol)?.contract.exponent ?? 0);
    const counters = createVenueCounters();
    const protocol = new SimOkxOptionsProtocol({ chain, units, path: OKX_OPTIONS_PATH, random: seededRandom(seed ^ 0x0b7), idleCloseMs: options.idleCloseMs });
    return new SimVenue({
      ...common,
      protocol,
      market,
      restApi: new OkxOptionsRest({ chain, units, summaries: protocol.pushes.summaries, clock: common.clock, limits, counters }),
      own: {
        expire: (now) => {
          const answer = chain.expireNearest(now);
          if (answer === undefined) throw new ControlRefusal(400, { error: 'no option left to expire' });
          return answer;
        },
      },
      limits,
      counters,
      pingIntervalMs: 0,
      maxConnectionLifetimeMs: 0,
    });
  },
};
