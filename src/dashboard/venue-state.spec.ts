import { describe, expect, it } from 'vitest';
import type { FeedStatus } from '../model/feed-status.js';
import { EMPTY_VENUES, reduceVenues, shardCounts, venueStateOf, type VenuesView } from './venue-state.js';

const status = (fields: Partial<FeedStatus> & Pick<FeedStatus, 'state' | 'ts'>): FeedStatus => ({
  type: 'feed_status',
  exchange: 'bybit',
  reason: fields.state,
  ...fields,
});
const fold = (statuses: readonly FeedStatus[], from: VenuesView = EMPTY_VENUES): VenuesView => statuses.reduce(reduceVenues, from);
/** A status of shard `id`, serving `n` instruments. */
const shard = (id: string, fields: Partial<FeedStatus> & Pick<FeedStatus, 'state' | 'ts'>, n = 200): FeedStatus =>
  status({ shard: id, instruments: Array.from({ length: n }, (_, i) => `C${id}${i}-USDT`), ...fields });

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

describe('reduceVenues, statuses about the whole feed', () => {
  it('follows a venue from connecting to subscribed, keeping when it entered the state', () => {
    const view = fold([
      status({ state: 'connecting', ts: 1 }),
      status({ state: 'connected', ts: 2 }),
      status({ state: 'subscribed', ts: 3 }),
      status({ state: 'feed_recovered', ts: 9 }),
    ]);
    expect(view.venues.bybit).toMatchObject({ state: 'subscribed', since: 3, reason: 'feed_recovered' });
  });

  it('marks the venue stale on a feed-level feed_stale, but not on one symbol going quiet', () => {
    const base = fold([status({ state: 'subscribed', ts: 1 })]);
    expect(fold([status({ state: 'feed_stale', ts: 5, symbol: 'BTCUSDT' })], base)).toBe(base);
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
    const blocked = fold([
      status({ exchange: 'binance', state: 'failover', ts: 8, fromExchange: 'bybit', toExchange: 'binance' }),
      status({ state: 'geo_blocked', ts: 9, reason: 'HTTP 403' }),
    ]);
    expect(blocked.venues.bybit).toMatchObject({ state: 'geo_blocked', reason: 'HTTP 403' });
  });

  it('puts a listed venue that no connection status names on standby, since its catalog status, and the venue read from as its statuses say', () => {
    const view = fold([
      status({ exchange: 'binance', state: 'catalog_ready', ts: 1, reason: '2 instruments listed, 0 entries skipped' }),
      status({ state: 'catalog_ready', ts: 2 }),
      status({ state: 'subscribed', ts: 3 }),
    ]);
    expect(view.venues.binance).toEqual({
      exchange: 'binance',
      state: 'standby',
      reason: '2 instruments listed, 0 entries skipped',
      since: 1,
      active: false,
      shards: {},
    });
    expect(view.venues.bybit).toMatchObject({ state: 'subscribed', since: 3 });
    expect(fold([status({ exchange: 'kraken', state: 'catalog_stale', ts: 4, reason: 'HTTP 404; no list yet' })], view).venues.kraken).toMatchObject({
      state: 'standby',
      active: false,
    });
  });

  it('takes a standby venue out of standby when the feed fails over to it, and puts it back on switch-back', () => {
    const standing = fold([status({ exchange: 'binance', state: 'catalog_ready', ts: 1 }), status({ state: 'subscribed', ts: 2 })]);
    const over = fold([status({ exchange: 'binance', state: 'failover', ts: 8, fromExchange: 'bybit', toExchange: 'binance' })], standing);
    expect(over.venues.binance).toMatchObject({ state: 'subscribed', active: true, since: 8 });
    const back = fold([status({ state: 'switch_back', ts: 30, fromExchange: 'binance', toExchange: 'bybit' })], over);
    expect(back.venues.binance).toMatchObject({ state: 'standby', active: false, since: 30 });
  });

  it("keeps a venue's catalog state apart from its connections", () => {
    const view = fold([status({ state: 'subscribed', ts: 1 }), status({ state: 'catalog_stale', ts: 2, reason: 'HTTP 429' })]);
    expect(view.catalogs).toEqual({ bybit: 'stale' });
    expect(view.venues.bybit?.state).toBe('subscribed');
    expect(fold([status({ state: 'catalog_recovered', ts: 3 })], view).catalogs).toEqual({ bybit: 'ready' });
  });
});

