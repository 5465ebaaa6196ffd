import { describe, expect, it } from 'vitest';
import type { FeedStatus } from '../model/feed-status.js';
import { EMPTY_VENUES, reduceVenues, type VenuesView } from './venue-state.js';
import { MAX_MARKS, reduceTimelines, type Timelines } from './venue-timeline.js';

const status = (fields: Partial<FeedStatus> & Pick<FeedStatus, 'state' | 'ts'>): FeedStatus => ({
  type: 'feed_status',
  exchange: 'bybit',
  reason: 'r',
  ...fields,
});

function fold(statuses: readonly FeedStatus[], spanMs?: number): Timelines {
  let venues: VenuesView = EMPTY_VENUES;
  let timelines: Timelines = {};
  for (const s of statuses) {
    const next = reduceVenues(venues, s);
    timelines = reduceTimelines(timelines, venues, next, s, spanMs);
    venues = next;
  }
  return timelines;
}

describe('reduceTimelines', () => {
  it('closes the open segment at the status time and opens one per state change', () => {
    const t = fold([status({ state: 'subscribed', ts: 1000 }), status({ state: 'feed_stale', ts: 6000 }), status({ state: 'feed_recovered', ts: 9000 })]);
    expect(t.bybit?.segments).toEqual([
      { state: 'subscribed', from: 1000, to: 6000 },
      { state: 'stale', from: 6000, to: 9000 },
      { state: 'subscribed', from: 9000 },
    ]);
  });

  it('does not split a segment for a status that keeps the state', () => {
    const t = fold([status({ state: 'subscribed', ts: 1000 }), status({ state: 'feed_recovered', ts: 2000 })]);
    expect(t.bybit?.segments).toEqual([{ state: 'subscribed', from: 1000 }]);
  });

  it('marks a failover on both venues it names, and leaves a gap of one symbol to its instrument', () => {
    const t = fold([
      status({ state: 'subscribed', ts: 1000 }),
      status({ state: 'gap', ts: 1500, missingFrom: 5, missingTo: 7, symbol: 'BTCUSDT' }),
      status({ exchange: 'binance', state: 'failover', ts: 2000, fromExchange: 'bybit', toExchange: 'binance', reason: 'bybit stale' }),
    ]);
    expect(t.bybit?.marks.map((m) => m.kind)).toEqual(['failover']);
    expect(t.binance?.marks).toEqual([{ ts: 2000, kind: 'failover', detail: 'bybit -> binance bybit stale' }]);
    expect(t.bybit?.segments.at(-1)).toEqual({ state: 'failed_over', from: 2000 });
  });

  it("scopes a shard's failover: the venue's own timeline turns partial, the shard's timeline at each venue shows it, the other shards' do not", () => {
    const t = fold([
      status({ state: 'subscribed', ts: 1000, shard: 's0' }),
      status({ state: 'subscribed', ts: 1000, shard: 's1' }),
      status({ state: 'feed_stale', ts: 5000, shard: 's1' }),
      status({
        exchange: 'binance',
        state: 'failover',
        ts: 8000,
        shard: 's1',
        fromExchange: 'bybit',
        toExchange: 'binance',
        reason: 'bybit stale for 8000 ms',
      }),
    ]);
    expect(t.bybit?.segments).toEqual([
      { state: 'subscribed', from: 1000, to: 5000 },
      { state: 'partial', from: 5000 },
    ]);
    expect(t.bybit?.shards['s0']).toEqual({ segments: [{ state: 'subscribed', from: 1000 }], marks: [] });
    expect(t.bybit?.shards['s1']?.segments.map((s) => s.state)).toEqual(['subscribed', 'stale', 'failed_over']);
    expect(t.bybit?.shards['s1']?.marks).toEqual([{ ts: 8000, kind: 'failover', shard: 's1', detail: 's1: bybit -> binance bybit stale for 8000 ms' }]);
    expect(t.bybit?.marks.map((m) => m.shard)).toEqual(['s1']);
    expect(t.binance?.segments).toEqual([{ state: 'subscribed', from: 8000 }]);
    expect(t.binance?.shards['s1']?.marks).toHaveLength(1);
  });

  it("drops a retired shard's own timeline with the shard", () => {
    const t = fold([
      status({ state: 'subscribed', ts: 1000, shard: 's0' }),
      status({ state: 'subscribed', ts: 1000, shard: 's1' }),
      status({ state: 'feed_stale', ts: 2000, shard: 's1' }),
      status({ state: 'disconnected', ts: 3000, shard: 's1', instruments: [] }),
    ]);
    expect(Object.keys(t.bybit?.shards ?? {})).toEqual(['s0']);
    expect(t.bybit?.segments.map((s) => s.state)).toEqual(['subscribed', 'partial', 'subscribed']);
    const last = fold([status({ state: 'subscribed', ts: 1000, shard: 's0' }), status({ state: 'disconnected', ts: 3000, shard: 's0', instruments: [] })]);
    expect(last.bybit?.shards).toEqual({});
    expect(last.bybit?.segments).toEqual([{ state: 'subscribed', from: 1000, to: 3000 }]);
  });

  it('shows a listed venue on standby from its catalog status until the shard fails over to it', () => {
    const t = fold([
      status({ exchange: 'binance', state: 'catalog_ready', ts: 500 }),
      status({ state: 'subscribed', ts: 1000, shard: 's0' }),
      status({ exchange: 'binance', state: 'failover', ts: 8000, shard: 's0', fromExchange: 'bybit', toExchange: 'binance' }),
    ]);
    expect(t.binance?.segments).toEqual([
      { state: 'standby', from: 500, to: 8000 },
      { state: 'subscribed', from: 8000 },
    ]);
  });

  it('keeps at most MAX_MARKS marks however many failovers', () => {
    const flaps: FeedStatus[] = [];
    for (let i = 0; i < MAX_MARKS + 100; i++) {
      flaps.push(status({ exchange: 'binance', state: 'failover', ts: 1000 + i * 2, shard: 's0', fromExchange: 'bybit', toExchange: 'binance' }));
      flaps.push(status({ exchange: 'bybit', state: 'switch_back', ts: 1001 + i * 2, shard: 's0', fromExchange: 'binance', toExchange: 'bybit' }));
    }
    const t = fold(flaps);
    expect(t.bybit?.marks).toHaveLength(MAX_MARKS);
    expect(t.bybit?.shards['s0']?.marks).toHaveLength(MAX_MARKS);
    expect(t.bybit?.marks.at(-1)?.kind).toBe('switch_back');
  });

  it('drops segments and marks that ended more than the span ago', () => {
    const t = fold(
      [
        status({ state: 'subscribed', ts: 0 }),
        status({ state: 'geo_blocked', ts: 10 }),
        status({ state: 'feed_stale', ts: 100 }),
        status({ state: 'feed_recovered', ts: 5000 }),
      ],
      1000,
    );
    expect(t.bybit?.segments).toEqual([
      { state: 'stale', from: 100, to: 5000 },
      { state: 'subscribed', from: 5000 },
    ]);
    expect(t.bybit?.marks).toEqual([]);
  });
});
