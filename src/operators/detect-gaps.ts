import { asyncScheduler, Observable } from 'rxjs';
import type { MonoTypeOperatorFunction, SchedulerLike } from 'rxjs';
import type { ExchangeId, FeedEvent, FeedStatus, TradeEvent } from '../model/index.js';

/** Counts kept by {@link detectGaps}; pass an object in to read them. */
export interface GapCounters {
  /** Gaps reported. */
  gaps: number;
  /** Trade ids missing in total. */
  missingTrades: number;
}

/** Options for {@link detectGaps}. */
export interface DetectGapsConfig {
  /** Venues whose trade ids are consecutive per symbol. Default Binance, Binance US and testnet. */
  readonly exchanges: readonly ExchangeId[];
  /** Most (exchange, symbol) pairs tracked; the least recently traded is forgotten. Default 1000. */
  readonly maxSymbols: number;
  /** Incremented for each gap. Default: none. */
  readonly counters?: GapCounters;
  /** Clock for the status `ts`. Default `asyncScheduler`. */
  readonly scheduler: SchedulerLike;
}

export const DEFAULT_DETECT_GAPS_CONFIG = {
  exchanges: ['binance', 'binance_us', 'binance_testnet'],
  maxSymbols: 1000,
  scheduler: asyncScheduler,
} as const satisfies DetectGapsConfig;

/**
 * Forwards every event and, before a trade whose id skips ahead of the symbol's last id, emits a
 * `gap` status with the missing range (`missingFrom`..`missingTo`, inclusive). Ids at or below the
 * last one (repeats, reordering) are not gaps. A `failover` or `switch_back` status forgets the
 * venue it names as left (`fromExchange`), so returning to a venue later is not reported as a gap.
 */
export function detectGaps(config: Partial<DetectGapsConfig> = {}): MonoTypeOperatorFunction<FeedEvent> {
  const options: DetectGapsConfig = { ...DEFAULT_DETECT_GAPS_CONFIG, ...config };
  const venues = new Set(options.exchanges);

  return (source) =>
    new Observable<FeedEvent>((subscriber) => {
      const lastIds = new Map<string, number>();
      const gapOf = (trade: TradeEvent, from: number, to: number): FeedStatus => ({
        type: 'feed_status',
        exchange: trade.exchange,
        symbol: trade.symbol,
        state: 'gap',
        reason: `trade ids ${from}..${to} missing`,
        missingFrom: from,
        missingTo: to,
        lastEventTs: trade.exchangeTs,
        ts: options.scheduler.now(),
      });
      const check = (trade: TradeEvent): void => {
        const id = Number(trade.tradeId);
        if (!Number.isSafeInteger(id)) return;
        const key = `${trade.exchange}\u0000${trade.symbol}`;
        const last = lastIds.get(key);
        if (last !== undefined && id <= last) return;
        if (last !== undefined && id > last + 1) {
          if (options.counters !== undefined) {
            options.counters.gaps += 1;
            options.counters.missingTrades += id - last - 1;
          }
          subscriber.next(gapOf(trade, last + 1, id - 1));
        }
        lastIds.delete(key);
        lastIds.set(key, id);
        if (lastIds.size > options.maxSymbols) {
          const oldest = lastIds.keys().next();
          if (oldest.done !== true) lastIds.delete(oldest.value);
        }
      };
      const forget = (exchange: ExchangeId): void => {
        for (const key of [...lastIds.keys()]) if (key.startsWith(`${exchange}\u0000`)) lastIds.delete(key);
      };

      return source.subscribe({
        next: (event) => {
          if (event.type === 'trade' && venues.has(event.exchange)) check(event);
          if (event.type === 'feed_status' && (event.state === 'failover' || event.state === 'switch_back')) {
            if (event.fromExchange !== undefined) forget(event.fromExchange);
          }
          subscriber.next(event);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}
