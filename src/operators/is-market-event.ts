import type { FeedEvent, FeedStatus, MarketEvent } from '../model/index.js';

/** True for a feed-status record (`type: 'feed_status'`), whatever the stream's element type. */
export function isFeedStatus(value: unknown): value is FeedStatus {
  return typeof value === 'object' && value !== null && (value as { readonly type?: unknown }).type === 'feed_status';
}

/** True for market data (trade, price tick, book ticker): what counts as "data" for liveness. */
export function isMarketEvent(event: FeedEvent): event is MarketEvent {
  return event.type !== 'feed_status';
}
