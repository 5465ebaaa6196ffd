import type { SimulatedBooks } from '../../simulated-books.js';
import type { SimulatedMarket } from '../../simulated-market.js';
import type { VenueCounters } from '../../venue-counters.js';
import { CoinbaseLevel2 } from './coinbase-level2.js';
import type { CoinbaseLimits } from './coinbase-limits.js';
import { CoinbaseRest } from './coinbase-rest.js';
import { SimCoinbaseProtocol } from './sim-coinbase-protocol.js';

export interface CoinbaseSimConfig {
  /** The venue's market: product ids as symbols (`BTC-USD`), trade ids `consecutive`. */
  readonly market: SimulatedMarket;
  /** The venue's books over that market. */
  readonly books: SimulatedBooks;
  readonly clock: () => number;
  /** The venue's limits (`DEFAULT_COINBASE_LIMITS` with overrides, or `{}`): the same object the venue gets. */
  readonly limits: CoinbaseLimits;
  /** The venue's counters, shared with its `SimVenue`. */
  readonly counters: VenueCounters;
}

/** What the simulator's Coinbase venue is made of: its WebSocket protocol, its `level2` book channel and its REST API. */
export interface CoinbaseSim {
  readonly protocol: SimCoinbaseProtocol;
  readonly level2: CoinbaseLevel2;
  readonly rest: CoinbaseRest;
}

/**
 * The Coinbase venue's parts, tied together: a `level2` update lost to a `drop` fault uses up a
 * `sequence_num` on every connection holding its product (`protocol.frameLost`).
 */
export function createCoinbaseSim(config: CoinbaseSimConfig): CoinbaseSim {
  const protocol = new SimCoinbaseProtocol({ market: config.market, clock: config.clock, limits: config.limits });
  const level2 = new CoinbaseLevel2({ books: config.books, onDropped: (topic, now) => protocol.frameLost(topic, now) });
  const rest = new CoinbaseRest({ market: config.market, clock: config.clock, limits: config.limits, counters: config.counters });
  return { protocol, level2, rest };
}
