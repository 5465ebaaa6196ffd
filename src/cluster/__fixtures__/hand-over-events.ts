import type { VirtualTimeScheduler } from 'rxjs';
import type { ShardGate } from '../shard-gate.js';
import type { FeedStatus, TradeEvent } from '../../model/index.js';
import { shardOf } from '../shard-of.js';

/** The shards of the specs' cluster, BTC-USDT's, and a market of it alone on Bybit. */
export const SHARDS = 8;
export const BTC = shardOf('BTC-USDT', SHARDS);
export const MARKET = [{ key: 'BTC-USDT', coin: 'BTC', quote: 'USDT', venues: [{ exchange: 'bybit' as const }] }];

/** Moves virtual time on by `ms`, running what falls due. */
export function advance(scheduler: VirtualTimeScheduler, ms: number): void {
  scheduler.maxFrames = scheduler.now() + ms;
  scheduler.flush();
  scheduler.frame = scheduler.maxFrames;
}

/** A BTCUSDT trade of `exchange` made and received at `at`. */
export const btcTrade = (id: number, at: number, exchange: 'bybit' | 'binance' = 'bybit'): TradeEvent => ({
  type: 'trade',
  exchange,
  symbol: 'BTCUSDT',
  coin: 'BTC',
  quote: 'USDT',
  exchangeTs: at,
  receivedTs: at,
  isFallback: false,
  env: 'prod',
  connectionId: 'c',
  tradeId: String(id),
  price: 1,
  quantity: 1,
  side: 'BUY',
  isBuyerMaker: false,
});

/** Bybit's socket `s0` saying BTC-USDT is subscribed. */
export const btcSubscribed: FeedStatus = {
  type: 'feed_status',
  exchange: 'bybit',
  state: 'subscribed',
  reason: '',
  ts: 0,
  shard: 's0',
  instruments: ['BTC-USDT'],
};

/** The options the specs' coordinators share: instance `instanceId` on Bybit, a 10 s time-out for a release, a 1 s overlap. */
export const specHandOvers = (instanceId: string, gate: ShardGate, scheduler: VirtualTimeScheduler) =>
  ({ instanceId, gate, exchange: 'bybit', scheduler, timeoutMs: 10_000, overlapMs: 1_000 }) as const;
