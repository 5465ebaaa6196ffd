import { asyncScheduler, Observable } from 'rxjs';
import type { MonoTypeOperatorFunction, SchedulerLike } from 'rxjs';
import { instrumentOf, type ExchangeId, type FeedEvent, type FeedStatus, type TradeEvent } from '../model/index.js';
import { scopeOf } from './status-scope.js';
import { DEFAULT_MAX_SYMBOLS, type SymbolCounters } from './symbol-counters.js';

/** Counts kept by {@link detectGaps}; pass an object in to read them. */
export interface GapCounters {
  /** Gaps reported. */
  gaps: number;
  /** Trade ids missing in total. */
  missingTrades: number;
}

/** The last trade id of one (exchange, symbol) written before this process started. */
export interface LastTradeId {
  readonly exchange: ExchangeId;
  readonly symbol: string;
  readonly tradeId: number;
}

/** Options for {@link detectGaps}. */
export interface DetectGapsConfig {
  /** Venues whose trade ids are consecutive per symbol. Default Binance, Binance US and testnet. */
  readonly exchanges: readonly ExchangeId[];
  /**
   * Most (exchange, symbol) pairs tracked; beyond it the least recently traded is forgotten (and
   * counted in `symbolCounters`): its next trade cannot reveal a gap. Default 10000 (`DEFAULT_MAX_SYMBOLS`).
   */
  readonly maxSymbols: number;
  /**
   * Last trade ids published before a restart (e.g. read back from the trades topic), oldest
   * first. They count towards `maxSymbols` like any other. The first trade of a seeded symbol that
   * skips ahead reports the gap `across a restart`. A symbol's seeds of venues other than its first
   * trade's are dropped: the restart then changed its venue, which is no more a gap than a failover is.
   * Default: none.
   */
  readonly seed?: readonly LastTradeId[];
  /** Incremented for each gap. Default: none. */
  readonly counters?: GapCounters;
  /** Counts the (exchange, symbol) pairs forgotten to make room. Default: none. */
  readonly symbolCounters?: SymbolCounters;
  /** Clock for the status `ts`. Default `asyncScheduler`. */
  readonly scheduler: SchedulerLike;
}

export const DEFAULT_DETECT_GAPS_CONFIG = {
  exchanges: ['binance', 'binance_us', 'binance_testnet'],
  maxSymbols: DEFAULT_MAX_SYMBOLS,
  scheduler: asyncScheduler,
} as const satisfies DetectGapsConfig;

/**
 * Forwards every event and, before a trade whose id skips ahead of the symbol's last id, emits a
 * `gap` status with the missing range (`missingFrom`..`missingTo`, inclusive). Ids at or below the
 * last one (repeats, reordering) are not gaps. A `failover` or `switch_back` status forgets the
 * venue it names as left (`fromExchange`) for the instruments it is about (a shard's, or all), so
 * returning to a venue later is not reported as a gap.
 * With a `seed`, the first trade after a restart is checked against the last id published before it.
 */
export function detectGaps(config: Partial<DetectGapsConfig> = {}): MonoTypeOperatorFunction<FeedEvent> {
  const options: DetectGapsConfig = { ...DEFAULT_DETECT_GAPS_CONFIG, ...config };
  const venues = new Set(options.exchanges);

  return (source) =>
    new Observable<FeedEvent>((subscriber) => {
      const lastIds = new Map<string, number>();
      /** Keys whose last id is still the seed, by exchange. */
      const seeded = new Map<string, ExchangeId>();
      /** Seeded symbols not traded yet, with the venues of their seeds (their first trade keeps its own venue's). */
      const untraded = new Map<string, ExchangeId[]>();
      /** The canonical instrument of each symbol traded (statuses of a shard name instruments). */
      const instruments = new Map<string, string>();
      const remember = (key: string, id: number): void => {
        lastIds.delete(key);
        lastIds.set(key, id);
        if (lastIds.size > options.maxSymbols) {
          const oldest = lastIds.keys().next();
          if (oldest.done !== true) {
            lastIds.delete(oldest.value);
            seeded.delete(oldest.value);
            if (options.symbolCounters !== undefined) options.symbolCounters.evicted += 1;
          }
        }
      };
      for (const { exchange, symbol, tradeId } of options.seed ?? []) {
        if (!venues.has(exchange) || !Number.isSafeInteger(tradeId)) continue;
        seeded.set(keyOf(exchange, symbol), exchange);
        remember(keyOf(exchange, symbol), tradeId);
        const seedVenues = untraded.get(symbol);
        if (seedVenues === undefined) untraded.set(symbol, [exchange]);
        else seedVenues.push(exchange);
      }
      const gapOf = (trade: TradeEvent, from: number, to: number, acrossRestart: boolean): FeedStatus => ({
        type: 'feed_status',
        exchange: trade.exchange,
        symbol: trade.symbol,
        state: 'gap',
        reason: `trade ids ${from}..${to} missing${acrossRestart ? ' across a restart' : ''}`,
        missingFrom: from,
        missingTo: to,
        lastEventTs: trade.exchangeTs,
        ts: options.scheduler.now(),
      });
      const check = (trade: TradeEvent): void => {
        const id = Number(trade.tradeId);
        if (!Number.isSafeInteger(id)) return;
        const key = keyOf(trade.exchange, trade.symbol);
        const last = lastIds.get(key);
        if (last !== undefined && id <= last) return;
        if (last !== undefined && id > last + 1) {
          if (options.counters !== undefined) {
            options.counters.gaps += 1;
            options.counters.missingTrades += id - last - 1;
          }
          subscriber.next(gapOf(trade, last + 1, id - 1, seeded.has(key)));
        }
        seeded.delete(key);
        remember(key, id);
      };
      const drop = (key: string): void => {
        lastIds.delete(key);
        seeded.delete(key);
      };
      const forget = (status: FeedStatus, exchange: ExchangeId): void => {
        const scope = scopeOf(status);
        const prefix = keyOf(exchange, '');
        for (const key of [...lastIds.keys()]) {
          if (!key.startsWith(prefix)) continue;
          const symbol = key.slice(prefix.length);
          const inScope =
            scope.kind === 'feed' ||
            (scope.kind === 'symbol' && scope.symbol === symbol) ||
            (scope.kind === 'instruments' && scope.instruments.has(instruments.get(symbol) ?? ''));
          if (inScope) drop(key);
        }
      };
      const firstTradeOf = (trade: TradeEvent): void => {
        instruments.set(trade.symbol, instrumentOf(trade));
        const seedVenues = untraded.get(trade.symbol);
        if (seedVenues === undefined) return;
        untraded.delete(trade.symbol);
        for (const exchange of seedVenues) if (exchange !== trade.exchange) drop(keyOf(exchange, trade.symbol));
      };

      return source.subscribe({
        next: (event) => {
          if (event.type === 'trade') {
            if (!instruments.has(event.symbol)) firstTradeOf(event);
            if (venues.has(event.exchange)) check(event);
          } else if (event.type === 'feed_status' && (event.state === 'failover' || event.state === 'switch_back')) {
            if (event.fromExchange !== undefined) forget(event, event.fromExchange);
          }
          subscriber.next(event);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}

const keyOf = (exchange: ExchangeId, symbol: string): string => `${exchange}\u0000${symbol}`;
