import type { ExchangeId } from '../model/market-record.js';
import type { FeedStatus } from '../model/feed-status.js';
import { reduceShard } from './shard-venues.js';
import { HARD_STATES, LEFT_STATES, venueStateOf, withState, type VenueState, type VenueView, type VenuesView } from './venue-view.js';

export * from './venue-view.js';

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
  // A venue that was left keeps `failed_over`/`standby` while another is active (probes of it come and go),
  // unless it is blocked or given up. While no venue is known to be active, a listed venue on standby
  // takes what its connection says.
  const left = activeExchange !== undefined && previous !== undefined && LEFT_STATES.has(previous.state) && !isActive(status.exchange);
  venues[status.exchange] = withState(previous, status.exchange, left && !HARD_STATES.has(state) ? previous.state : state, status, isActive(status.exchange));
  const allDown = view.allDown && state !== 'subscribed' && state !== 'connected';
  return { ...view, venues, allDown, ...(activeExchange === undefined ? {} : { activeExchange }) };
}

const CATALOG: Partial<Record<FeedStatus['state'], 'ready' | 'stale'>> = { catalog_ready: 'ready', catalog_recovered: 'ready', catalog_stale: 'stale' };

/**
 * A venue whose instrument list is read (it has catalog statuses) but about whose connections nothing
 * is said stands by: the pipeline opens a fallback's socket only when it fails over to it. So does a
 * listed venue whose last shard retired (no shard reads from it any more). Such venues enter the view
 * as `standby`, since the status that showed it.
 */
function withStandby(view: VenuesView, status: FeedStatus): VenuesView {
  let venues: Partial<Record<ExchangeId, VenueView>> | undefined;
  for (const id of Object.keys(view.catalogs) as ExchangeId[])
    if (view.venues[id] === undefined) (venues ??= { ...view.venues })[id] = withState(undefined, id, 'standby', status, false);
  return venues === undefined ? view : { ...view, venues };
}

/**
 * Folds one feed-status record into the venues' view, by what the status is about: one symbol
 * (changes no venue: its instrument shows it), one shard (that shard only), or the whole feed.
 * A venue's catalog statuses say whether its instrument list is current; a listed venue no
 * connection status speaks of stands by.
 */
export function reduceVenues(view: VenuesView, status: FeedStatus): VenuesView {
  if (status.symbol !== undefined) return view;
  const catalog = CATALOG[status.state];
  if (catalog !== undefined)
    return withStandby(view.catalogs[status.exchange] === catalog ? view : { ...view, catalogs: { ...view.catalogs, [status.exchange]: catalog } }, status);
  return withStandby(status.shard === undefined ? reduceWholeFeed(view, status) : reduceShard(view, status, status.shard), status);
}
