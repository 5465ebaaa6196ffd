import { asyncScheduler, Observable, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs';
import { instrumentOf, type ExchangeId, type FeedEvent, type FeedStatus, type TradeEvent } from '../model/index.js';
import { withGapDetails } from './gap-details.js';
import { scopeOf } from './status-scope.js';
import { DEFAULT_MAX_SYMBOLS } from './symbol-counters.js';

/** Options for {@link detectReconnectGaps}. */
export interface DetectReconnectGapsConfig {
  /** Venues whose trade ids are not consecutive (a hole is a time range). Default Bybit. */
  readonly exchanges: readonly ExchangeId[];
  /** Most (exchange, symbol) pairs whose last trade is kept; past it the one listed first is forgotten. Default 10000. */
  readonly maxSymbols: number;
  /** Clock for the status `ts`. Default `asyncScheduler`. */
  readonly scheduler: SchedulerLike;
}

export const DEFAULT_DETECT_RECONNECT_GAPS_CONFIG = {
  exchanges: ['bybit'],
  maxSymbols: DEFAULT_MAX_SYMBOLS,
  scheduler: asyncScheduler,
} as const satisfies DetectReconnectGapsConfig;

/** A symbol's last trade, and whether its connection was lost since. */
interface Tracked {
  last: TradeEvent;
  interrupted: boolean;
}

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
      /** Per venue, each symbol's last trade and whether its connection was lost since; symbols first listed first. */
      const venuesSeen = new Map<ExchangeId, Map<string, Tracked>>();
      let tracked = 0;
      const entriesIn = (status: FeedStatus, exchange: ExchangeId): Tracked[] => {
        const scope = scopeOf(status);
        const symbols = venuesSeen.get(exchange);
        if (symbols === undefined) return [];
        if (scope.kind === 'symbol') return [symbols.get(scope.symbol)].filter((entry) => entry !== undefined);
        return [...symbols.values()].filter((entry) => scope.kind === 'feed' || scope.instruments.has(instrumentOf(entry.last)));
      };
      const onTrade = (trade: TradeEvent): void => {
        let symbols = venuesSeen.get(trade.exchange);
        if (symbols === undefined) venuesSeen.set(trade.exchange, (symbols = new Map<string, Tracked>()));
        const entry = symbols.get(trade.symbol);
        if (entry === undefined) {
          symbols.set(trade.symbol, { last: trade, interrupted: false });
          if (++tracked > options.maxSymbols) forgetFirst();
          return;
        }
        if (entry.interrupted) {
          entry.interrupted = false;
          const before = entry.last;
          const gap: FeedStatus = {
            type: 'feed_status', exchange: trade.exchange, symbol: trade.symbol, state: 'gap',
            reason: `trades after id ${before.tradeId} (${new Date(before.exchangeTs).toISOString()}) and before id ${trade.tradeId} (${new Date(trade.exchangeTs).toISOString()}) may be missing across a reconnect`,
            lastEventTs: before.exchangeTs, ts: options.scheduler.now(),
          };
          subscriber.next(withGapDetails(gap, { revealer: trade, before }));
        }
        entry.last = trade;
      };
      /** Forgets the symbol listed first (of the venue listed first) to make room. */
      const forgetFirst = (): void => {
        for (const [exchange, symbols] of venuesSeen) {
          const first = symbols.keys().next();
          if (first.done === true) continue;
          symbols.delete(first.value);
          if (symbols.size === 0) venuesSeen.delete(exchange);
          tracked--;
          return;
        }
      };
      const forget = (exchange: ExchangeId, entries: readonly Tracked[]): void => {
        const symbols = venuesSeen.get(exchange);
        for (const entry of entries) if (symbols?.delete(entry.last.symbol) === true) tracked--;
      };
      const events = source.subscribe({
        next: (event) => {
          if (event.type === 'trade') {
            if (venues.has(event.exchange)) onTrade(event);
          } else if (event.type === 'feed_status' && venues.has(event.exchange) && INTERRUPTIONS.has(event.state)) {
            for (const entry of entriesIn(event, event.exchange)) entry.interrupted = true;
          } else if (event.type === 'feed_status' && (event.state === 'failover' || event.state === 'switch_back') && event.fromExchange !== undefined && venues.has(event.fromExchange)) {
            forget(event.fromExchange, entriesIn(event, event.fromExchange));
          }
          subscriber.next(event);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
      return () => events.unsubscribe();
    });
}
