import type { MarketRecordBase } from './market-record.js';
import type { Side } from './trade-event.js';

/**
 * Binance `<sym>@aggTrade`: the fills of one taker order at one price, summed. Its id is the
 * venue's aggregate trade id, a sequence of its own: it never meets trade ids (no de-duplication
 * or gap detection against `TradeEvent`s), and it has its own topic.
 */
export interface AggTrade extends MarketRecordBase {
  readonly type: 'agg_trade';
  /** Aggregate trade id (`a`), increasing per symbol. */
  readonly aggTradeId: number;
  readonly price: number;
  /** Base-asset quantity of all the fills. */
  readonly quantity: number;
  /** First and last trade id (`f`, `l`) of the fills, inclusive. */
  readonly firstTradeId: number;
  readonly lastTradeId: number;
  /** The taker side: `m=true` (buyer is maker) means `SELL`. */
  readonly side: Side;
  readonly isBuyerMaker: boolean;
}
