import { Observable, asyncScheduler, type SchedulerLike, type Subscription } from 'rxjs';
import type { OpenPacer } from '../adapter-config.js';

export interface ConnectionBudgetConfig {
  /** Connection attempts allowed per window: the venue's per-IP limit. */
  readonly attempts: number;
  /** The window, ms. */
  readonly windowMs: number;
  /**
   * The pace attempts are spread at beyond a burst, ms per attempt; default `windowMs / ` the effective
   * attempts, so that a mass reconnect is spread over the window instead of spending it in the first second.
   */
  readonly minIntervalMs?: number;
  /** Attempts that may start together (a start-up's shards) before the pace applies: at most `burst` in any `burst * minIntervalMs`, and never more than the effective attempts. Default 20. */
  readonly burst?: number;
  /**
   * The fraction (0 < share <= 1) of `attempts` this process may use now, read at each decision (it
   * changes when a cluster reassigns shards): the effective attempts per window are
   * `max(1, floor(attempts * share()))`. Above 1 counts as 1. Default `() => 1`.
   */
  readonly share?: () => number;
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
  /** Attempts the current share allows per window. */
  readonly limit: number;
}

/**
 * The connection attempts of one venue, shared by all its sockets (every connection shard, every
 * reconnect and rotation): a turn is given when fewer than the effective attempts (`attempts` times
 * this process's `share`) were started in the last `windowMs` and fewer than `burst` in the last
 * `burst * minIntervalMs` (a burst goes at once, a longer run at the pace), first come first served,
 * on the scheduler. A socket that stops waiting gives its place up. The share is read at each
 * decision, so a rise is used at the next turn asked for or due, a fall at the next turn due.
 */
export class ConnectionBudget implements OpenPacer {
  private readonly starts: number[] = [];
  private readonly queue: { readonly go: () => void }[] = [];
  private readonly scheduler: SchedulerLike;
  private readonly share: () => number;
  private timer: Subscription | undefined;
  private started = 0;

  constructor(private readonly config: ConnectionBudgetConfig) {
    this.scheduler = config.scheduler ?? asyncScheduler;
    this.share = config.share ?? (() => 1);
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
      this.timer?.unsubscribe();
      this.timer = undefined;
      this.serve();
      return () => {
        const at = this.queue.indexOf(waiter);
        if (at >= 0) this.queue.splice(at, 1);
      };
    });
  }

  get state(): ConnectionBudgetState {
    this.forgetOld(this.scheduler.now());
    return { inWindow: this.starts.length, waiting: this.queue.length, started: this.started, limit: this.pace().attempts };
  }

  /** The attempts per window, the spacing and the burst that the share allows now. */
  private pace(): { readonly attempts: number; readonly minIntervalMs: number; readonly burst: number } {
    const { windowMs, minIntervalMs, burst } = this.config;
    const attempts = Math.max(1, Math.floor(this.config.attempts * Math.min(1, this.share())));
    return { attempts, minIntervalMs: minIntervalMs ?? windowMs / attempts, burst: Math.max(1, Math.min(burst ?? 20, attempts)) };
  }

  private forgetOld(now: number): void {
    while (this.starts.length > 0 && (this.starts[0] ?? now) <= now - this.config.windowMs) this.starts.shift();
  }

  /** How long until the next turn may be given. */
  private waitMs(now: number): number {
    this.forgetOld(now);
    const { attempts, minIntervalMs, burst } = this.pace();
    const burstStart = this.starts.length < burst ? undefined : this.starts[this.starts.length - burst];
    const spacing = burstStart === undefined ? 0 : burstStart + burst * minIntervalMs - now;
    // The start that must leave the window before one more fits (after a fall of the share, not the oldest).
    const blocking = this.starts.length < attempts ? undefined : this.starts[this.starts.length - attempts];
    const window = blocking === undefined ? 0 : blocking + this.config.windowMs - now;
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
