import { Subscription, VirtualAction, VirtualTimeScheduler } from 'rxjs';

/**
 * A virtual action that reschedules itself in place. RxJS's `VirtualAction` makes a new action for
 * every reschedule and keeps it as a child of the previous one (so tests can inspect each), which
 * over a replay of hours makes an `interval` a chain of tens of thousands of nested subscriptions:
 * memory that grows with the capture's length, and a stack overflow when the chain is unsubscribed.
 */
class CaptureAction<T> extends VirtualAction<T> {
  override schedule(state?: T, delay = 0): Subscription {
    if (!Number.isFinite(delay) || this.closed) return Subscription.EMPTY;
    if (this.id === undefined) return super.schedule(state, delay);
    const queue = this.scheduler.actions;
    const queued = queue.indexOf(this);
    if (queued >= 0) queue.splice(queued, 1);
    this.index = this.scheduler.index += 1;
    if (state === undefined) delete this.state;
    else this.state = state;
    this.pending = true;
    this.id = this.requestAsyncId(this.scheduler, this.id, delay);
    return this;
  }
}

/**
 * The clock of a replay: an RxJS virtual-time scheduler whose time is epoch ms and moves only when
 * told, to each captured frame's receive time. Every operator timer (staleness, windows, backoff)
 * due by then runs first, in time order, so a replay's statuses and windows follow the capture's
 * clock and two replays of one capture are identical.
 */
export class CaptureScheduler extends VirtualTimeScheduler {
  constructor(startTs: number) {
    super(CaptureAction, Infinity);
    this.frame = startTs;
  }

  /** Runs the timers due at or before `ts`, then sets the clock to `ts` (it never goes back). */
  advanceTo(ts: number): void {
    this.maxFrames = ts;
    this.flush();
    this.maxFrames = Infinity;
    if (ts > this.frame) this.frame = ts;
  }
}
