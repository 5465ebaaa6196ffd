/** One price level of an L2 order book: a price and the size resting there (base units), both > 0. */
export interface BookLevel {
  readonly price: number;
  readonly size: number;
}

/** Both sides of an L2 order book, best first: bids by price descending, asks by price ascending. */
export interface BookSides {
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
}
