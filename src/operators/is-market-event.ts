import { pollConnectionId, type ExchangeId, type FeedEvent, type FeedStatus, type MarketEvent, type OrderBookView } from '../model/index.js';

/** True for a feed-status record (`type: 'feed_status'`), whatever the stream's element type. */
export function isFeedStatus(value: unknown): value is FeedStatus {
  return typeof value === 'object' && value !== null && (value as { readonly type?: unknown }).type === 'feed_status';
}

/** True for a market event (trade, price tick, book ticker); not for a live book view. */
export function isMarketEvent(event: FeedEvent): event is MarketEvent {
  return event.type !== 'feed_status' && event.type !== 'order_book';
}

/** True for market data, live book views included. */
export function isMarketData(event: FeedEvent): event is MarketEvent | OrderBookView {
  return event.type !== 'feed_status';
}

/**
 * True for market data a venue's socket delivered: what counts as "data" for liveness and failover. A
 * value a feed read over REST by a poll (`pollConnectionId`, open interest) does not: a venue whose
 * stream is stalled may go on answering REST, and its polled values would hide the stall.
 */
export function isStreamedData(event: FeedEvent): event is MarketEvent | OrderBookView {
  return isMarketData(event) && !(event.type !== 'order_book' && event.connectionId === polledBy(event.exchange));
}

/** Each venue's poll `connectionId`, built once (asked of every record on the feed's path). */
const POLL_IDS = new Map<ExchangeId, string>();

function polledBy(exchange: ExchangeId): string {
  let id = POLL_IDS.get(exchange);
  if (id === undefined) {
    id = pollConnectionId(exchange);
    POLL_IDS.set(exchange, id);
  }
  return id;
}
