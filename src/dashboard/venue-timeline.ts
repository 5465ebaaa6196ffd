import type { FeedStatus } from '../model/feed-status.js';
import type { ExchangeId } from '../model/market-record.js';
import type { VenueState, VenuesView } from './venue-state.js';

/** A period a venue (or one of its shards) spent in one state; `to` is absent for the current one. */
export interface TimelineSegment {
  readonly state: VenueState;
  readonly from: number;
  readonly to?: number;
}

/** A moment worth a tick mark on the timeline: a failover, switch-back, all sources down, a geo-block (statuses about one symbol stay with its instrument). */
export interface TimelineMark {
  readonly ts: number;
  readonly kind: string;
  readonly detail: string;
  /** The shard it is about; absent for a mark about the whole feed. */
  readonly shard?: string;
}

export interface StateTimeline {
  readonly segments: readonly TimelineSegment[];
  readonly marks: readonly TimelineMark[];
}

/** A venue's timeline (its summed-up state, every mark on it), and each of its shards' own (their states, their failovers). */
export interface VenueTimeline extends StateTimeline {
  readonly shards: Readonly<Record<string, StateTimeline>>;
}

export type Timelines = Readonly<Partial<Record<ExchangeId, VenueTimeline>>>;

/** How far back timelines reach, ms; default one hour. */
export const DEFAULT_TIMELINE_SPAN_MS = 3_600_000;

/** Marks kept per timeline at most (the oldest go first): a whole market's gaps and resyncs stay bounded. */
export const MAX_MARKS = 500;
/** Segments kept per timeline at most (a flapping connection's oldest go first). */
export const MAX_SEGMENTS = 500;

const MARKED_STATES: ReadonlySet<string> = new Set(['failover', 'switch_back', 'all_sources_down', 'geo_blocked', 'catalog_stale']);
const EMPTY_TIMELINE: VenueTimeline = { segments: [], marks: [], shards: {} };
const EMPTY_SHARD_TIMELINE: StateTimeline = { segments: [], marks: [] };

function markOf(status: FeedStatus): TimelineMark | undefined {
  if (status.symbol !== undefined || !MARKED_STATES.has(status.state)) return undefined;
  const shard = status.shard;
  const route = status.fromExchange === undefined ? '' : `${status.fromExchange} -> ${status.toExchange ?? status.exchange}`;
  const detail = [shard === undefined ? undefined : `${shard}:`, route, status.reason].filter((s) => s !== undefined && s !== '').join(' ');
  return { ts: status.ts, kind: status.state, detail, ...(shard === undefined ? {} : { shard }) };
}

/** Drops what ended before `now - spanMs` (the same timeline when nothing did). */
function pruned<T extends StateTimeline>(timeline: T, start: number): T {
  const oldSegment = (timeline.segments[0]?.to ?? Number.POSITIVE_INFINITY) < start;
  const oldMark = (timeline.marks[0]?.ts ?? Number.POSITIVE_INFINITY) < start;
  if (!oldSegment && !oldMark) return timeline;
  return {
    ...timeline,
    segments: oldSegment ? timeline.segments.filter((s) => (s.to ?? Number.POSITIVE_INFINITY) >= start) : timeline.segments,
    marks: oldMark ? timeline.marks.filter((m) => m.ts >= start) : timeline.marks,
  };
}

/** Drops what ended before `now - spanMs`, in the venue's timeline and its shards'. */
export function pruneTimeline(timeline: VenueTimeline, now: number, spanMs = DEFAULT_TIMELINE_SPAN_MS): VenueTimeline {
  const start = now - spanMs;
  const own = pruned(timeline, start);
  let shards: Record<string, StateTimeline> | undefined;
  for (const [id, t] of Object.entries(timeline.shards)) {
    const p = pruned(t, start);
    if (p !== t) (shards ??= { ...timeline.shards })[id] = p;
  }
  return shards === undefined ? own : { ...own, shards };
}

