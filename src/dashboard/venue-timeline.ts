import type { FeedStatus } from '../model/feed-status.js';
import type { ExchangeId } from '../model/market-record.js';
import type { VenueState, VenuesView } from './venue-state.js';

/** A period a venue spent in one state; `to` is absent for the current one. */
export interface TimelineSegment {
  readonly state: VenueState;
  readonly from: number;
  readonly to?: number;
}

/** A moment worth a tick mark on the timeline: a failover, switch-back, gap, resync or stale symbol. */
export interface TimelineMark {
  readonly ts: number;
  readonly kind: string;
  readonly detail: string;
}

export interface VenueTimeline {
  readonly segments: readonly TimelineSegment[];
  readonly marks: readonly TimelineMark[];
}

export type Timelines = Readonly<Partial<Record<ExchangeId, VenueTimeline>>>;

/** How far back timelines reach, ms; default one hour. */
export const DEFAULT_TIMELINE_SPAN_MS = 3_600_000;

/** Marks kept per venue at most (the oldest go first). */
const MAX_MARKS = 500;

const MARKED_STATES: ReadonlySet<string> = new Set(['failover', 'switch_back', 'gap', 'book_resync', 'data_mismatch', 'all_sources_down', 'geo_blocked']);

function markOf(status: FeedStatus): TimelineMark | undefined {
  const symbolStale = status.symbol !== undefined && (status.state === 'feed_stale' || status.state === 'feed_recovered');
  if (!MARKED_STATES.has(status.state) && !symbolStale) return undefined;
  const route = status.fromExchange === undefined ? '' : `${status.fromExchange} -> ${status.toExchange ?? status.exchange}`;
  return { ts: status.ts, kind: status.state, detail: [status.symbol, route, status.reason].filter((s) => s !== undefined && s !== '').join(' ') };
}

/** Drops what ended before `now - spanMs` and clips the first segment to the span. */
export function pruneTimeline(timeline: VenueTimeline, now: number, spanMs = DEFAULT_TIMELINE_SPAN_MS): VenueTimeline {
  const start = now - spanMs;
  const segments = timeline.segments.filter((s) => (s.to ?? now) >= start);
  const marks = timeline.marks.filter((m) => m.ts >= start);
  return segments.length === timeline.segments.length && marks.length === timeline.marks.length ? timeline : { segments, marks };
}

/**
 * Extends the venues' timelines after a status was folded into `after` (from `before`): a venue
 * whose state changed closes its open segment at the status's time and opens one in the new state;
 * failovers, switch-backs, gaps and resyncs become marks on the venues they name.
 */
export function reduceTimelines(timelines: Timelines, before: VenuesView, after: VenuesView, status: FeedStatus, spanMs = DEFAULT_TIMELINE_SPAN_MS): Timelines {
  const next: Partial<Record<ExchangeId, VenueTimeline>> = { ...timelines };
  for (const [id, venue] of Object.entries(after.venues)) {
    if (venue === undefined || before.venues[id as ExchangeId]?.state === venue.state) continue;
    const current = next[id as ExchangeId] ?? { segments: [], marks: [] };
    const closed = current.segments.map((s, i) => (i === current.segments.length - 1 && s.to === undefined ? { ...s, to: status.ts } : s));
    next[id as ExchangeId] = { segments: [...closed, { state: venue.state, from: status.ts }], marks: current.marks };
  }
  const mark = markOf(status);
  if (mark !== undefined) {
    const named = new Set([status.exchange, ...(status.fromExchange === undefined ? [] : [status.fromExchange])]);
    for (const id of named) {
      const current = next[id] ?? { segments: [], marks: [] };
      next[id] = { segments: current.segments, marks: [...current.marks, mark].slice(-MAX_MARKS) };
    }
  }
  for (const [id, t] of Object.entries(next)) if (t !== undefined) next[id as ExchangeId] = pruneTimeline(t, status.ts, spanMs);
  return next;
}
