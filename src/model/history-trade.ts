/** One trade of a venue's REST history, as its answer wrote it. */
export interface HistoryTrade {
  readonly id: number;
  readonly price: string;
  readonly qty: string;
  readonly time: number;
  readonly isBuyerMaker: boolean;
}

/** One of a venue's latest trades (Bybit spot keeps 60), as its answer wrote it; ids are decimal strings, increasing. */
export interface RecentTrade {
  readonly id: string;
  readonly price: string;
  readonly qty: string;
  readonly time: number;
  readonly isBuyerMaker: boolean;
}
