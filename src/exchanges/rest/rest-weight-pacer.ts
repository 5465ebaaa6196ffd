import { Observable, type SchedulerLike, type Subscription } from 'rxjs';
import { RestRateLimitedError } from './rest-rate-limited-error.js';

export interface RestWeightPacerConfig {
  /** Request weight the venue allows per rolling minute. Default 6000 (Binance spot `REQUEST_WEIGHT`). */
  readonly weightPerMinute: number;
  /** Least time between two request starts, ms, so a burst of requests is spread out. Default 250. */
  readonly minIntervalMs: number;
  /** First wait after a 429 without `Retry-After`, ms; doubles per 429 in a row. Default 1000. */
  readonly backoffInitialMs: number;
  /** Cap of that wait, ms. Default 60 000. */
  readonly backoffMaxMs: number;
  /** Least wait after a 418 (IP banned), ms; a longer `Retry-After` wins. Default 120 000. */
  readonly banBackoffMs: number;
  /**
   * The fraction (0 < share <= 1) of `weightPerMinute` this process may use now, read at each
   * decision (it changes when a cluster reassigns shards): the budget is `weightPerMinute * share()`,
   * the least time between starts `minIntervalMs / share()`, and of the weight the venue reports used
   * (`noteUsedWeight`) only what the other processes used beyond their shares is booked.
   * Above 1 counts as 1. Default: the whole budget.
   */
  readonly share?: () => number;
}

export const DEFAULT_REST_WEIGHT_PACER_CONFIG = {
  weightPerMinute: 6000,
  minIntervalMs: 250,
  backoffInitialMs: 1000,
  backoffMaxMs: 60_000,
  banBackoffMs: 120_000,
} as const satisfies RestWeightPacerConfig;

const WINDOW_MS = 60_000;

/**
 * Starts a venue's REST requests within its weight budget (this process's share of it); one per venue,
 * shared by its connections.
 */
export interface RestWeightPacer {
  /**
   * `task` once its turn comes: after the previous start by `minIntervalMs`, within the weight of the
   * last minute, and not while the venue is backing off. Requests in flight do not hold up later
   * starts. A `RestRateLimitedError` from `task` pauses every request (`Retry-After`, else back-off),
   * then `task` is tried again first in line; other errors and values pass through.
   */
  request<T>(weight: number, task: () => Observable<T>): Observable<T>;
  /**
   * The venue's own count of the weight used this minute (Binance `X-MBX-USED-WEIGHT-1M`): when it is
   * above the pacer's count (another process on the same IP), the difference is booked now.
   */
  noteUsedWeight(used: number): void;
  /** The requests waiting for their turn, and their weight: what a caller weighs before asking for more. */
  waiting(): { readonly requests: number; readonly weight: number };
  /** The weight this pacer holds to per minute now: the venue's `weightPerMinute` times this process's share. */
  readonly weightPerMinute: number;
}

interface Waiting {
  readonly weight: number;
  readonly start: () => void;
}

export function restWeightPacer(scheduler: SchedulerLike, config: Partial<RestWeightPacerConfig> = {}): RestWeightPacer {
  const settings: RestWeightPacerConfig = { ...DEFAULT_REST_WEIGHT_PACER_CONFIG, ...config };
  const queue: Waiting[] = [];
  const starts: { readonly at: number; readonly weight: number }[] = [];
  let lastStartAt = Number.NEGATIVE_INFINITY;
  let pausedUntil = Number.NEGATIVE_INFINITY;
  let backoffMs = settings.backoffInitialMs;
  let timer: Subscription | undefined;
  const share = settings.share ?? (() => 1);
  const budget = (): number => settings.weightPerMinute * Math.min(1, share());

  /** How long until the last minute's starts leave room for `weight` (all of the budget when it is heavier). */
  const budgetWait = (weight: number, now: number): number => {
    const perMinute = budget();
    const needed = Math.min(weight, perMinute);
    let used = starts.reduce((sum, s) => sum + s.weight, 0);
    for (const s of starts) {
      if (used + needed <= perMinute) break;
      used -= s.weight;
      if (used + needed <= perMinute) return s.at + WINDOW_MS - now;
    }
    return 0;
  };

  const wake = (after: number | undefined): void => {
    timer?.unsubscribe();
    timer = after === undefined ? undefined : scheduler.schedule(pump, after);
  };

  const pump = (): void => {
    wake(undefined);
    for (;;) {
      const next = queue[0];
      if (next === undefined) return;
      const now = scheduler.now();
      while (starts[0] !== undefined && starts[0].at + WINDOW_MS <= now) starts.shift();
      const wait = Math.max(pausedUntil - now, lastStartAt + settings.minIntervalMs / Math.min(1, share()) - now, budgetWait(next.weight, now));
      if (wait > 0) return wake(wait);
      queue.shift();
      starts.push({ at: now, weight: next.weight });
      lastStartAt = now;
      next.start();
    }
  };

  const pause = (error: RestRateLimitedError): void => {
    const { status, retryAfterMs } = error.info;
    const wait = status === 418 ? Math.max(settings.banBackoffMs, retryAfterMs ?? 0) : (retryAfterMs ?? backoffMs);
    if (status === 429 && retryAfterMs === undefined) backoffMs = Math.min(backoffMs * 2, settings.backoffMaxMs);
    pausedUntil = Math.max(pausedUntil, scheduler.now() + wait);
  };

  return {
    get weightPerMinute() {
      return budget();
    },
    waiting: () => ({ requests: queue.length, weight: queue.reduce((sum, entry) => sum + entry.weight, 0) }),
    noteUsedWeight: (used) => {
      const now = scheduler.now();
      while (starts[0] !== undefined && starts[0].at + WINDOW_MS <= now) starts.shift();
      // What the others on this IP used beyond their shares (all of it when this process has the whole budget).
      const unseen = used - starts.reduce((sum, s) => sum + s.weight, 0) - (settings.weightPerMinute - budget());
      if (unseen > 0) starts.push({ at: now, weight: unseen });
    },
    request: <T>(weight: number, task: () => Observable<T>) =>
      new Observable<T>((subscriber) => {
        let inner: Subscription | undefined;
        const entry: Waiting = {
          weight,
          start: () => {
            inner = task().subscribe({
              next: (value) => {
                backoffMs = settings.backoffInitialMs;
                subscriber.next(value);
              },
              complete: () => subscriber.complete(),
              error: (error: unknown) => {
                if (!(error instanceof RestRateLimitedError)) return subscriber.error(error);
                pause(error);
                queue.unshift(entry);
                pump();
              },
            });
          },
        };
        queue.push(entry);
        pump();
        return () => {
          const at = queue.indexOf(entry);
          if (at >= 0) queue.splice(at, 1);
          inner?.unsubscribe();
        };
      }),
  };
}
