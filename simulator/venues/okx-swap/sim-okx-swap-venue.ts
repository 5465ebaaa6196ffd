import { LiquidationLog } from '../../perpetual/liquidation-log.js';
import { PerpetualMarket } from '../../perpetual/perpetual-market.js';
import { seededRandom } from '../../seeded-random.js';
import { SimulatedMarket } from '../../simulated-market.js';
import type { SimVenueDefinition } from '../../sim-venue-definition.js';
import { SimVenue } from '../../sim-venue.js';
import { createVenueCounters } from '../../venue-counters.js';
import { OkxBooks } from '../okx/okx-books.js';
import { DEFAULT_OKX_LIMITS, type OkxVenueLimits } from '../okx/okx-limits.js';
import { OkxRest } from '../okx/okx-rest.js';
import { OKX_IDLE_CLOSE_MS } from '../okx/okx-sessions.js';
import { OkxUnits } from '../okx/okx-units.js';
import { DEFAULT_OKX_FUNDING_RATE_MS, OKX_FUNDING_CAP } from './okx-swap-channels.js';
import { OkxSwapContracts, okxSwapSymbols } from './okx-swap-contracts.js';
import { simOkxSwapProtocol } from './sim-okx-swap-protocol.js';

/** OKX swaps' own options. */
export type OkxSwapSimOptions = {
  /** A connection that sent nothing this long is closed with 4004, ms; default 30 000. */
  readonly idleCloseMs: number;
  /** How often `funding-rate` is pushed, ms; default 30 000 (OKX: "in 30s to 90s"). */
  readonly fundingRateMs: number;
};

/** The simulated OKX swaps' WebSocket base, apart from spot's; its routes are `/public` and `/business` under it. */
export const OKX_SWAP_PATH = '/okx-swap/ws/v5';

/**
 * OKX linear swaps on `/okx-swap/ws/v5` (routes `/public` and `/business`): USDT perpetuals spelled
 * `BTC-USDT-SWAP` (the coins mode's coins at USDT), sized in contracts of `ctVal` base (the tape keeps
 * base units: a trade's `sz` times `ctVal` is its tape quantity), consecutive trade ids, mark, index,
 * funding, open interest and sampled liquidations; REST `/api/v5/...` with `instType=SWAP` or an
 * `instId` ending in `-SWAP`. A generated universe lists none here.
 */
export const simOkxSwapVenue: SimVenueDefinition<OkxSwapSimOptions, OkxVenueLimits> = {
  description: 'OKX v5 USDT swaps on /okx-swap/ws/v5/public|business (BTC-USDT-SWAP, sizes in contracts); REST /api/v5/... instType=SWAP',
  servedByDefault: false,
  seedOffset: 7,
  path: OKX_SWAP_PATH,
  restRoutes: [
    { path: '/api/v5/', query: { instType: 'SWAP' } },
    { path: '/api/v5/', query: { instId: '*-SWAP' } },
  ],
  symbolOf: (base, quote) => `${base}-${quote}-SWAP`,
  listing: { coinsQuote: 'USDT', universe: 'none' },
  limits: DEFAULT_OKX_LIMITS,
  options: { idleCloseMs: OKX_IDLE_CLOSE_MS, fundingRateMs: DEFAULT_OKX_FUNDING_RATE_MS },
  build: ({ common, seed, instruments, limits, options, booksOf }) => {
    const market = new SimulatedMarket({ symbols: okxSwapSymbols(instruments), seed, idStep: 'consecutive' });
    const contracts = new OkxSwapContracts(market);
    const units = new OkxUnits(market, (symbol) => contracts.exponent(symbol));
    const perpetual = {
      market: new PerpetualMarket({ market, seed, clock: common.clock, fundingCap: Number(OKX_FUNDING_CAP) }),
      liquidations: new LiquidationLog(common.logCapacity),
    };
    const counters = createVenueCounters();
    return new SimVenue({
      ...common,
      protocol: simOkxSwapProtocol({
        market,
        perpetual,
        units,
        path: OKX_SWAP_PATH,
        random: seededRandom(seed ^ 0x5a9),
        idleCloseMs: options.idleCloseMs,
        fundingRateMs: options.fundingRateMs,
      }),
      market,
      books: new OkxBooks({ books: booksOf(market, seed), units }),
      restApi: new OkxRest({ market, instType: 'SWAP', units, contractOf: (symbol) => contracts.contract(symbol), clock: common.clock, limits, counters }),
      perpetual,
      limits,
      counters,
      pingIntervalMs: 0,
      maxConnectionLifetimeMs: 0,
    });
  },
};
