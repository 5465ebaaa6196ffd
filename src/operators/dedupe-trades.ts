import { asyncScheduler, Observable } from 'rxjs';
import type { MonoTypeOperatorFunction, SchedulerLike } from 'rxjs';
import type { FeedEvent, FeedStatus, TradeEvent } from '../model/index.js';

/** Counts kept by {@link dedupeTrades}; pass an object in to read them (e.g. for metrics). */
export interface DedupeCounters {
  /** Trades dropped as repeats. */
  duplicatesDropped: number;
}

/** Options for {@link dedupeTrades}. */
export interface DedupeTradesConfig {
  /** How many recent (exchange, symbol, tradeId) keys are remembered (LRU). Default 10000. */
  readonly capacity: number;
  /** Emit a `duplicate_dropped` status for each dropped trade. Default true. */
  readonly emitStatus: boolean;
  /** Incremented for each dropped trade. Default: none. */
  readonly counters?: DedupeCounters;
  /** Clock for the status `ts`. Default `asyncScheduler`. */
  readonly scheduler: SchedulerLike;
}

export const DEFAULT_DEDUPE_TRADES_CONFIG = {
  capacity: 10_000,
  emitStatus: true,
  scheduler: asyncScheduler,
} as const satisfies DedupeTradesConfig;

const keyOf = (trade: TradeEvent): string => `${trade.exchange}\u0000${trade.symbol}\u0000${trade.tradeId}`;

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
      const recent = new RecentKeys(capacity);
      return source.subscribe({
        next: (event) => {
          if (event.type !== 'trade') {
            subscriber.next(event);
            return;
          }
          if (recent.touch(keyOf(event))) {
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

/**
 * The last `capacity` distinct keys in recency order. A Set used as the queue (delete the first
 * value) is slow in V8: deleted entries stay at the front of its table until a rehash, and each
 * `values().next()` walks past them. Here a Map holds each key's latest stamp and an array is
 * the queue; a queued stamp that is no longer the key's latest is skipped when evicting.
 */
class RecentKeys {
  private readonly stamps = new Map<string, number>();
  private queue: { readonly key: string; readonly stamp: number }[] = [];
  private head = 0;
  private next = 0;

  constructor(private readonly capacity: number) {}

  /** Records `key` as the most recent; true when it was already held. */
  touch(key: string): boolean {
    const seen = this.stamps.has(key);
    const stamp = this.next++;
    this.stamps.set(key, stamp);
    this.queue.push({ key, stamp });
    while (this.stamps.size > this.capacity) {
      const oldest = this.queue[this.head++];
      if (oldest !== undefined && this.stamps.get(oldest.key) === oldest.stamp) this.stamps.delete(oldest.key);
    }
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    } else if (this.queue.length - this.head > 2 * this.capacity) {
      // Only repeats were queued lately: drop the stamps they superseded.
      this.queue = this.queue.slice(this.head).filter((entry) => this.stamps.get(entry.key) === entry.stamp);
      this.head = 0;
    }
    return seen;
  }
}
