import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { FeedStatus } from '../model/index.js';
import type { GapHandover, LastTradeId } from '../operators/index.js';
import type { AcceptedTrade } from '../sink/last-trade-ids.js';
import { gapHandovers } from './gap-handovers.js';
import { shardOf } from './shard-of.js';

const SHARDS = 8;
const shardStatus = (state: 'shard_assigned' | 'shard_revoked', shard: number): FeedStatus => ({
  type: 'feed_status', exchange: 'binance', state, reason: '', ts: 0, instanceId: 'a', clusterShard: shard,
});
/** Two instruments of different shards, and their shards. */
const BTC = 'BTC-USDT';
const ETH = 'ETH-USDT';
const btcShard = shardOf(BTC, SHARDS);
const ethShard = shardOf(ETH, SHARDS);

/** A read that answers when told to, recording what its `accept` took. */
function controlledReads() {
  const reads: { readonly accept: (trade: AcceptedTrade) => boolean; readonly answer: (ids: readonly LastTradeId[]) => void }[] = [];
  return {
    reads,
    readLastIds: (accept: (trade: AcceptedTrade) => boolean) => new Promise<readonly LastTradeId[]>((answer) => reads.push({ accept, answer })),
  };
}
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('gapHandovers', () => {
  it('says a taken shard moved at once, then seeds it with the ids read of trades received before it was taken', async () => {
    expect(btcShard).not.toBe(ethShard);
    const statuses$ = new Subject<FeedStatus>();
    const { reads, readLastIds } = controlledReads();
    const seen: GapHandover[] = [];
    gapHandovers({ statuses$, shards: SHARDS, readLastIds, clock: () => 1_000 }).subscribe((handover) => seen.push(handover));

    statuses$.next(shardStatus('shard_assigned', btcShard));
    expect(seen.map((handover) => handover.kind)).toEqual(['moved']);
    expect(seen[0]?.instruments(BTC)).toBe(true);
    expect(seen[0]?.instruments(ETH)).toBe(false);
    expect(reads).toHaveLength(1);
    const { accept, answer } = reads[0]!;
    expect(accept({ coin: 'BTC', quote: 'USDT', receivedTs: 999 })).toBe(true);
    expect(accept({ coin: 'BTC', quote: 'USDT', receivedTs: 1_000 })).toBe(false);
    expect(accept({ coin: 'ETH', quote: 'USDT', receivedTs: 10 })).toBe(false);

    const lastIds = [{ exchange: 'binance', symbol: 'BTCUSDT', tradeId: 41 }] as const;
    answer(lastIds);
    await flush();
    expect(seen[1]).toMatchObject({ kind: 'seed', lastIds });
    expect(seen[1]?.instruments(BTC)).toBe(true);
  });

  it('reads one at a time: shards taken during a read are read together by the next, a shard given up before its read is not read', async () => {
    const statuses$ = new Subject<FeedStatus>();
    const { reads, readLastIds } = controlledReads();
    const seen: GapHandover[] = [];
    let now = 100;
    gapHandovers({ statuses$, shards: SHARDS, readLastIds, clock: () => now }).subscribe((handover) => seen.push(handover));
    const third = [...Array(SHARDS).keys()].find((shard) => shard !== btcShard && shard !== ethShard)!;

    statuses$.next(shardStatus('shard_assigned', third));
    now = 200;
    statuses$.next(shardStatus('shard_assigned', btcShard));
    statuses$.next(shardStatus('shard_assigned', ethShard));
    statuses$.next(shardStatus('shard_revoked', ethShard));
    expect(reads).toHaveLength(1);
    expect(seen.map((handover) => handover.kind)).toEqual(['moved', 'moved', 'moved', 'moved']);

    reads[0]!.answer([]);
    await flush();
    expect(reads).toHaveLength(2);
    expect(reads[1]!.accept({ coin: 'BTC', quote: 'USDT', receivedTs: 199 })).toBe(true);
    expect(reads[1]!.accept({ coin: 'ETH', quote: 'USDT', receivedTs: 1 })).toBe(false);
    reads[1]!.answer([]);
    await flush();
    expect(seen.map((handover) => handover.kind)).toEqual(['moved', 'moved', 'moved', 'moved', 'seed', 'seed']);
    expect(reads).toHaveLength(2);
  });

  it('only says moves when it has nothing to read the last ids with', () => {
    const statuses$ = new Subject<FeedStatus>();
    const seen: GapHandover[] = [];
    gapHandovers({ statuses$, shards: SHARDS }).subscribe((handover) => seen.push(handover));
    statuses$.next(shardStatus('shard_assigned', btcShard));
    statuses$.next(shardStatus('shard_revoked', btcShard));
    expect(seen.map((handover) => handover.kind)).toEqual(['moved', 'moved']);
  });
});
