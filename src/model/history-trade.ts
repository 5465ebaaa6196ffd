/** One trade of a venue's REST history, as its answer wrote it. */
export interface HistoryTrade {
  readonly id: number;
  readonly price: string;
  readonly qty: string;
  readonly time: number;
  readonly isBuyerMaker: boolean;
}

/**
 * One of a venue's latest trades (Bybit spot keeps 60, linear 1,000), as its answer wrote it: ids are
 * decimal strings, increasing (Bybit spot, Coinbase), or strings that say nothing of order (Bybit
 * linear's UUIDs), where the time and the answer's order place it.
 */
export interface RecentTrade {
  readonly id: string;
  readonly price: string;
  readonly qty: string;
  readonly time: number;
  readonly isBuyerMaker: boolean;
}
