import { asyncScheduler, Observable, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs';
import { instrumentOf, type ExchangeId, type FeedEvent, type FeedStatus, type TradeEvent } from '../model/index.js';
import { withGapDetails } from './gap-details.js';
import { scopeOf } from './status-scope.js';
import { DEFAULT_MAX_SYMBOLS } from './symbol-counters.js';

/** Options for {@link detectReconnectGaps}. */
export interface DetectReconnectGapsConfig {
  /** Venues whose trade ids are not consecutive (a hole is a time range). Default Bybit. */
  readonly exchanges: readonly ExchangeId[];
  /** Most (exchange, symbol) pairs whose last trade is kept; the least recently traded is forgotten past it. Default 10000. */
  readonly maxSymbols: number;
  /** Clock for the status `ts`. Default `asyncScheduler`. */
  readonly scheduler: SchedulerLike;
}

export const DEFAULT_DETECT_RECONNECT_GAPS_CONFIG = {
  exchanges: ['bybit'],
  maxSymbols: DEFAULT_MAX_SYMBOLS,
  scheduler: asyncScheduler,
} as const satisfies DetectReconnectGapsConfig;

/** Statuses after which a venue's connection has lost trades it may not send again. */
const INTERRUPTIONS: ReadonlySet<FeedStatus['state']> = new Set(['disconnected', 'retry_scheduled']);

/**
 * For venues whose trade ids are not consecutive (Bybit spot), a hole is known by time only: a
 * symbol's trades between the last one before a lost connection (`disconnected`, `retry_scheduled`
 * of its venue, for its symbol, its shard's instruments or the whole feed) and the first one after
 * may be missing. Before that first trade, a `gap` status names the range by time (no ids:
 * `missingFrom` and `missingTo` stay unset; `lastEventTs` is the last trade's time before it).
 * A `failover` or `switch_back` away from the venue forgets its symbols in scope: a later return
 * is not a gap, as with `detectGaps`. Every event is forwarded.
 */
export function detectReconnectGaps(config: Partial<DetectReconnectGapsConfig> = {}): MonoTypeOperatorFunction<FeedEvent> {
  const options: DetectReconnectGapsConfig = { ...DEFAULT_DETECT_RECONNECT_GAPS_CONFIG, ...config };
  const venues = new Set(options.exchanges);
  return (source) =>
    new Observable<FeedEvent>((subscriber) => {
      /** The last trade of each (exchange, symbol), least recently traded first. */
      const lastTrades = new Map<string, TradeEvent>();
      /** Keys whose connection was lost since their last trade. */
      const interrupted = new Set<string>();
      const keysIn = (status: FeedStatus, exchange: ExchangeId): string[] => {
        const scope = scopeOf(status);
        const keys: string[] = [];
        for (const [key, trade] of lastTrades) {
          if (trade.exchange !== exchange) continue;
          if (scope.kind === 'feed' || (scope.kind === 'symbol' && scope.symbol === trade.symbol) || (scope.kind === 'instruments' && scope.instruments.has(instrumentOf(trade)))) keys.push(key);
        }
        return keys;
      };
      const onTrade = (trade: TradeEvent): void => {
        const key = `${trade.exchange}\u0000${trade.symbol}`;
        const before = lastTrades.get(key);
        if (before !== undefined && interrupted.delete(key)) {
          const gap: FeedStatus = {
            type: 'feed_status', exchange: trade.exchange, symbol: trade.symbol, state: 'gap',
            reason: `trades after id ${before.tradeId} (${new Date(before.exchangeTs).toISOString()}) and before id ${trade.tradeId} (${new Date(trade.exchangeTs).toISOString()}) may be missing across a reconnect`,
            lastEventTs: before.exchangeTs, ts: options.scheduler.now(),
          };
          subscriber.next(withGapDetails(gap, { revealer: trade, before }));
        }
        if (before !== undefined) lastTrades.delete(key);
        lastTrades.set(key, trade);
        if (lastTrades.size > options.maxSymbols) {
          const oldest = lastTrades.keys().next();
          if (oldest.done !== true) {
            lastTrades.delete(oldest.value);
            interrupted.delete(oldest.value);
          }
        }
      };
      const events = source.subscribe({
        next: (event) => {
          if (event.type === 'trade') {
            if (venues.has(event.exchange)) onTrade(event);
          } else if (event.type === 'feed_status' && venues.has(event.exchange) && INTERRUPTIONS.has(event.state)) {
            for (const key of keysIn(event, event.exchange)) interrupted.add(key);
          } else if (event.type === 'feed_status' && (event.state === 'failover' || event.state === 'switch_back') && event.fromExchange !== undefined && venues.has(event.fromExchange)) {
            for (const key of keysIn(event, event.fromExchange)) {
              lastTrades.delete(key);
              interrupted.delete(key);
            }
          }
          subscriber.next(event);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
      return () => events.unsubscribe();
    });
}
