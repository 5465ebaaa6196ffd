import type { FeedState, FeedStatus } from '../model/feed-status.js';
import type { ExchangeId } from '../model/market-record.js';
import { GeoBlockedError } from './feed-errors.js';

/** A connection-level status record. */
export function feedStatusOf(exchange: ExchangeId, state: FeedState, reason: string, ts: number, connectionId?: string): FeedStatus {
  return { type: 'feed_status', exchange, state, reason, ts, ...(connectionId === undefined ? {} : { connectionId }) };
}

/** The status emitted just before a feed errors: `geo_blocked` for geo-blocks, else `disconnected`. */
export function statusForError(exchange: ExchangeId, error: unknown, ts: number): FeedStatus {
  const reason = error instanceof Error ? error.message : String(error);
  return feedStatusOf(exchange, error instanceof GeoBlockedError ? 'geo_blocked' : 'disconnected', reason, ts);
}
