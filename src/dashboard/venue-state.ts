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

const HARD_STATES: ReadonlySet<VenueState> = new Set(['geo_blocked', 'down', 'all_down']);
const LEFT_STATES: ReadonlySet<VenueState> = new Set(['failed_over', 'standby']);

export const EMPTY_VENUES: VenuesView = { venues: {}, allDown: false, shards: {}, catalogs: {} };

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

/** How many of a venue's shards are in each state. */
export function shardCounts(venue: Pick<VenueView, 'shards'>): Readonly<Partial<Record<VenueState, number>>> {
  const counts: Partial<Record<VenueState, number>> = {};
  for (const shard of Object.values(venue.shards)) counts[shard.state] = (counts[shard.state] ?? 0) + 1;
  return counts;
}

function withState(previous: VenueView | undefined, exchange: ExchangeId, state: VenueState, status: FeedStatus, active: boolean): VenueView {
  const since = previous?.state === state ? previous.since : status.ts;
  return { exchange, state, reason: status.reason, since, active, shards: previous?.shards ?? {} };
}

/** A venue after one of its shards changed: its state is the shards' common one, else `partial`. */
function summed(previous: VenueView | undefined, exchange: ExchangeId, shards: Readonly<Record<string, ShardView>>, status: FeedStatus): VenueView {
  let state: VenueState | undefined;
  let active = false;
  for (const shard of Object.values(shards)) {
    state = state === undefined || state === shard.state ? shard.state : 'partial';
    active ||= shard.active;
  }
  const next = withState(previous, exchange, state ?? 'disconnected', status, active);
  return { ...next, shards };
}

function shardOf(previous: ShardView | undefined, state: VenueState, status: FeedStatus, active: boolean): ShardView {
  return {
    state, reason: status.reason, since: previous?.state === state ? previous.since : status.ts, active,
    instruments: status.instruments?.length ?? previous?.instruments ?? 0,
  };
}

/** The venue most shards read from; `fallback` when no shard names one. */
function mostActive(shards: Readonly<Record<string, ShardRoute>>, fallback: ExchangeId | undefined): ExchangeId | undefined {
  const counts = new Map<ExchangeId, number>();
  for (const route of Object.values(shards)) if (route.active !== undefined) counts.set(route.active, (counts.get(route.active) ?? 0) + 1);
  let best = fallback;
  let most = 0;
  for (const [exchange, n] of counts) if (n > most) [best, most] = [exchange, n];
  return best;
}

/** A shard that left the plan says so: `disconnected` with no instruments left (nothing is about them any more). */
export const isRetirement = (status: FeedStatus): boolean => status.shard !== undefined && status.state === 'disconnected' && status.instruments?.length === 0;

/** Drops a retired shard from every venue and from the routes; a venue left without shards is dropped too. */
function retired(view: VenuesView, status: FeedStatus, id: string): VenuesView {
  if (view.shards[id] === undefined && !Object.values(view.venues).some((v) => v?.shards[id] !== undefined)) return view;
  const venues: Partial<Record<ExchangeId, VenueView>> = { ...view.venues };
  for (const [key, venue] of Object.entries(view.venues)) {
    if (venue?.shards[id] === undefined) continue;
    const { [id]: _gone, ...rest } = venue.shards;
    if (Object.keys(rest).length === 0) delete venues[key as ExchangeId];
    else venues[key as ExchangeId] = summed(venue, venue.exchange, rest, status);
  }
  const { [id]: _route, ...shards } = view.shards;
  const routes = Object.values(shards);
  const activeExchange = mostActive(shards, view.activeExchange);
  return { ...view, venues, shards, allDown: routes.length > 0 && routes.every((r) => r.down), ...(activeExchange === undefined ? {} : { activeExchange }) };
}

/**
 * Folds a status about one shard: only that shard's entries change (at the venue it names, and on
 * failover, switch-back and all-down at the venues of its route), and each venue touched is summed up
 * again. A failover of one shard leaves the venue's other shards as they were.
 */
