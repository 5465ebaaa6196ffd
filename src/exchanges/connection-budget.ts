import { Observable, asyncScheduler, type SchedulerLike, type Subscription } from 'rxjs';
import type { OpenPacer } from './adapter-config.js';

export interface ConnectionBudgetConfig {
  /** Connection attempts allowed per window (the venue's per-IP limit, or this process's share of it). */
  readonly attempts: number;
  /** The window, ms. */
  readonly windowMs: number;
  /**
   * Least time between two attempts, ms; default `windowMs / attempts`, so that a mass reconnect is
   * spread over the window instead of spending it in the first second.
   */
  readonly minIntervalMs?: number;
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
 * `windowMs` and at least `minIntervalMs` after the previous one, first come first served, on the
 * scheduler. A socket that stops waiting gives its place up.
 */
export class ConnectionBudget implements OpenPacer {
  private readonly starts: number[] = [];
  private readonly queue: { readonly go: () => void }[] = [];
  private readonly scheduler: SchedulerLike;
  private readonly minIntervalMs: number;
  private timer: Subscription | undefined;
  private started = 0;

  constructor(private readonly config: ConnectionBudgetConfig) {
    this.scheduler = config.scheduler ?? asyncScheduler;
    this.minIntervalMs = config.minIntervalMs ?? config.windowMs / config.attempts;
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
    const last = this.starts.at(-1);
    const spacing = last === undefined ? 0 : last + this.minIntervalMs - now;
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
