import { asyncScheduler, Observable } from 'rxjs';
import type { MonoTypeOperatorFunction, SchedulerLike } from 'rxjs';
import type { FeedEvent, FeedStatus, TradeEvent } from '../model/index.js';
import { RecentTradeIds } from './recent-trade-ids.js';

/** Counts kept by {@link dedupeTrades}; pass an object in to read them (e.g. for metrics). */
export interface DedupeCounters {
  /** Trades dropped as repeats. */
  duplicatesDropped: number;
}

/** Options for {@link dedupeTrades}. */
export interface DedupeTradesConfig {
  /** How many recent (exchange, symbol, tradeId) keys are remembered (LRU). Default 100000: at 10,000 trades/s that is the last 10 s, which covers a reconnect's overlap. */
  readonly capacity: number;
  /** Emit a `duplicate_dropped` status for each dropped trade. Default true. */
  readonly emitStatus: boolean;
  /** Incremented for each dropped trade. Default: none. */
  readonly counters?: DedupeCounters;
  /** Clock for the status `ts`. Default `asyncScheduler`. */
  readonly scheduler: SchedulerLike;
}

export const DEFAULT_DEDUPE_TRADES_CONFIG = {
  capacity: 100_000,
  emitStatus: true,
  scheduler: asyncScheduler,
} as const satisfies DedupeTradesConfig;

/**
 * Drops trades whose (exchange, symbol, tradeId) was seen among the last `capacity` distinct
 * trades, e.g. the overlap after a reconnect. A repeat refreshes its key's recency. Other
 * events pass untouched. With `emitStatus`, each drop is replaced by a `duplicate_dropped` status.
 */
export function dedupeTrades(config: Partial<DedupeTradesConfig> = {}): MonoTypeOperatorFunction<FeedEvent> {
  const options: DedupeTradesConfig = { ...DEFAULT_DEDUPE_TRADES_CONFIG, ...config };
  const capacity = Math.max(1, Math.floor(options.capacity));

  return (source) => {
    const dropped = (trade: TradeEvent, scheduler: SchedulerLike): FeedStatus => ({
      type: 'feed_status',
      exchange: trade.exchange,
      symbol: trade.symbol,
      state: 'duplicate_dropped',
      reason: `trade ${trade.tradeId} already seen`,
      ts: scheduler.now(),
    });
    return new Observable<FeedEvent>((subscriber) => {
      const recent = new RecentTradeIds(capacity);
      return source.subscribe({
        next: (event) => {
          if (event.type !== 'trade') {
            subscriber.next(event);
            return;
          }
          if (recent.touch(event.exchange, event.symbol, event.tradeId)) {
            if (options.counters !== undefined) options.counters.duplicatesDropped += 1;
            if (options.emitStatus) subscriber.next(dropped(event, options.scheduler));
            return;
          }
          subscriber.next(event);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
  };
}
