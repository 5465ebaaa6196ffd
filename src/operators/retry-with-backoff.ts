import { asyncScheduler, Observable } from 'rxjs';
import type { OperatorFunction, SchedulerLike, Subscription } from 'rxjs';
import { isRetriable as isFeedErrorRetriable } from '../model/index.js';
import type { ExchangeId, FeedStatus } from '../model/index.js';
import { isFeedStatus } from './is-market-event.js';
import { RetriesExhaustedError } from './retries-exhausted-error.js';

/** Options for {@link retryWithBackoff}. */
export interface RetryWithBackoffConfig<T> {
  /** Venue named in the status records and errors. Required. */
  readonly exchange: ExchangeId;
  /** Delay before the first retry, in ms. Default 1000. */
  readonly initialDelayMs: number;
  /** Upper bound of any delay, in ms (jitter included). Default 30000. */
  readonly maxDelayMs: number;
  /** Factor between consecutive delays. Default 2 (1 s, 2 s, 4 s ... 30 s). */
  readonly multiplier: number;
  /**
   * Random spread as a fraction of the delay, 0 to 1: the delay is scaled by a factor drawn
   * from `[1 - jitter, 1 + jitter]`, so that sockets dropped together do not all come back at
   * the same instant. Default 0.2; 0 gives exact delays.
   */
  readonly jitter: number;
  /** Source of randomness for the jitter, returning `[0, 1)`. Default `Math.random`. */
  readonly random: () => number;
  /**
   * Retries allowed in a row before the stream errors with {@link RetriesExhaustedError}
   * (after a `retries_exhausted` status), which `failover` takes as the moment to try the next
   * venue. Default 5; `Infinity` retries for ever.
   */
  readonly maxAttempts: number;
  /**
   * Once a subscription has delivered data for this long (ms from its first data to the error),
   * the next retry starts again at `initialDelayMs` and the attempt count is reset. Default 60000.
   */
  readonly resetAfterMs: number;
  /** Which errors are retried. Default: the error's own `retriable` flag (unknown errors: yes). */
  readonly isRetriable: (error: unknown) => boolean;
  /** Which values count as data for `resetAfterMs`. Default: everything but `feed_status` records. */
  readonly isData: (value: T) => boolean;
  /** Clock and timers. Default `asyncScheduler`. */
  readonly scheduler: SchedulerLike;
}

export const DEFAULT_RETRY_WITH_BACKOFF_CONFIG = {
  initialDelayMs: 1000,
  maxDelayMs: 30_000,
  multiplier: 2,
  jitter: 0.2,
  random: Math.random,
  maxAttempts: 5,
  resetAfterMs: 60_000,
  isRetriable: isFeedErrorRetriable,
  isData: (value: unknown): boolean => !isFeedStatus(value),
  scheduler: asyncScheduler,
} as const satisfies Omit<RetryWithBackoffConfig<unknown>, 'exchange'>;

/** The delay before retry `attempt` (1-based), before jitter: `initial * multiplier^(attempt-1)`, capped. */
export function backoffDelay(attempt: number, config: Pick<RetryWithBackoffConfig<unknown>, 'initialDelayMs' | 'maxDelayMs' | 'multiplier'>): number {
  return Math.min(config.maxDelayMs, config.initialDelayMs * config.multiplier ** Math.max(0, attempt - 1));
}

/**
 * Resubscribes to the source after retriable errors, waiting 1 s, 2 s, 4 s ... up to 30 s, and
 * emits a `retry_scheduled` status (attempt, delay) for each retry. Errors that are not retriable
 * (a geo-block) pass straight through; after `maxAttempts` retries the stream emits
 * `retries_exhausted` and errors with {@link RetriesExhaustedError}. Works on any Observable.
 */
export function retryWithBackoff<T>(
  config: Partial<RetryWithBackoffConfig<T>> & Pick<RetryWithBackoffConfig<T>, 'exchange'>,
): OperatorFunction<T, NoInfer<T> | FeedStatus> {
  const options: RetryWithBackoffConfig<T> = { ...DEFAULT_RETRY_WITH_BACKOFF_CONFIG, ...config };
  const { scheduler, exchange } = options;
  const status = (state: FeedStatus['state'], reason: string, extra: Partial<FeedStatus>): FeedStatus => ({
    type: 'feed_status',
    exchange,
    state,
    reason,
    ...extra,
    ts: scheduler.now(),
  });

  return (source) =>
    new Observable<T | FeedStatus>((subscriber) => {
      let attempt = 0;
      let current: Subscription | undefined;
      let wait: Subscription | undefined;

      const subscribe = (): void => {
        let firstDataAt: number | undefined;
        current = source.subscribe({
          next: (value) => {
            if (firstDataAt === undefined && options.isData(value)) firstDataAt = scheduler.now();
            subscriber.next(value);
          },
          error: (error: unknown) => {
            if (!options.isRetriable(error)) {
              subscriber.error(error);
              return;
            }
            if (firstDataAt !== undefined && scheduler.now() - firstDataAt >= options.resetAfterMs) attempt = 0;
            attempt += 1;
            const reason = error instanceof Error ? error.message : String(error);
            if (attempt > options.maxAttempts) {
              const attempts = attempt - 1;
              subscriber.next(status('retries_exhausted', reason, { attempt: attempts }));
              subscriber.error(new RetriesExhaustedError({ exchange, attempts }, error));
              return;
            }
            const spread = 1 + options.jitter * (2 * options.random() - 1);
            const delayMs = Math.round(Math.min(options.maxDelayMs, backoffDelay(attempt, options) * spread));
            subscriber.next(status('retry_scheduled', reason, { attempt, delayMs }));
            wait = scheduler.schedule(subscribe, delayMs);
          },
          complete: () => subscriber.complete(),
        });
      };

      subscribe();
      return () => {
        current?.unsubscribe();
        wait?.unsubscribe();
      };
    });
}