describe('reduceVenues, statuses about one shard', () => {
  const subscribed = (ids: readonly string[], exchange: FeedStatus['exchange'] = 'bybit'): readonly FeedStatus[] =>
    ids.map((id) => shard(id, { exchange, state: 'subscribed', ts: 1 }));

  it("keeps a state per shard, and the venue in its shards' state while they agree", () => {
    const view = fold(subscribed(['s0', 's1', 's2']));
    expect(view.venues.bybit).toMatchObject({ state: 'subscribed', active: true, since: 1 });
    expect(view.venues.bybit?.shards['s1']).toEqual({ state: 'subscribed', reason: 'subscribed', since: 1, active: true, instruments: 200 });
    expect(view.activeExchange).toBe('bybit');
  });

  it("fails over one shard only: that shard is failed over at the venue left and active at the venue taken, the venue's other shards stay subscribed", () => {
    const view = fold([
      ...subscribed(['s0', 's1', 's2']),
      shard('s1', { state: 'feed_stale', ts: 5 }),
      shard('s1', { exchange: 'binance', state: 'failover', ts: 8, fromExchange: 'bybit', toExchange: 'binance', activeExchange: 'binance' }),
    ]);
    expect(view.venues.bybit).toMatchObject({ state: 'partial', active: true, since: 5 });
    expect(shardCounts(view.venues.bybit ?? { shards: {} })).toEqual({ subscribed: 2, failed_over: 1 });
    expect(view.venues.bybit?.shards['s1']).toMatchObject({ state: 'failed_over', active: false, since: 8 });
    expect(view.venues.binance).toMatchObject({ state: 'subscribed', active: true });
    expect(view.venues.binance?.shards['s1']).toMatchObject({ state: 'subscribed', active: true });
    expect(view.shards).toEqual({ s0: { active: 'bybit', down: false }, s1: { active: 'binance', down: false }, s2: { active: 'bybit', down: false } });
    expect(view.activeExchange).toBe('bybit');
    expect(view.allDown).toBe(false);
  });

  it('switches one shard back: the primary subscribed again, the fallback on standby for that shard', () => {
    const view = fold([
      ...subscribed(['s0', 's1']),
      shard('s1', { exchange: 'binance', state: 'failover', ts: 8, fromExchange: 'bybit', toExchange: 'binance' }),
      shard('s1', { exchange: 'bybit', state: 'switch_back', ts: 30, fromExchange: 'binance', toExchange: 'bybit' }),
    ]);
    expect(view.venues.bybit).toMatchObject({ state: 'subscribed', since: 30 });
    expect(view.venues.binance).toMatchObject({ state: 'standby', active: false });
  });

  it('says all down only for the shard whose sources are all down, and everything down once every shard is', () => {
    const one = fold([...subscribed(['s0', 's1']), shard('s1', { state: 'all_sources_down', ts: 9 })]);
    expect(one.allDown).toBe(false);
    expect(shardCounts(one.venues.bybit ?? { shards: {} })).toEqual({ subscribed: 1, all_down: 1 });
    const both = fold([shard('s0', { state: 'all_sources_down', ts: 10 })], one);
    expect(both.allDown).toBe(true);
    expect(both.venues.bybit?.state).toBe('all_down');
    const back = fold([shard('s0', { state: 'subscribed', ts: 11 })], both);
    expect(back.allDown).toBe(false);
  });

  it('leaves the shards alone on a status of one symbol, and keeps a shard failed over while it is not read from there', () => {
    const view = fold([...subscribed(['s0']), shard('s0', { exchange: 'binance', state: 'failover', ts: 8, fromExchange: 'bybit', toExchange: 'binance' })]);
    expect(fold([status({ state: 'gap', ts: 9, symbol: 'BTCUSDT' })], view)).toBe(view);
    expect(fold([shard('s0', { state: 'connecting', ts: 20 })], view).venues.bybit?.shards['s0']?.state).toBe('failed_over');
    expect(fold([shard('s0', { state: 'geo_blocked', ts: 20 })], view).venues.bybit?.shards['s0']?.state).toBe('geo_blocked');
  });

  it('drops a retired shard (disconnected with no instruments) from every venue and route, and a venue left with none', () => {
    const view = fold([
      ...subscribed(['s0', 's1']),
      shard('s1', { exchange: 'binance', state: 'failover', ts: 8, fromExchange: 'bybit', toExchange: 'binance' }),
      shard('s0', { state: 'feed_stale', ts: 9 }),
    ]);
    const after = fold([status({ state: 'disconnected', ts: 20, shard: 's1', instruments: [], reason: 'shard retired' })], view);
    expect(Object.keys(after.venues.bybit?.shards ?? {})).toEqual(['s0']);
    expect(after.venues.bybit?.state).toBe('stale');
    expect(after.venues.binance).toBeUndefined();
    expect(Object.keys(after.shards)).toEqual(['s0']);
    expect(fold([status({ state: 'disconnected', ts: 21, shard: 's9', instruments: [] })], after)).toBe(after);
    // A shard's socket closing (instruments still named) is a state of the shard, not its end.
    expect(fold([shard('s0', { state: 'disconnected', ts: 22 })], after).venues.bybit?.shards['s0']?.state).toBe('disconnected');
  });

  it('puts the fallbacks of a shard, listed but not connected, on standby until the shard fails over to one of them', () => {
    const view = fold([
      ...(['kraken', 'bybit', 'binance'] as const).map((exchange, i) => status({ exchange, state: 'catalog_ready', ts: 1 + i })),
      shard('s0', { exchange: 'kraken', state: 'subscribed', ts: 5 }),
    ]);
    expect([view.venues.kraken?.state, view.venues.bybit?.state, view.venues.binance?.state]).toEqual(['subscribed', 'standby', 'standby']);
    expect(view.venues.bybit).toMatchObject({ active: false, since: 2, shards: {} });
    expect(view.activeExchange).toBe('kraken');
    const over = fold(
      [
        shard('s0', { exchange: 'bybit', state: 'connecting', ts: 10 }),
        shard('s0', { exchange: 'bybit', state: 'subscribed', ts: 11 }),
        shard('s0', { exchange: 'bybit', state: 'failover', ts: 12, fromExchange: 'kraken', toExchange: 'bybit' }),
      ],
      view,
    );
    expect(over.venues.bybit).toMatchObject({ state: 'subscribed', active: true, since: 11 });
    expect(over.venues.kraken).toMatchObject({ state: 'failed_over', active: false });
    expect(over.venues.binance?.state).toBe('standby');
  });

  it('puts a listed venue whose last shard retired on standby, and drops one that is not listed', () => {
    const view = fold([status({ exchange: 'kraken', state: 'catalog_ready', ts: 1 }), ...subscribed(['s0'], 'kraken'), ...subscribed(['s1'])]);
    const after = fold(
      [
        status({ exchange: 'kraken', state: 'disconnected', ts: 20, shard: 's0', instruments: [], reason: 'shard retired' }),
        status({ state: 'disconnected', ts: 20, shard: 's1', instruments: [], reason: 'shard retired' }),
      ],
      view,
    );
    expect(after.venues.kraken).toEqual({ exchange: 'kraken', state: 'standby', reason: 'shard retired', since: 20, active: false, shards: {} });
    expect(after.venues.bybit).toBeUndefined();
  });

  it('counts thousands of instruments in few shards: the view grows with the shards, not the instruments', () => {
    const ids = Array.from({ length: 13 }, (_, i) => `s${i}`);
    const view = fold(subscribed(ids));
    expect(Object.keys(view.venues.bybit?.shards ?? {})).toHaveLength(13);
    expect(Object.values(view.venues.bybit?.shards ?? {}).reduce((n, s) => n + s.instruments, 0)).toBe(2600);
    expect(JSON.stringify(view).length).toBeLessThan(13 * 200);
  });
});
