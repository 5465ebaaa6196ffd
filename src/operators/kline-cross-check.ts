import { asyncScheduler, Observable } from 'rxjs';
import type { OperatorFunction, SchedulerLike, Subscription } from 'rxjs';
import type { FeedStatus, Kline, WindowStats } from '../model/index.js';
import { candleDisagreements, describeDisagreements, type CandleTolerance } from '../stats/candle-disagreements.js';

/** Options for {@link klineCrossCheck}. */
export interface KlineCrossCheckConfig extends CandleTolerance {
  /**
   * Open, high, low, close: bps of the venue's price our window may differ by. Default 25: our
   * windows cut trades by arrival time, the venue by trade time, so a trade near the boundary can
   * land in the neighbouring window and move open or close by one price step.
   */
  readonly priceBps: number;
  /** Base volume: percent of the venue's volume our window may differ by. Default 5 (one boundary trade). */
  readonly volumePct: number;
  /** How long a closed candle or a window waits for its counterpart before it is dropped without a verdict, ms. Default 10 000. */
  readonly maxWaitMs: number;
  /** Most candles and windows waiting at once; the oldest is dropped past it. Default 10 000. */
  readonly maxPending: number;
  /** Clock and timers. Default `asyncScheduler`. */
  readonly scheduler: SchedulerLike;
}

export const DEFAULT_KLINE_CROSS_CHECK_CONFIG = {
  priceBps: 25,
  volumePct: 5,
  maxWaitMs: 10_000,
  maxPending: 10_000,
  scheduler: asyncScheduler,
} as const satisfies KlineCrossCheckConfig;

interface Pending {
  readonly item: Kline | WindowStats;
  readonly expiry: Subscription;
}

const keyOf = (item: Kline | WindowStats): string =>
  item.type === 'kline' ? `${item.symbol}|${item.intervalMs}|${item.openTime}` : `${item.symbol}|${item.windowMs}|${item.windowStart}`;

/**
 * Compares each closed venue candle with our own window of the same symbol, length and start
 * (`windowedStats` output), whichever arrives first waiting up to `maxWaitMs` for the other, and
 * emits a `data_mismatch` status naming the fields that disagree beyond the tolerance and by how
 * much. No verdict (no alarm) without a counterpart, for an open candle, for an incomplete window
 * (start-up, stale period, failover, gap) or when the window's trades came from another venue.
 */
export function klineCrossCheck(config: Partial<KlineCrossCheckConfig> = {}): OperatorFunction<Kline | WindowStats, FeedStatus> {
  const options: KlineCrossCheckConfig = { ...DEFAULT_KLINE_CROSS_CHECK_CONFIG, ...config };
  const { scheduler } = options;

  return (source) =>
    new Observable<FeedStatus>((subscriber) => {
      const pending = new Map<string, Pending>();
      const forget = (key: string): void => {
        pending.get(key)?.expiry.unsubscribe();
        pending.delete(key);
      };
      const wait = (key: string, item: Kline | WindowStats): void => {
        forget(key);
        if (pending.size >= options.maxPending) {
          const oldest = pending.keys().next().value;
          if (oldest !== undefined) forget(oldest);
        }
        pending.set(key, { item, expiry: scheduler.schedule(() => pending.delete(key), options.maxWaitMs) });
      };
      const judge = (candle: Kline, window: WindowStats): void => {
        if (candle.exchange !== window.exchange) return;
        const disagreements = candleDisagreements(candle, window, options);
        if (disagreements.length === 0) return;
        subscriber.next({
          type: 'feed_status',
          exchange: candle.exchange,
          symbol: candle.symbol,
          state: 'data_mismatch',
          reason: `${candle.interval} candle ${new Date(candle.openTime).toISOString()}: ${describeDisagreements(disagreements)}`,
          lastEventTs: candle.exchangeTs,
          connectionId: candle.connectionId,
          ts: scheduler.now(),
        });
      };
      const onItem = (item: Kline | WindowStats): void => {
        if (item.type === 'kline' && !item.closed) return;
        const key = keyOf(item);
        if (item.type === 'window_stats' && !item.complete) return forget(key);
        const other = pending.get(key)?.item;
        if (other === undefined || other.type === item.type) return wait(key, item);
        forget(key);
        if (item.type === 'kline' && other.type === 'window_stats') judge(item, other);
        if (item.type === 'window_stats' && other.type === 'kline') judge(other, item);
      };

      const subscription = source.subscribe({
        next: onItem,
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
      return () => {
        subscription.unsubscribe();
        for (const entry of pending.values()) entry.expiry.unsubscribe();
        pending.clear();
      };
    });
}
