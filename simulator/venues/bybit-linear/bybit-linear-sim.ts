import { BybitBookTopics } from '../bybit/bybit-book-topics.js';
import { BybitRest } from '../bybit/bybit-rest.js';
import { LiquidationLog } from '../../perpetual/liquidation-log.js';
import { DEFAULT_FUNDING_CAP, PerpetualMarket } from '../../perpetual/perpetual-market.js';
import type { PerpetualVenue } from '../../perpetual/perpetual-venue.js';
import type { SimulatedBooks } from '../../simulated-books.js';
import type { SimulatedMarket } from '../../simulated-market.js';
import type { VenueCounters } from '../../venue-counters.js';
import type { VenueLimits } from '../../venue-limits.js';
import { bybitLinearBookPayload, bybitLinearLevel } from './bybit-linear-book-payload.js';
import { bybitLinearCategory } from './bybit-linear-rest.js';
import { SimBybitLinearProtocol } from './sim-bybit-linear-protocol.js';
import { bybitSize, type BybitContracts } from './bybit-contracts.js';
import type { SimulatedBook } from '../../simulated-book.js';

export interface BybitLinearSimConfig {
  /** The venue's market of perpetual contracts (`perpetualSymbols` figures: lots, trade sizes). */
  readonly market: SimulatedMarket;
  /** The venue's books over that market. */
  readonly books: SimulatedBooks;
  readonly clock: () => number;
  readonly seed: number;
  /** The venue's limits (`DEFAULT_BYBIT_LINEAR_LIMITS` with overrides, or `{}`). */
  readonly limits: VenueLimits;
  /** The venue's counters, shared with its `SimVenue`. */
  readonly counters: VenueCounters;
  /** Liquidations kept in the log. */
  readonly logCapacity: number;
  /** The funding rate's bound; default `DEFAULT_FUNDING_CAP`. */
  readonly fundingCap?: number;
  /** The category played (`INVERSE_CONTRACTS` for Bybit inverse); default linear. */
  readonly contracts?: BybitContracts;
}

/** What the simulator's Bybit linear venue is made of. */
export interface BybitLinearSim {
  readonly protocol: SimBybitLinearProtocol;
  /** `orderbook.{50,200,1000}` as spot serves them, in linear's framing. */
  readonly bookTopics: BybitBookTopics;
  readonly rest: BybitRest;
  readonly perpetual: PerpetualVenue;
}

/** The Bybit linear venue's parts over one market: one perpetual model feeds the protocol's tickers and liquidations and the REST tickers. */
export function createBybitLinearSim(config: BybitLinearSimConfig): BybitLinearSim {
  const fundingCap = config.fundingCap ?? DEFAULT_FUNDING_CAP;
  const perpetual = {
    market: new PerpetualMarket({ market: config.market, seed: config.seed, clock: config.clock, fundingCap }),
    liquidations: new LiquidationLog(config.logCapacity),
  };
  const { contracts } = config;
  const protocol = new SimBybitLinearProtocol({
    market: config.market,
    perpetual: perpetual.market,
    liquidations: perpetual.liquidations,
    fundingCap,
    ...(contracts === undefined ? {} : { contracts }),
  });
  const level = contracts?.category === 'inverse' ? inverseLevel(contracts) : bybitLinearLevel;
  const bookTopics = new BybitBookTopics({ books: config.books, payload: (book, input) => bybitLinearBookPayload(book, input, level), level });
  const category = bybitLinearCategory({
    market: config.market,
    perpetual: perpetual.market,
    bookTopics,
    books: config.books,
    fundingCap,
    ...(contracts === undefined ? {} : { contracts }),
  });
  const rest = new BybitRest({ market: config.market, clock: config.clock, limits: config.limits, counters: config.counters, category });
  return { protocol, bookTopics, rest, perpetual };
}

/** An inverse level: its price as linear writes it, its size the level's base size at that price in whole USD (`"0"` deleted). */
function inverseLevel(contracts: BybitContracts): (book: SimulatedBook, tick: number, lots: number) => readonly [string, string] {
  return (book, tick, lots) => {
    const price = book.price(tick);
    return [price, lots === 0 ? '0' : bybitSize(contracts, Number(book.size(lots)), Number(price), 0)];
  };
}
