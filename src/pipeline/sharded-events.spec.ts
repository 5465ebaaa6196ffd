import { map, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { FeedEvent } from '../model/index.js';
import type { ConnectionShard, ShardPlan } from '../shards/plan-shards.js';
import { shardedEvents } from './sharded-events.js';

const shard = (id: string, ...coins: readonly string[]): ConnectionShard => ({
  id,
  chain: ['bybit'],
  instruments: coins.map((coin) => ({ key: `${coin}-USDT`, coin, quote: 'USDT', venues: [{ exchange: 'bybit', symbol: `${coin}USDT` }] })),
});
const planOf = (...shards: readonly ConnectionShard[]): ShardPlan => ({ shards, nextId: shards.length, refused: [], capped: [] });
const status = (reason: string): FeedEvent => ({ type: 'feed_status', exchange: 'bybit', state: 'subscribed', reason, ts: 0 });

describe('shardedEvents', () => {
  it('starts a shard when it appears, tells it its new members, stops it when it leaves the plan', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const s0 = shard('s0', 'BTC');
      const plans = hot('a 9ms b 9ms c', { a: planOf(s0), b: planOf(shard('s0', 'BTC', 'ETH'), shard('s1', 'SOL')), c: planOf(shard('s1', 'SOL')) });
      const ticks = cold('5ms x 5ms x 5ms x 5ms x');
      const subscriptions: Record<string, ReturnType<typeof cold>> = {};
      const run = (shard$: Parameters<Parameters<typeof shardedEvents>[1]>[0]): Observable<FeedEvent> => {
        const id = shard$.value.id;
        subscriptions[id] ??= ticks;
        return (subscriptions[id] as Observable<string>).pipe(map(() => status(`${id} ${shard$.value.instruments.map((i) => i.coin).join(',')}`)));
      };
      const describe = (e: FeedEvent): string =>
        e.type !== 'feed_status' ? e.type : e.state === 'disconnected' ? `${e.shard ?? ''} ${e.reason} [${(e.instruments ?? []).join(',')}]` : e.reason;
      expectObservable(shardedEvents(plans, run, scheduler).pipe(map(describe)), '^ 40ms !').toBe('5ms a 5ms b 3ms c 1ms d 2ms r e 5ms f 5ms g', {
        a: 's0 BTC',
        b: 's0 BTC,ETH',
        c: 's1 SOL',
        d: 's0 BTC,ETH',
        e: 's1 SOL',
        f: 's1 SOL',
        g: 's1 SOL',
        r: 's0 shard retired: its instruments were delisted or moved []',
      });
      expectSubscriptions(ticks.subscriptions).toBe(['^ 19ms !', '10ms ^ 30ms !']);
    });
  });

  it('with a fixed plan, runs its shards until they end and completes then, not when the plan does', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ cold, expectObservable }) => {
      const plans = cold('(a|)', { a: planOf(shard('s0', 'BTC'), shard('s1', 'ETH')) });
      const run = (shard$: Parameters<Parameters<typeof shardedEvents>[1]>[0]): Observable<FeedEvent> =>
        cold(shard$.value.id === 's0' ? '5ms x|' : '9ms x|').pipe(map(() => status(shard$.value.id)));
      expectObservable(shardedEvents(plans, run).pipe(map((e) => (e.type === 'feed_status' ? e.reason : e.type)))).toBe('5ms a 3ms b|', { a: 's0', b: 's1' });
    });
  });
});
