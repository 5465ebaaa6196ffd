import { PriceGrid } from './price-grid.js';
import { RateSchedule } from './rate-schedule.js';
import { SimulatedBook, type BookAnchor, type BookChange } from './simulated-book.js';
import { seededRandom } from './seeded-random.js';
import type { SimulatedMarket, SymbolState } from './simulated-market.js';

export interface SimulatedBooksConfig {
  /** The venue's market: each book follows its symbol's best bid/ask. */
  readonly market: SimulatedMarket;
  /** Seed of the books' own random source (kept apart from the market's, so trades stay as they were). */
  readonly seed: number;
  /** Levels per side; default `DEFAULT_SIM_BOOK_DEPTH` (1000). */
  readonly depth?: number;
  /**
   * Create the book of every symbol listed at the start (default true); false creates each book on
   * first use, as a universe of thousands of symbols needs (a 1000-level book is about 80 kB).
   */
  readonly eager?: boolean;
  /** Changes per second away from trades of a symbol without a trade rate of its own. Default 20. */
  readonly churnPerSecond?: number;
  /** Changes per trade of a symbol with a trade rate of its own (at least 0.05 a second). Default 0.5. */
  readonly churnPerTrade?: number;
  /** Chance that a change is a requote of 10 to 40 levels (`SimulatedBookConfig.requoteChance`). Default 0.005. */
  readonly requoteChance?: number;
  /**
   * Where a symbol's book has its touch: default its market state's best bid and ask; a venue that
   * quotes around a mark of its own gives its quote (Bybit's options), moved by `requote`.
   */
  readonly touch?: (symbol: string, state: SymbolState) => BookAnchor;
}

export const DEFAULT_SIM_BOOKS_CHURN = { churnPerSecond: 20, churnPerTrade: 0.5, requoteChance: 0.005 } as const;

/**
 * One venue's simulated books, one per symbol of its market, created up front or on first use. A
 * book changes when its symbol trades (it follows the touch) and by churn (resizes, removals,
 * insertions, rare requotes) at a rate per symbol, scheduled so that a step visits only the books
 * due: a busy symbol's book changes every few ms, the long tail's once in minutes. Levels are spaced
 * by the symbol's price volatility, so that a trade moves the touch by a level or two, as on a real
 * book, and a delta mostly carries a few levels.
 */
export class SimulatedBooks {
  private readonly books = new Map<string, SimulatedBook>();
  private readonly created: ((book: SimulatedBook) => void)[] = [];
  private readonly churn = new RateSchedule<string>();
  private readonly moved: Set<string>;
  private clock = 0;
  private marketVersion = -1;

  constructor(private readonly config: SimulatedBooksConfig) {
    this.moved = config.market.watch();
    if (config.eager ?? true) for (const symbol of config.market.symbols) this.book(symbol);
  }

  get market(): SimulatedMarket {
    return this.config.market;
  }

  /** Symbols whose book exists. */
  get symbols(): readonly string[] {
    return [...this.books.keys()];
  }

  /** Calls `listener` with every book that exists and each one created later. */
  onCreate(listener: (book: SimulatedBook) => void): void {
    this.created.push(listener);
    for (const book of this.books.values()) listener(book);
  }

  /** The symbol's book, created on first use; undefined for a symbol the market does not list. */
  book(symbol: string): SimulatedBook | undefined {
    const found = this.books.get(symbol);
    if (found !== undefined) return found;
    const { market, seed } = this.config;
    const listing = market.listing(symbol);
    const state = market.state(symbol);
    if (listing === undefined || state === undefined || !market.has(symbol)) return undefined;
    const random = seededRandom((seed ^ 0xb00c5) + listing.index * 7919);
    const book = new SimulatedBook(
      {
        symbol,
        priceDecimals: state.priceDecimals,
        // A listing's own tick: the coarsest of its steps, on the grid at any price.
        ...(listing.priceTick === undefined ? {} : { tickUnits: new PriceGrid(listing.priceDecimals, listing.priceTick).coarsestUnits }),
        sizeDecimals: listing.sizeDecimals,
        random,
        firstUpdateId: 1_000_000_000 * (listing.index + 1) + Math.floor(random() * 1_000_000),
        spacing: listing.volatility / 4,
        requoteChance: this.config.requoteChance ?? DEFAULT_SIM_BOOKS_CHURN.requoteChance,
        ...(this.config.depth === undefined ? {} : { depth: this.config.depth }),
      },
      this.touchOf(symbol, state),
    );
    this.books.set(symbol, book);
    this.churn.set(symbol, this.churnRate(symbol), this.clock);
    for (const listener of this.created) listener(book);
    return book;
  }

  /** The symbol's touch moved without a trade (a venue's own quote): its book steps to it at the next `advance`. */
  requote(symbol: string): void {
    this.moved.add(symbol);
  }

  /**
   * Advances the books' clock by `elapsedMs` and steps the books that are due and `followed`: those
   * whose symbol traded since (they move to the new best bid/ask) and those owed churn; returns
   * each stepped symbol's changed levels. A book nobody follows stands still; when followed again,
   * its next step jumps to the price of the moment, as after a gap.
   */
  advance(elapsedMs: number, followed: (symbol: string) => boolean): ReadonlyMap<string, readonly BookChange[]> {
    this.syncListings();
    this.clock += elapsedMs;
    const operations = new Map<string, number>();
    for (const symbol of this.moved) operations.set(symbol, 0);
    this.moved.clear();
    for (const [symbol, count] of this.churn.due(this.clock)) operations.set(symbol, (operations.get(symbol) ?? 0) + count);
    const changes = new Map<string, readonly BookChange[]>();
    for (const [symbol, count] of operations) {
      const book = this.books.get(symbol);
      if (book === undefined || !followed(symbol)) continue;
      const state = this.config.market.state(symbol);
      if (state !== undefined) changes.set(symbol, book.step(this.touchOf(symbol, state), count));
    }
    return changes;
  }

  /** Steps every book of the `active` symbols (default all) once, now, with 1 to 4 changes each; returns the changed levels. */
  step(active: (symbol: string) => boolean = () => true): ReadonlyMap<string, readonly BookChange[]> {
    const changes = new Map<string, readonly BookChange[]>();
    for (const [symbol, book] of this.books) {
      const state = this.config.market.state(symbol);
      if (state !== undefined && active(symbol)) changes.set(symbol, book.step(this.touchOf(symbol, state)));
    }
    return changes;
  }

  private touchOf(symbol: string, state: SymbolState): BookAnchor {
    return this.config.touch?.(symbol, state) ?? state;
  }

  /** Changes per second of a book away from trades: none while its symbol does not trade. */
  private churnRate(symbol: string): number {
    const { market } = this.config;
    if (!market.isTrading(symbol)) return 0;
    const rate = market.listing(symbol)?.tradesPerSecond;
    if (rate === undefined) return this.config.churnPerSecond ?? DEFAULT_SIM_BOOKS_CHURN.churnPerSecond;
    return Math.max(0.05, rate * (this.config.churnPerTrade ?? DEFAULT_SIM_BOOKS_CHURN.churnPerTrade));
  }

  /** After a listing change, every book's churn follows its symbol's status. */
  private syncListings(): void {
    if (this.marketVersion === this.config.market.version) return;
    this.marketVersion = this.config.market.version;
    for (const symbol of this.books.keys()) this.churn.set(symbol, this.churnRate(symbol), this.clock);
  }
}
