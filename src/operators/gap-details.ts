import type { FeedStatus, TradeEvent } from '../model/index.js';

/**
 * What the operator that named a `gap` knew of it, for its repair (`repairGaps`): the live trade
 * that revealed it and, where trade ids are not consecutive (Bybit), the last live trade before it,
 * or, where no trade of the symbol is known before it, the moment the hole began.
 * Kept beside the status object, not in it: the published record does not change.
 */
export interface GapDetails {
  readonly revealer: TradeEvent;
  readonly before?: TradeEvent;
  /**
   * Where ids are consecutive but nothing of the symbol was published before (a shard taken from a
   * killed instance): the moment the hole began, ms; the gap ends before the revealing trade's id.
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