function reduceShard(view: VenuesView, status: FeedStatus, id: string): VenuesView {
  if (isRetirement(status)) return retired(view, status, id);
  const venues: Partial<Record<ExchangeId, VenueView>> = { ...view.venues };
  const route = view.shards[id];
  const setShard = (exchange: ExchangeId, step: (shards: Record<string, ShardView>) => void): void => {
    const shards = { ...(venues[exchange]?.shards ?? {}) };
    step(shards);
    venues[exchange] = summed(venues[exchange], exchange, shards, status);
  };
  let next: ShardRoute;
  if (status.state === 'failover' || status.state === 'switch_back') {
    const to = status.toExchange ?? status.exchange;
    const from = status.fromExchange ?? route?.active;
    if (from !== undefined && from !== to) setShard(from, (shards) => (shards[id] = shardOf(shards[id], status.state === 'failover' ? 'failed_over' : 'standby', status, false)));
    setShard(to, (shards) => {
      const previous = shards[id];
      const state = previous === undefined || LEFT_STATES.has(previous.state) || previous.state === 'all_down' ? 'subscribed' : previous.state;
      shards[id] = shardOf(previous, state, status, true);
    });
    next = { active: to, down: false };
  } else if (status.state === 'all_sources_down') {
    for (const [exchange, venue] of Object.entries(venues)) if (venue?.shards[id] !== undefined) setShard(exchange as ExchangeId, (shards) => (shards[id] = shardOf(shards[id], 'all_down', status, false)));
    if (venues[status.exchange]?.shards[id] === undefined) setShard(status.exchange, (shards) => (shards[id] = shardOf(undefined, 'all_down', status, false)));
    next = { ...(route?.active === undefined ? {} : { active: route.active }), down: true };
  } else {
    const state = venueStateOf(status.state);
    if (state === undefined) return view;
    // Only the venue a shard reads from speaks for it; the first status names that venue.
    const active = route?.active ?? status.exchange;
    setShard(status.exchange, (shards) => {
      const previous = shards[id];
      const left = previous !== undefined && LEFT_STATES.has(previous.state) && active !== status.exchange;
      shards[id] = shardOf(previous, left && !HARD_STATES.has(state) ? previous.state : state, status, active === status.exchange);
    });
    next = { active, down: (route?.down ?? false) && state !== 'subscribed' && state !== 'connected' };
  }
  const shards = { ...view.shards, [id]: next };
  const routes = Object.values(shards);
  const allDown = routes.length > 0 && routes.every((r) => r.down);
  const activeExchange = mostActive(shards, view.activeExchange);
  return { ...view, venues, shards, allDown, ...(activeExchange === undefined ? {} : { activeExchange }) };
}

/**
 * Folds a status about the whole feed (no shard, no symbol: older records, `replay`). Failover marks
 * the venue left `failed_over` and the venue taken active; switch-back puts the fallback on `standby`;
 * `all_sources_down` marks every known venue.
 */
function reduceWholeFeed(view: VenuesView, status: FeedStatus): VenuesView {
  const venues: Partial<Record<ExchangeId, VenueView>> = { ...view.venues };
  const activeExchange = status.activeExchange ?? view.activeExchange;
  const isActive = (exchange: ExchangeId): boolean => exchange === activeExchange;
  if (status.state === 'failover' || status.state === 'switch_back') {
    const to = status.toExchange ?? status.exchange;
    const from = status.fromExchange;
    if (from !== undefined && from !== to) venues[from] = withState(venues[from], from, status.state === 'failover' ? 'failed_over' : 'standby', status, false);
    const previous = venues[to];
    const state: VenueState = previous === undefined || LEFT_STATES.has(previous.state) ? 'subscribed' : previous.state;
    venues[to] = withState(previous, to, state, status, true);
    for (const [id, v] of Object.entries(venues)) if (id !== to && v !== undefined && v.active) venues[id as ExchangeId] = { ...v, active: false };
    return { ...view, venues, allDown: false, activeExchange: to };
  }
  if (status.state === 'all_sources_down') {
    for (const [id, v] of Object.entries(venues)) if (v !== undefined) venues[id as ExchangeId] = withState(v, v.exchange, 'all_down', status, false);
    venues[status.exchange] ??= withState(undefined, status.exchange, 'all_down', status, false);
    return { ...view, venues, allDown: true, ...(activeExchange === undefined ? {} : { activeExchange }) };
  }
  const state = venueStateOf(status.state);
  if (state === undefined) return view;
  const previous = venues[status.exchange];
  // A venue that was left keeps `failed_over`/`standby` while it is not active (probes of it come and go),
  // unless it is blocked or given up.
  const left = previous !== undefined && LEFT_STATES.has(previous.state) && !isActive(status.exchange);
  venues[status.exchange] = withState(previous, status.exchange, left && !HARD_STATES.has(state) ? previous.state : state, status, isActive(status.exchange));
  const allDown = view.allDown && state !== 'subscribed' && state !== 'connected';
  return { ...view, venues, allDown, ...(activeExchange === undefined ? {} : { activeExchange }) };
}

const CATALOG: Partial<Record<FeedStatus['state'], 'ready' | 'stale'>> = { catalog_ready: 'ready', catalog_recovered: 'ready', catalog_stale: 'stale' };

/**
 * Folds one feed-status record into the venues' view, by what the status is about: one symbol
 * (changes no venue: its instrument shows it), one shard (that shard only), or the whole feed.
 * A venue's catalog statuses say whether its instrument list is current.
 */
export function reduceVenues(view: VenuesView, status: FeedStatus): VenuesView {
  if (status.symbol !== undefined) return view;
  const catalog = CATALOG[status.state];
  if (catalog !== undefined) return view.catalogs[status.exchange] === catalog ? view : { ...view, catalogs: { ...view.catalogs, [status.exchange]: catalog } };
  return status.shard === undefined ? reduceWholeFeed(view, status) : reduceShard(view, status, status.shard);
}
