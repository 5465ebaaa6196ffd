import type { ExchangeId } from '../model/market-record.js';
import type { FeedStatus } from '../model/feed-status.js';

/** What the page shows for a venue or one of its connection shards; `partial`: a venue whose shards are not all in one state. */
export type VenueState =
  | 'connecting'
  | 'connected'
  | 'subscribed'
  | 'stale'
  | 'reconnecting'
  | 'failed_over'
  | 'standby'
  | 'geo_blocked'
  | 'down'
  | 'all_down'
  | 'disconnected'
  | 'partial';

/** One connection shard at one venue (the venue's socket for the shard's instruments). */
export interface ShardView {
  readonly state: VenueState;
  /** The feed-status reason behind the state. */
  readonly reason: string;
  /** When the shard entered `state` at this venue, epoch ms. */
  readonly since: number;
  /** True while the shard reads from this venue. */
  readonly active: boolean;
  /** Instruments the shard serves, as its latest status named them. */
  readonly instruments: number;
}

/** One venue's state: its own (statuses about the whole feed), or summed up from its shards when statuses name them. */
export interface VenueView {
  readonly exchange: ExchangeId;
  /** With shards: their common state, or `partial` when they differ (see `shards` for how many are in which). */
  readonly state: VenueState;
  /** The feed-status reason behind the latest change. */
  readonly reason: string;
  /** When the venue entered `state`, epoch ms. */
  readonly since: number;
  /** True for a venue the pipeline reads from (for at least one shard). */
  readonly active: boolean;
  /** Per connection shard (`status.shard`): its state at this venue. */
  readonly shards: Readonly<Record<string, ShardView>>;
}

/** A shard across the venues of its chain. */
export interface ShardRoute {
  /** The venue it reads from, once known (its first status, then failovers and switch-backs). */
  readonly active?: ExchangeId;
  /** True after `all_sources_down` until one of its venues is connected again. */
  readonly down: boolean;
}

/** Venue state by venue, plus whether every source is down. */
export interface VenuesView {
  readonly venues: Readonly<Partial<Record<ExchangeId, VenueView>>>;
  readonly allDown: boolean;
  /** The venue the pipeline reads from (with shards: the one most shards read from), as last announced. */
  readonly activeExchange?: ExchangeId;
  /** Every shard seen, by id. */
  readonly shards: Readonly<Record<string, ShardRoute>>;
  /** Each venue's instrument list as its catalog statuses last said. */
  readonly catalogs: Readonly<Partial<Record<ExchangeId, 'ready' | 'stale'>>>;
}

/** States a venue or shard that was left takes anyway (blocked, given up, all down). */
export const HARD_STATES: ReadonlySet<VenueState> = new Set(['geo_blocked', 'down', 'all_down']);
/** The states of a venue or shard that was left (failed over from, switched back from). */
export const LEFT_STATES: ReadonlySet<VenueState> = new Set(['failed_over', 'standby']);

export const EMPTY_VENUES: VenuesView = { venues: {}, allDown: false, shards: {}, catalogs: {} };

/** The state a connection-level status puts its venue in; undefined for statuses that change none (gap, duplicate_dropped). */
export function venueStateOf(state: FeedStatus['state']): VenueState | undefined {
  switch (state) {
    case 'connecting':
      return 'connecting';
    case 'connected':
      return 'connected';
    case 'subscribed':
    case 'feed_recovered':
      return 'subscribed';
    case 'feed_stale':
      return 'stale';
    case 'retry_scheduled':
      return 'reconnecting';
    case 'retries_exhausted':
      return 'down';
    case 'disconnected':
      return 'disconnected';
    case 'geo_blocked':
      return 'geo_blocked';
    case 'all_sources_down':
      return 'all_down';
    default:
      return undefined;
  }
}

/** How many of a venue's shards are in each state. */
export function shardCounts(venue: Pick<VenueView, 'shards'>): Readonly<Partial<Record<VenueState, number>>> {
  const counts: Partial<Record<VenueState, number>> = {};
  for (const shard of Object.values(venue.shards)) counts[shard.state] = (counts[shard.state] ?? 0) + 1;
  return counts;
}

/** A venue in `state` after `status`, keeping when it entered it. */
export function withState(previous: VenueView | undefined, exchange: ExchangeId, state: VenueState, status: FeedStatus, active: boolean): VenueView {
  const since = previous?.state === state ? previous.since : status.ts;
  return { exchange, state, reason: status.reason, since, active, shards: previous?.shards ?? {} };
}