/** Drops the timelines of shards the venue no longer has (retired): per-shard history ends with the shard. */
function withoutRetired(timeline: VenueTimeline, shards: Readonly<Record<string, unknown>>): VenueTimeline {
  const gone = Object.keys(timeline.shards).filter((shard) => shards[shard] === undefined);
  if (gone.length === 0) return timeline;
  const kept = { ...timeline.shards };
  for (const shard of gone) delete kept[shard];
  return { ...timeline, shards: kept };
}

/** Closes the open segment at `ts` and opens one in `state`. */
function moved<T extends StateTimeline>(timeline: T, state: VenueState, ts: number): T {
  const segments = timeline.segments.slice(-(MAX_SEGMENTS - 1));
  const last = segments[segments.length - 1];
  if (last !== undefined && last.to === undefined) segments[segments.length - 1] = { ...last, to: ts };
  segments.push({ state, from: ts });
  return { ...timeline, segments };
}

const marked = <T extends StateTimeline>(timeline: T, mark: TimelineMark): T => ({ ...timeline, marks: [...timeline.marks.slice(-(MAX_MARKS - 1)), mark] });

/**
 * Extends the timelines after a status was folded into `after` (from `before`): a venue whose state
 * changed, or one of whose shards did, closes that timeline's open segment at the status's time and
 * opens one in the new state. Failovers, switch-backs, all-down and geo-blocks become marks on the
 * venues they name (a shard's also on that shard's own timeline there); a status about one symbol
 * marks nothing here: it stays with its instrument (`reduceSymbolStatus`).
 */
export function reduceTimelines(timelines: Timelines, before: VenuesView, after: VenuesView, status: FeedStatus, spanMs = DEFAULT_TIMELINE_SPAN_MS): Timelines {
  if (before === after && markOf(status) === undefined) return timelines;
  const next: Partial<Record<ExchangeId, VenueTimeline>> = { ...timelines };
  for (const [key, venue] of Object.entries(after.venues)) {
    const id = key as ExchangeId;
    const was = before.venues[id];
    if (venue === undefined || was === venue) continue;
    let timeline = next[id] ?? EMPTY_TIMELINE;
    if (was?.state !== venue.state) timeline = moved(timeline, venue.state, status.ts);
    timeline = withoutRetired(timeline, venue.shards);
    for (const [shard, view] of Object.entries(venue.shards)) {
      if (was?.shards[shard]?.state === view.state) continue;
      timeline = { ...timeline, shards: { ...timeline.shards, [shard]: moved(timeline.shards[shard] ?? EMPTY_SHARD_TIMELINE, view.state, status.ts) } };
    }
    next[id] = timeline;
  }
  // A venue whose last shard retired keeps its own timeline for the hour, closed, but not its shards'.
  for (const [key, timeline] of Object.entries(next)) {
    const id = key as ExchangeId;
    if (timeline === undefined || after.venues[id] !== undefined || before.venues[id] === undefined) continue;
    const segments = timeline.segments.map((s, i) => (i === timeline.segments.length - 1 && s.to === undefined ? { ...s, to: status.ts } : s));
    next[id] = { ...withoutRetired(timeline, {}), segments };
  }
  const mark = markOf(status);
  if (mark !== undefined) {
    const named = new Set([status.exchange, ...(status.fromExchange === undefined ? [] : [status.fromExchange])]);
    for (const id of named) {
      let timeline = marked(next[id] ?? EMPTY_TIMELINE, mark);
      if (mark.shard !== undefined)
        timeline = { ...timeline, shards: { ...timeline.shards, [mark.shard]: marked(timeline.shards[mark.shard] ?? EMPTY_SHARD_TIMELINE, mark) } };
      next[id] = timeline;
    }
  }
  for (const [id, t] of Object.entries(next)) if (t !== undefined) next[id as ExchangeId] = pruneTimeline(t, status.ts, spanMs);
  return next;
}
