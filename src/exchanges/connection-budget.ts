import { Observable, asyncScheduler, type SchedulerLike, type Subscription } from 'rxjs';
import type { OpenPacer } from './adapter-config.js';

export interface ConnectionBudgetConfig {
  /** Connection attempts allowed per window (the venue's per-IP limit, or this process's share of it). */
  readonly attempts: number;
  /** The window, ms. */
  readonly windowMs: number;
  /**
   * The pace attempts are spread at beyond a burst, ms per attempt; default `windowMs / attempts`, so
   * that a mass reconnect is spread over the window instead of spending it in the first second.
   */
  readonly minIntervalMs?: number;
  /** Attempts that may start together (a start-up's shards) before the pace applies: at most `burst` in any `burst * minIntervalMs`. Default 20. */
  readonly burst?: number;
  /** Clock and timers. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}

/** A venue's connection attempts so far and the turns waiting, for metrics and tests. */
export interface ConnectionBudgetState {
  /** Attempts started in the current window. */
  readonly inWindow: number;
  /** Sockets waiting for a turn. */
  readonly waiting: number;
  /** Attempts started since the budget was made. */
  readonly started: number;
}

/**
 * The connection attempts of one venue, shared by all its sockets (every connection shard, every
 * reconnect and rotation): a turn is given when fewer than `attempts` were started in the last
 * `windowMs` and fewer than `burst` in the last `burst * minIntervalMs` (a burst goes at once, a
 * longer run at the pace), first come first served, on the scheduler. A socket that stops waiting
 * gives its place up.
 */
export class ConnectionBudget implements OpenPacer {
  private readonly starts: number[] = [];
  private readonly queue: { readonly go: () => void }[] = [];
  private readonly scheduler: SchedulerLike;
  private readonly minIntervalMs: number;
  private readonly burst: number;
  private timer: Subscription | undefined;
  private started = 0;

  constructor(private readonly config: ConnectionBudgetConfig) {
    this.scheduler = config.scheduler ?? asyncScheduler;
    this.minIntervalMs = config.minIntervalMs ?? config.windowMs / config.attempts;
    this.burst = Math.max(1, Math.min(config.burst ?? 20, config.attempts));
  }

  turn(): Observable<void> {
    return new Observable<void>((subscriber) => {
      const waiter = {
        go: () => {
          subscriber.next();
          subscriber.complete();
        },
      };
      this.queue.push(waiter);
      this.serve();
      return () => {
        const at = this.queue.indexOf(waiter);
        if (at >= 0) this.queue.splice(at, 1);
      };
    });
  }

  get state(): ConnectionBudgetState {
    this.forgetOld(this.scheduler.now());
    return { inWindow: this.starts.length, waiting: this.queue.length, started: this.started };
  }

  private forgetOld(now: number): void {
    while (this.starts.length > 0 && (this.starts[0] ?? now) <= now - this.config.windowMs) this.starts.shift();
  }

  /** How long until the next turn may be given. */
  private waitMs(now: number): number {
    this.forgetOld(now);
    const burstStart = this.starts.length < this.burst ? undefined : this.starts[this.starts.length - this.burst];
    const spacing = burstStart === undefined ? 0 : burstStart + this.burst * this.minIntervalMs - now;
    const oldest = this.starts[0];
    const window = this.starts.length < this.config.attempts || oldest === undefined ? 0 : oldest + this.config.windowMs - now;
    return Math.max(0, spacing, window);
  }

  private serve(): void {
    if (this.timer !== undefined) return;
    while (this.queue.length > 0) {
      const now = this.scheduler.now();
      const wait = this.waitMs(now);
      if (wait > 0) {
        this.timer = this.scheduler.schedule(() => {
          this.timer = undefined;
          this.serve();
        }, wait);
        return;
      }
      const next = this.queue.shift();
      if (next === undefined) return;
      this.starts.push(now);
      this.started += 1;
      next.go();
    }
  }
}
