import type { ExchangeId, FeedStatus, TradeEvent } from '../model/index.js';

/**
 * What is known of a trade published before a hole, where the trade itself is not at hand (a shard's
 * previous owner named it in its release): enough to name a hole after it by time and to repair it.
 */
export interface PublishedTrade {
  readonly exchange: ExchangeId;
  readonly symbol: string;
  /** The canonical instrument (`BTC-USDT`). */
  readonly instrument: string;
  /** The venue's trade id, as the trade record has it. */
  readonly tradeId: string;
  readonly exchangeTs: number;
  /** Its price, checked against the venue's history by a repair; absent when not known. */
  readonly price?: number;
}

/**
 * What the operator that named a `gap` knew of it, for its repair (`repairGaps`): the live trade
 * that revealed it and, where trade ids are not consecutive (Bybit), the last live trade before it,
 * or, where no trade of the symbol is known before it, the moment the hole began.
 * Kept beside the status object, not in it: the published record does not change.
 */
export interface GapDetails {
  readonly revealer: TradeEvent;
  readonly before?: TradeEvent | PublishedTrade;
  /**
   * Where nothing of the symbol was published before (a shard taken from a killed instance, a
   * restart): the moment the hole began, ms; the gap ends before the revealing trade.
   */
  readonly since?: number;
}

const details = new WeakMap<FeedStatus, GapDetails>();

/** Notes what a gap status's operator knew of it; returns the status. */
export function withGapDetails(status: FeedStatus, gap: GapDetails): FeedStatus {
  details.set(status, gap);
  return status;
}

/** What the operator that named `status` knew of the gap, if that operator said. */
export function gapDetailsOf(status: FeedStatus): GapDetails | undefined {
  return details.get(status);
}
