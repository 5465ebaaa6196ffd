import { describe, expect, it } from 'vitest';
import type { FeedStatus } from '../model/feed-status.js';
import { EMPTY_VENUES, reduceVenues, venueStateOf, type VenuesView } from './venue-state.js';

const status = (fields: Partial<FeedStatus> & Pick<FeedStatus, 'state' | 'ts'>): FeedStatus => ({ type: 'feed_status', exchange: 'bybit', reason: fields.state, ...fields });
const fold = (statuses: readonly FeedStatus[], from: VenuesView = EMPTY_VENUES): VenuesView => statuses.reduce(reduceVenues, from);

describe('venueStateOf', () => {
  it('maps connection statuses to venue states and leaves gaps and duplicates out', () => {
    expect(venueStateOf('subscribed')).toBe('subscribed');
    expect(venueStateOf('feed_recovered')).toBe('subscribed');
    expect(venueStateOf('feed_stale')).toBe('stale');
    expect(venueStateOf('retry_scheduled')).toBe('reconnecting');
    expect(venueStateOf('geo_blocked')).toBe('geo_blocked');
    expect(venueStateOf('retries_exhausted')).toBe('down');
    expect(venueStateOf('gap')).toBeUndefined();
    expect(venueStateOf('duplicate_dropped')).toBeUndefined();
  });
});

describe('reduceVenues', () => {
  it('follows a venue from connecting to subscribed, keeping when it entered the state', () => {
    const view = fold([status({ state: 'connecting', ts: 1 }), status({ state: 'connected', ts: 2 }), status({ state: 'subscribed', ts: 3 }), status({ state: 'feed_recovered', ts: 9 })]);
    expect(view.venues.bybit).toMatchObject({ state: 'subscribed', since: 3, reason: 'feed_recovered' });
  });

  it('marks the venue stale on a feed-level feed_stale, but not on one symbol going quiet', () => {
    const base = fold([status({ state: 'subscribed', ts: 1 })]);
    expect(fold([status({ state: 'feed_stale', ts: 5, symbol: 'BTCUSDT' })], base).venues.bybit?.state).toBe('subscribed');
    expect(fold([status({ state: 'feed_stale', ts: 5 })], base).venues.bybit).toMatchObject({ state: 'stale', since: 5 });
  });

  it('on failover marks the venue left failed_over and the venue taken active, and keeps failed_over while probes of it come and go', () => {
    const view = fold([
      status({ state: 'subscribed', ts: 1 }),
      status({ state: 'feed_stale', ts: 5 }),
      status({ exchange: 'binance', state: 'failover', ts: 8, fromExchange: 'bybit', toExchange: 'binance', activeExchange: 'binance' }),
      status({ state: 'connecting', ts: 20 }),
      status({ state: 'subscribed', ts: 21 }),
    ]);
    expect(view.activeExchange).toBe('binance');
    expect(view.venues.bybit).toMatchObject({ state: 'failed_over', active: false, since: 8 });
    expect(view.venues.binance).toMatchObject({ state: 'subscribed', active: true });
  });

  it('puts the fallback on standby after a switch-back and the primary back to subscribed', () => {
    const view = fold([
      status({ exchange: 'binance', state: 'failover', ts: 8, fromExchange: 'bybit', toExchange: 'binance' }),
      status({ exchange: 'bybit', state: 'switch_back', ts: 30, fromExchange: 'binance', toExchange: 'bybit' }),
    ]);
    expect(view.venues.bybit).toMatchObject({ state: 'subscribed', active: true });
    expect(view.venues.binance).toMatchObject({ state: 'standby', active: false });
  });

  it('marks every known venue all_down on all_sources_down, and a geo-block overrides a failed-over venue', () => {
    const view = fold([
      status({ state: 'subscribed', ts: 1 }),
      status({ exchange: 'binance', state: 'failover', ts: 8, fromExchange: 'bybit', toExchange: 'binance' }),
      status({ exchange: 'binance', state: 'all_sources_down', ts: 12 }),
    ]);
    expect(view.allDown).toBe(true);
    expect(view.venues.bybit?.state).toBe('all_down');
    expect(view.venues.binance?.state).toBe('all_down');
    const blocked = fold([status({ exchange: 'binance', state: 'failover', ts: 8, fromExchange: 'bybit', toExchange: 'binance' }), status({ state: 'geo_blocked', ts: 9, reason: 'HTTP 403' })]);
    expect(blocked.venues.bybit).toMatchObject({ state: 'geo_blocked', reason: 'HTTP 403' });
  });

  it('keeps a state per connection shard and forgets a shard that disconnected', () => {
    const view = fold([
      status({ state: 'subscribed', ts: 1, connectionId: 'a' }),
      status({ state: 'subscribed', ts: 1, connectionId: 'b' }),
      status({ state: 'feed_stale', ts: 5, connectionId: 'b' }),
    ]);
    expect(view.venues.bybit?.shards).toEqual({ a: 'subscribed', b: 'stale' });
    expect(fold([status({ state: 'disconnected', ts: 6, connectionId: 'a' })], view).venues.bybit?.shards).toEqual({ b: 'stale' });
  });
});
