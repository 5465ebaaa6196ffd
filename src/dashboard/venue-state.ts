import type { ExchangeId } from '../model/market-record.js';
import type { FeedStatus } from '../model/feed-status.js';

/** What the page shows for a venue (or one of its connection shards). */
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
  | 'disconnected';

/** One venue's state as of its latest feed-status record. */
export interface VenueView {
  readonly exchange: ExchangeId;
  readonly state: VenueState;
  /** The feed-status reason behind the state. */
  readonly reason: string;
  /** When the venue entered `state`, epoch ms. */
  readonly since: number;
  /** True for the venue the pipeline reads from. */
  readonly active: boolean;
  /** Per connection shard (connection id): its own state, for venues that spread symbols over sockets. */
  readonly shards: Readonly<Record<string, VenueState>>;
}

/** Venue state by venue, plus whether every source is down. */
export interface VenuesView {
  readonly venues: Readonly<Partial<Record<ExchangeId, VenueView>>>;
  readonly allDown: boolean;
  /** The venue the pipeline reads from, as last announced. */
  readonly activeExchange?: ExchangeId;
}

const HARD_STATES: ReadonlySet<VenueState> = new Set(['geo_blocked', 'down', 'all_down']);

export const EMPTY_VENUES: VenuesView = { venues: {}, allDown: false };

/** The state a connection-level status puts its venue in; undefined for statuses that change none (gap, duplicate_dropped). */
export function venueStateOf(state: FeedStatus['state']): VenueState | undefined {
  switch (state) {
    case 'connecting': return 'connecting';
    case 'connected': return 'connected';
    case 'subscribed':
    case 'feed_recovered': return 'subscribed';
    case 'feed_stale': return 'stale';
    case 'retry_scheduled': return 'reconnecting';
    case 'retries_exhausted': return 'down';
    case 'disconnected': return 'disconnected';
    case 'geo_blocked': return 'geo_blocked';
    case 'all_sources_down': return 'all_down';
    default: return undefined;
  }
}

function withState(previous: VenueView | undefined, exchange: ExchangeId, state: VenueState, status: FeedStatus, active: boolean): VenueView {
  const shards = { ...(previous?.shards ?? {}) };
  if (status.connectionId !== undefined && status.state !== 'failover' && status.state !== 'switch_back') shards[status.connectionId] = state;
  if (state === 'disconnected' && status.connectionId !== undefined) delete shards[status.connectionId];
  const since = previous?.state === state ? previous.since : status.ts;
  return { exchange, state, reason: status.reason, since, active, shards };
}

/**
 * Folds one feed-status record into the venues' view. Failover marks the venue left `failed_over`
 * and the venue taken active; switch-back puts the fallback on `standby`; `all_sources_down` marks
 * every known venue; symbol-level statuses (a stale symbol) do not change the venue's state.
 */
export function reduceVenues(view: VenuesView, status: FeedStatus): VenuesView {
  const venues: Partial<Record<ExchangeId, VenueView>> = { ...view.venues };
  const activeExchange = status.activeExchange ?? view.activeExchange;
  const isActive = (exchange: ExchangeId): boolean => exchange === activeExchange;
  if (status.state === 'failover' || status.state === 'switch_back') {
    const to = status.toExchange ?? status.exchange;
    const from = status.fromExchange;
    if (from !== undefined && from !== to) venues[from] = withState(venues[from], from, status.state === 'failover' ? 'failed_over' : 'standby', status, false);
    const previous = venues[to];
    const state: VenueState = previous === undefined || previous.state === 'failed_over' || previous.state === 'standby' ? 'subscribed' : previous.state;
    venues[to] = withState(previous, to, state, status, true);
    for (const [id, v] of Object.entries(venues)) if (id !== to && v !== undefined && v.active) venues[id as ExchangeId] = { ...v, active: false };
    return { venues, allDown: false, activeExchange: to };
  }
  if (status.state === 'all_sources_down') {
    for (const [id, v] of Object.entries(venues)) if (v !== undefined) venues[id as ExchangeId] = withState(v, v.exchange, 'all_down', status, false);
    venues[status.exchange] ??= withState(undefined, status.exchange, 'all_down', status, false);
    return { venues, allDown: true, ...(activeExchange === undefined ? {} : { activeExchange }) };
  }
  const state = venueStateOf(status.state);
  if (state === undefined || status.symbol !== undefined) return view;
  const previous = venues[status.exchange];
  // A venue that was left keeps `failed_over`/`standby` while it is not active (probes of it come and go),
  // unless it is blocked or given up.
  const left = previous !== undefined && (previous.state === 'failed_over' || previous.state === 'standby') && !isActive(status.exchange);
  const kept = left && !HARD_STATES.has(state) ? previous.state : state;
  venues[status.exchange] = withState(previous, status.exchange, kept, status, isActive(status.exchange));
  const allDown = view.allDown && state !== 'subscribed' && state !== 'connected';
  return { venues, allDown, ...(activeExchange === undefined ? {} : { activeExchange }) };
}
