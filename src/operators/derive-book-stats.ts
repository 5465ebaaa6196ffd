import { Observable, asyncScheduler, interval, type OperatorFunction, type SchedulerLike } from 'rxjs';
import type { BookStats, FeedEvent, OrderBookView } from '../model/index.js';
import type { Building } from '../model/building.js';
import { bookAnalytics, DEFAULT_BOOK_ANALYTICS_CONFIG, type BookAnalyticsConfig } from '../stats/book-analytics.js';
import { LiveBooks } from './live-books.js';

/** Options for {@link bookStats}. */
export interface BookStatsConfig {
  /** How often figures are taken from each live book, ms; default 1000. */
  readonly intervalMs: number;
  /** Imbalance levels, depth bands, impact sizes and the round-trip size; default `DEFAULT_BOOK_ANALYTICS_CONFIG`. */
  readonly analytics: BookAnalyticsConfig;
  /** Clock and timers. Default `asyncScheduler`. */
  readonly scheduler: SchedulerLike;
}

export const DEFAULT_BOOK_STATS_CONFIG = {
  intervalMs: 1000,
  analytics: DEFAULT_BOOK_ANALYTICS_CONFIG,
  scheduler: asyncScheduler,
} as const satisfies BookStatsConfig;

/**
 * Every `intervalMs`, one `BookStats` per live book (`src/stats/book-analytics.ts` on its levels):
 * none for a book dropped by a `book_resync`, a reconnect or a venue switch until its next view,
 * nor for a book with an empty side. A book without a new view since the last interval publishes the
 * same figures again without working them out. Completes with its source.
 */
export function bookStats(config: Partial<BookStatsConfig> = {}): OperatorFunction<FeedEvent, BookStats> {
  const { intervalMs, analytics, scheduler }: BookStatsConfig = { ...DEFAULT_BOOK_STATS_CONFIG, ...config };
  return (source) =>
    new Observable<BookStats>((subscriber) => {
      const books = new LiveBooks();
      /** Each book's figures of its last view: a book without a new view since is not worked out again. */
      const computed = new Map<string, { readonly view: OrderBookView; readonly stats: BookStats | undefined }>();
      const ticks = interval(intervalMs, scheduler).subscribe(() => {
        for (const [key, view] of books.entries()) {
          let known = computed.get(key);
          if (known?.view !== view) computed.set(key, (known = { view, stats: statsOf(view, intervalMs, analytics) }));
          if (known.stats !== undefined) subscriber.next(known.stats);
        }
      });
      const subscription = source.subscribe({
        next: (event) => {
          for (const key of books.update(event)) computed.delete(key);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
      return () => {
        ticks.unsubscribe();
        subscription.unsubscribe();
      };
    });
}

function statsOf(view: OrderBookView, windowMs: number, config: BookAnalyticsConfig): BookStats | undefined {
  const figures = bookAnalytics(view, config);
  if (figures === undefined) return undefined;
  const { bids, asks } = view;
  const stats: Building<BookStats> = {
    type: 'book_stats',
    exchange: view.exchange,
    symbol: view.symbol,
    coin: view.coin,
    quote: view.quote,
    exchangeTs: view.exchangeTs,
    receivedTs: view.receivedTs,
    isFallback: view.isFallback,
    env: view.env,
    connectionId: view.connectionId,
    updateId: view.updateId,
    windowMs,
    bestBid: figures.bestBid.price,
    bestBidSize: figures.bestBid.size,
    bestAsk: figures.bestAsk.price,
    bestAskSize: figures.bestAsk.size,
    spread: figures.spread,
    spreadBps: figures.spreadBps,
    mid: figures.mid,
    sizeWeightedMid: figures.sizeWeightedMid,
    imbalance: figures.imbalance,
    imbalanceLevels: config.imbalanceLevels,
    depthLevels: Math.min(bids.length, asks.length),
    depthBands: figures.depth,
    impacts: figures.impact,
    roundTripNotional: config.roundTripNotional,
    ...(figures.roundTripCostBps === null ? {} : { roundTripCostBps: figures.roundTripCostBps }),
  };
  if (view.instrument !== undefined) stats.instrument = view.instrument;
  return stats;
}
