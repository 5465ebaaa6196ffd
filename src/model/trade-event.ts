import type { MarketRecordBase } from './market-record.js';

/** The taker (aggressor) side of a trade. */
export type Side = 'BUY' | 'SELL';

/** One public trade. */
export interface TradeEvent extends MarketRecordBase {
  readonly type: 'trade';
  /** The venue's trade id, as a string (Bybit ids exceed 2^53). */
  readonly tradeId: string;
  readonly price: number;
  /** Base-asset quantity. */
  readonly quantity: number;
  /** The taker side: Bybit `S`; Binance `m=true` means the buyer was the maker, so `SELL`. */
  readonly side: Side;
  /** True when the buyer was the maker (the seller was the aggressor). */
  readonly isBuyerMaker: boolean;
  /** The venue's cross-sequence number, when it sends one. */
  readonly seq?: number;
  /** `repair` for a trade fetched from the venue's trade history to fill a gap; absent (or `live`) for one read from the stream. */
  readonly source?: TradeSource;
}

/** Where a trade came from: the venue's stream, or its REST history after a gap. */
export type TradeSource = 'live' | 'repair';
