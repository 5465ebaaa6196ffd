import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { TradeEvent } from '../model/index.js';
import { trade } from '../operators/__fixtures__/market-events.js';
import { NobodysShards, type Nobodys } from './nobodys-shards.js';

/** BTC on shard 1, ETH on shard 2. */
const shardOf = (event: TradeEvent): number => (event.coin === 'BTC' ? 1 : 2);
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('NobodysShards', () => {
  it("keeps the first trade of each venue published of a shard served as nobody's, and none once it is forgotten", () => {
    const shards = new NobodysShards({ scheduler: new VirtualTimeScheduler(), shardOf, checkDelayMs: 1_000 });
    shards.serve(1, 500, 2, false);
    const first = trade({ exchange: 'binance', coin: 'BTC', tradeId: '7' });
    shards.published(first);
    shards.published(trade({ exchange: 'binance', coin: 'BTC', tradeId: '8' }));
    shards.published(trade({ exchange: 'bybit', coin: 'ETH', tradeId: '3' }));
    expect(shards.of(1)).toMatchObject({ since: 500, venues: 2 });
    expect([...(shards.of(1)?.first.values() ?? [])]).toEqual([first]);
    expect(shards.of(1)?.subscribedAt).toBeUndefined();
    shards.subscribed(1, 900);
    expect(shards.of(1)?.subscribedAt).toBe(900);
    const bybit = trade({ exchange: 'bybit', coin: 'BTC', tradeId: '5' });
    shards.published(bybit);
    expect([...(shards.of(1)?.first.values() ?? [])]).toEqual([first, bybit]);
    expect(shards.forget(1)?.first.size).toBe(2);
    expect(shards.forget(1)).toBeUndefined();
    expect(shards.of(1)).toBeUndefined();
    // Served again, wholly subscribed at once.
    shards.serve(1, 2_000, 1, true);
    expect(shards.of(1)).toMatchObject({ since: 2_000, subscribedAt: 2_000 });
    expect(shards.of(1)?.first.size).toBe(0);
  });

  it('asks, each moment, whether another instance serving the shard too left without a word, until it did (a failed ask asked again): then tells it once, the shard forgotten', async () => {
    const scheduler = new VirtualTimeScheduler();
    const answers = [() => Promise.resolve(false), () => Promise.reject(new Error('Kafka out of reach')), () => Promise.resolve(true)];
    const asked: string[] = [];
    const shards = new NobodysShards({
      scheduler,
      shardOf,
      checkDelayMs: 1_000,
      isGone: (instance, shard) => {
        asked.push(`${instance}/${shard}`);
        return (answers.shift() ?? (() => Promise.resolve(true)))();
      },
    });
    shards.serve(1, 500, 1, true);
    const gone: Nobodys[] = [];
    shards.servedToo(1, 'b', (nobodys) => gone.push(nobodys));
    // Said again while watched: one watch.
    shards.servedToo(1, 'b', (nobodys) => gone.push(nobodys));
    for (let i = 0; i < 3; i++) {
      scheduler.flush();
      await flush();
    }
    expect(asked).toEqual(['b/1', 'b/1', 'b/1']);
    expect(gone.map((nobodys) => nobodys.since)).toEqual([500]);
    expect(shards.of(1)).toBeUndefined();
    scheduler.flush();
    await flush();
    expect(asked).toHaveLength(3);
  });

  it("stops asking once the shard is no longer served as nobody's (its release came), and asks nothing without a way to tell", async () => {
    const scheduler = new VirtualTimeScheduler();
    const asked: string[] = [];
    const shards = new NobodysShards({
      scheduler,
      shardOf,
      checkDelayMs: 1_000,
      isGone: (instance) => {
        asked.push(instance);
        return Promise.resolve(false);
      },
    });
    shards.serve(2, 0, 1, true);
    const gone: Nobodys[] = [];
    shards.servedToo(2, 'c', (nobodys) => gone.push(nobodys));
    scheduler.flush();
    await flush();
    expect(asked).toEqual(['c']);
    shards.forget(2);
    scheduler.flush();
    await flush();
    expect(asked).toEqual(['c']);
    expect(gone).toEqual([]);

    const blind = new NobodysShards({ scheduler, shardOf, checkDelayMs: 1_000 });
    blind.serve(2, 0, 1, true);
    blind.servedToo(2, 'c', (nobodys) => gone.push(nobodys));
    scheduler.flush();
    await flush();
    expect(gone).toEqual([]);
    expect(blind.of(2)).toBeDefined();
  });
});
