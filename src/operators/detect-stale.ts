import { asyncScheduler, Observable } from 'rxjs';
import type { MonoTypeOperatorFunction, SchedulerLike, Subscription } from 'rxjs';
import type { HeldBetween } from '../exchanges/ingest-gate.js';
import type { ExchangeId, FeedEvent, FeedStatus } from '../model/index.js';
import { isStreamedData } from './is-market-event.js';

/** Options for {@link detectStale}. */
export interface DetectStaleConfig {
  /** Venue named in the status records. Required. */
  readonly exchange: ExchangeId;
  /** Silence (ms without any market event) after which the whole feed is stale. Default 5000. */
  readonly staleAfterMs: number;
  /**
   * Symbols watched on their own, with their thresholds in ms, e.g. `{ PEPEUSDT: 60000 }`.
   * A quiet symbol then gets its own `feed_stale` (with `symbol`) without marking the feed stale.
   * Only the listed symbols are tracked, which bounds memory. Default `{}` (feed level only).
   */
  readonly symbolStaleAfterMs: Readonly<Record<string, number>>;
  /** Clock and timers. Default `asyncScheduler`. */
  readonly scheduler: SchedulerLike;
  /**
   * The time reading was held by us (`IngestGate.heldBetween`, on the scheduler's clock): it is not the
   * venue's silence and is left out of it. Default: never held.
   */
  readonly held?: HeldBetween;
}

export const DEFAULT_DETECT_STALE_CONFIG = {
  staleAfterMs: 5000,
  symbolStaleAfterMs: {},
  scheduler: asyncScheduler,
} as const satisfies Omit<DetectStaleConfig, 'exchange'>;

/** Liveness of one watched scope: the whole feed (`symbol` undefined) or one symbol. */
interface Watch {
  readonly symbol: string | undefined;
  readonly thresholdMs: number;
  lastDataAt: number;
  lastEventTs: number | undefined;
  stale: boolean;
  timer: Subscription | undefined;
}

/**
 * Forwards every event and adds a `feed_stale` status once per silent period (no market event
 * for `staleAfterMs`, counted from subscription or the last market event) and a `feed_recovered`
 * status, with `staleForMs` = the whole silence, just before the first market event after it.
 * Statuses, heartbeats and acks are not data. Put it after `retryWithBackoff` so that a long
 * reconnect also shows as stale. Listed symbols are watched on their own as well. Time during which
 * reading was held by us (`held`: the ingest gate paused the sockets while the sink was behind) is
 * not the venue's silence: it is left out of both figures.
 */
export function detectStale(config: Partial<DetectStaleConfig> & Pick<DetectStaleConfig, 'exchange'>): MonoTypeOperatorFunction<FeedEvent> {
  const options: DetectStaleConfig = { ...DEFAULT_DETECT_STALE_CONFIG, ...config };
  const { exchange, staleAfterMs, symbolStaleAfterMs, scheduler } = options;
  const held = options.held ?? (() => 0);

  return (source) =>
    new Observable<FeedEvent>((subscriber) => {
      const start = scheduler.now();
      const watchOf = (symbol: string | undefined, thresholdMs: number): Watch => ({
        symbol,
        thresholdMs,
        lastDataAt: start,
        lastEventTs: undefined,
        stale: false,
        timer: undefined,
      });
      const feed = watchOf(undefined, staleAfterMs);
      const symbols = new Map(Object.entries(symbolStaleAfterMs).map(([symbol, ms]) => [symbol, watchOf(symbol, ms)]));

      const status = (watch: Watch, state: FeedStatus['state'], staleForMs: number): FeedStatus => ({
        type: 'feed_status',
        exchange,
        ...(watch.symbol === undefined ? {} : { symbol: watch.symbol }),
        state,
        reason: state === 'feed_stale' ? `no data for ${staleForMs} ms` : `data again after ${staleForMs} ms`,
        staleForMs,
        ...(watch.lastEventTs === undefined ? {} : { lastEventTs: watch.lastEventTs }),
        ts: scheduler.now(),
      });

      /** The venue's silence on `watch` until `now`: since its last data, less the time reading was held. */
      const silenceOf = (watch: Watch, now: number): number => now - watch.lastDataAt - held(watch.lastDataAt, now);

      // One timer per silent stretch: when it fires early (data came meanwhile, or reading was held) it re-arms for the rest.
      const arm = (watch: Watch, delayMs: number): void => {
        watch.timer = scheduler.schedule(() => {
          const silentMs = silenceOf(watch, scheduler.now());
          if (silentMs < watch.thresholdMs) {
            arm(watch, watch.thresholdMs - silentMs);
            return;
          }
          watch.stale = true;
          watch.timer = undefined;
          subscriber.next(status(watch, 'feed_stale', silentMs));
        }, delayMs);
      };

      const onData = (watch: Watch, exchangeTs: number): void => {
        const now = scheduler.now();
        if (watch.stale) {
          watch.stale = false;
          subscriber.next(status(watch, 'feed_recovered', silenceOf(watch, now)));
        }
        watch.lastDataAt = now;
        watch.lastEventTs = exchangeTs;
        if (watch.timer === undefined) arm(watch, watch.thresholdMs);
      };

      arm(feed, feed.thresholdMs);
      for (const watch of symbols.values()) arm(watch, watch.thresholdMs);

      const subscription = source.subscribe({
        next: (event) => {
          if (isStreamedData(event)) {
            onData(feed, event.exchangeTs);
            const watch = symbols.get(event.symbol);
            if (watch !== undefined) onData(watch, event.exchangeTs);
          }
          subscriber.next(event);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });

      return () => {
        subscription.unsubscribe();
        feed.timer?.unsubscribe();
        for (const watch of symbols.values()) watch.timer?.unsubscribe();
      };
    });
}
