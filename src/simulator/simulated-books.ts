import { SimulatedBook, type BookChange } from './simulated-book.js';
import { seededRandom } from './seeded-random.js';
import type { SimulatedMarket } from './simulated-market.js';

export interface SimulatedBooksConfig {
  /** The venue's market: each book follows its symbol's best bid/ask. */
  readonly market: SimulatedMarket;
  /** Seed of the books' own random source (kept apart from the market's, so trades stay as they were). */
  readonly seed: number;
  /** Levels per side; default `DEFAULT_SIM_BOOK_DEPTH` (1000). */
  readonly depth?: number;
}

/** One venue's simulated books, one per symbol of its market, stepped together. */
export class SimulatedBooks {
  private readonly books = new Map<string, SimulatedBook>();

  constructor(private readonly config: SimulatedBooksConfig) {
    const random = seededRandom(config.seed ^ 0xb00c5);
    config.market.symbols.forEach((symbol, index) => {
      const state = config.market.state(symbol);
      if (state === undefined) return;
      const firstUpdateId = 1_000_000_000 * (index + 1) + Math.floor(random() * 1_000_000);
      this.books.set(symbol, new SimulatedBook({ symbol, priceDecimals: state.priceDecimals, firstUpdateId, random, ...(config.depth === undefined ? {} : { depth: config.depth }) }, state));
    });
  }

  get symbols(): readonly string[] {
    return [...this.books.keys()];
  }

  book(symbol: string): SimulatedBook | undefined {
    return this.books.get(symbol);
  }

  /** Moves every book to its symbol's current best bid/ask; returns each symbol's changed levels. */
  step(): ReadonlyMap<string, readonly BookChange[]> {
    const changes = new Map<string, readonly BookChange[]>();
    for (const [symbol, book] of this.books) {
      const state = this.config.market.state(symbol);
      if (state !== undefined) changes.set(symbol, book.step(state));
    }
    return changes;
  }
}
