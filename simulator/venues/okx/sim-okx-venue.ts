import { seededRandom } from '../../seeded-random.js';
import { SimulatedMarket } from '../../simulated-market.js';
import type { SimVenueDefinition } from '../../sim-venue-definition.js';
import { SimVenue } from '../../sim-venue.js';
import { createVenueCounters } from '../../venue-counters.js';
import { OkxBooks } from './okx-books.js';
import { DEFAULT_OKX_LIMITS, type OkxVenueLimits } from './okx-limits.js';
import { OkxRest } from './okx-rest.js';
import { OKX_IDLE_CLOSE_MS } from './okx-sessions.js';
import { OkxUnits } from './okx-units.js';
import { SimOkxProtocol } from './sim-okx-protocol.js';

/** OKX's own options. */
export type OkxSimOptions = {
  /** A connection that sent nothing this long is closed with 4004, ms; default 30 000 (`OKX_IDLE_CLOSE_MS`). */
  readonly idleCloseMs: number;
};

/** The simulated OKX spot's WebSocket base (`wss://ws.okx.com:8443/ws/v5` there); its routes are `/public` and `/business` under it. */
export const OKX_SPOT_PATH = '/okx/ws/v5';

/**
 * OKX spot on `/okx/ws/v5` (routes `/public` and `/business`): pairs spelled `BTC-USDT`, consecutive
 * trade ids per instrument, `books` chained by `seqId`/`prevSeqId`; REST `/api/v5/...` (instType
 * `SPOT`), every request the swaps' routes do not claim.
 */
export const simOkxVenue: SimVenueDefinition<OkxSimOptions, OkxVenueLimits> = {
  description: 'OKX v5 spot on /okx/ws/v5/public|business (BTC-USDT, books by seqId); REST /api/v5/... instType=SPOT',
  servedByDefault: false,
  seedOffset: 6,
  path: OKX_SPOT_PATH,
  restRoutes: [{ path: '/api/v5/' }],
  symbolOf: (base, quote) => `${base}-${quote}`,
  listing: { universe: 'alongside' },
  limits: DEFAULT_OKX_LIMITS,
  options: { idleCloseMs: OKX_IDLE_CLOSE_MS },
  build: ({ common, seed, instruments, limits, options, booksOf }) => {
    const market = new SimulatedMarket({ symbols: instruments, seed, idStep: 'consecutive' });
    const units = new OkxUnits(market);
    const counters = createVenueCounters();
    return new SimVenue({
      ...common,
      protocol: new SimOkxProtocol({
        market,
        instType: 'SPOT',
        path: OKX_SPOT_PATH,
        units,
        random: seededRandom(seed ^ 0x0c5),
        idleCloseMs: options.idleCloseMs,
      }),
      market,
      books: new OkxBooks({ books: booksOf(market, seed), units }),
      restApi: new OkxRest({ market, instType: 'SPOT', units, clock: common.clock, limits, counters }),
      limits,
      counters,
      pingIntervalMs: 0,
      maxConnectionLifetimeMs: 0,
    });
  },
};
