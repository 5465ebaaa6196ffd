import type { FeedStatus } from '../model/feed-status.js';
import type { ExchangeId } from '../model/market-record.js';
import {
  HARD_STATES,
  LEFT_STATES,
  venueStateOf,
  withState,
  type ShardRoute,
  type ShardView,
  type VenueState,
  type VenueView,
  type VenuesView,
} from './venue-view.js';

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
    state,
    reason: status.reason,
    since: previous?.state === state ? previous.since : status.ts,
    active,
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
export function reduceShard(view: VenuesView, status: FeedStatus, id: string): VenuesView {
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
    if (from !== undefined && from !== to)
      setShard(from, (shards) => (shards[id] = shardOf(shards[id], status.state === 'failover' ? 'failed_over' : 'standby', status, false)));
    setShard(to, (shards) => {
      const previous = shards[id];
      const state = previous === undefined || LEFT_STATES.has(previous.state) || previous.state === 'all_down' ? 'subscribed' : previous.state;
      shards[id] = shardOf(previous, state, status, true);
    });
    next = { active: to, down: false };
  } else if (status.state === 'all_sources_down') {
    for (const [exchange, venue] of Object.entries(venues))
      if (venue?.shards[id] !== undefined) setShard(exchange as ExchangeId, (shards) => (shards[id] = shardOf(shards[id], 'all_down', status, false)));
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
