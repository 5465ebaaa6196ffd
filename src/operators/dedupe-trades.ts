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

/** The stamps of one instrument's remembered trade ids. */
type IdStamps = Map<string, number>;

/**
 * The last `capacity` distinct (exchange, symbol, tradeId) keys in recency order. Each instrument
 * has a table of its trade ids (so no key string is built per trade: the id string is the key),
 * holding each id's latest stamp; one array queue, across instruments, gives the eviction order,
 * and a queued stamp that is no longer its id's latest is skipped when evicting. (A Set used as
 * the queue is slow in V8: deleted entries stay at the front of its table until a rehash.)
 */
class RecentKeys {
  private readonly tables = new Map<string, Map<string, IdStamps>>();
  // The queue as three parallel arrays (table, id, stamp): no object per trade.
  private queueTables: IdStamps[] = [];
  private queueIds: string[] = [];
  private queueStamps: number[] = [];
  private head = 0;
  private next = 0;
  private size = 0;

  constructor(private readonly capacity: number) {}

  /** Records the key as the most recent; true when it was already held. */
  touch(exchange: string, symbol: string, id: string): boolean {
    const ids = this.tableOf(exchange, symbol);
    const seen = ids.has(id);
    const stamp = this.next++;
    ids.set(id, stamp);
    if (!seen) this.size++;
    this.queueTables.push(ids);
    this.queueIds.push(id);
    this.queueStamps.push(stamp);
    while (this.size > this.capacity) {
      const at = this.head++;
      const table = this.queueTables[at];
      const oldest = this.queueIds[at];
      if (table !== undefined && oldest !== undefined && table.get(oldest) === this.queueStamps[at]) {
        table.delete(oldest);
        this.size--;
      }
    }
    const queued = this.queueIds.length;
    if (this.head > 4096 && this.head * 2 > queued) {
      this.compact(() => true);
    } else if (queued - this.head > 2 * this.capacity) {
      // Only repeats were queued lately: drop the stamps they superseded.
      this.compact((table, key, at) => table.get(key) === at);
    }
    return seen;
  }

  /** Drops the queue's evicted head, and the entries `keep` refuses. */
  private compact(keep: (table: IdStamps, id: string, stamp: number) => boolean): void {
    const tables: IdStamps[] = [];
    const ids: string[] = [];
    const stamps: number[] = [];
    for (let at = this.head; at < this.queueIds.length; at++) {
      const table = this.queueTables[at];
      const id = this.queueIds[at];
      const stamp = this.queueStamps[at];
      if (table === undefined || id === undefined || stamp === undefined || !keep(table, id, stamp)) continue;
      tables.push(table);
      ids.push(id);
      stamps.push(stamp);
    }
    this.queueTables = tables;
    this.queueIds = ids;
    this.queueStamps = stamps;
    this.head = 0;
  }

  private tableOf(exchange: string, symbol: string): IdStamps {
    let symbols = this.tables.get(exchange);
    if (symbols === undefined) this.tables.set(exchange, (symbols = new Map<string, IdStamps>()));
    let ids = symbols.get(symbol);
    if (ids === undefined) symbols.set(symbol, (ids = new Map<string, number>()));
    return ids;
  }
}
