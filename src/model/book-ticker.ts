import type { MarketRecordBase } from './market-record.js';

/** Best bid and ask (top of book). */
export interface BookTicker extends MarketRecordBase {
  readonly type: 'book_ticker';
  readonly bid: number;
  readonly bidSize: number;
  readonly ask: number;
  readonly askSize: number;
  /** The venue's order-book update id. */
  readonly updateId?: number;
  /** True when the venue sent no event time (Binance spot `@bookTicker`) and `exchangeTs` is `receivedTs`. */
  readonly exchangeTsEstimated: boolean;
}
