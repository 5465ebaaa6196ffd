import type { FeedState, FeedStatus } from '../model/feed-status.js';
import type { ExchangeId } from '../model/market-record.js';
import { GeoBlockedError } from './feed-errors.js';
import { VENUES } from './venues.js';

/** A connection-level status record. */
export function feedStatusOf(exchange: ExchangeId, state: FeedState, reason: string, ts: number, connectionId?: string): FeedStatus {
  return { type: 'feed_status', exchange, state, reason, ts, ...(connectionId === undefined ? {} : { connectionId }) };
}

/**
 * The status emitted just before a feed errors: `geo_blocked` for geo-blocks, with what the venue's
 * definition tells a refused user to do (`geoBlockedHint`: OKX's region setting), else `disconnected`.
 */
export function statusForError(exchange: ExchangeId, error: unknown, ts: number): FeedStatus {
  const reason = error instanceof Error ? error.message : String(error);
  if (!(error instanceof GeoBlockedError)) return feedStatusOf(exchange, 'disconnected', reason, ts);
  const hint = VENUES[exchange].geoBlockedHint;
  return feedStatusOf(exchange, 'geo_blocked', hint === undefined ? reason : `${reason}; ${hint}`, ts);
}
