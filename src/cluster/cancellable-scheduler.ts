import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';

/**
 * A scheduler whose pending work is all cancelled at once, and which takes none after that: what a
 * part of the pipeline scheduled (a hold's end, a hand-over's time-out) is dropped when it stops,
 * so that none of its timers keeps a stopped process alive. Work that ran, or was cancelled by its
 * own subscription, is forgotten at once (work that schedules itself again through its action's
 * `this.schedule` is not followed: schedule anew through this scheduler instead).
 */
export class CancellableScheduler implements SchedulerLike {
  private readonly pending = new Set<Subscription>();
  private cancelled = false;

  constructor(private readonly inner: SchedulerLike) {}

  now(): number {
    return this.inner.now();
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay?: number, state?: T): Subscription {
    if (this.cancelled) return Subscription.EMPTY;
    const pending = this.pending;
    // Set once the inner scheduler answered; work run at once (the queue scheduler at no delay) finds it unset.
    const scheduled: { action?: Subscription; ran?: boolean } = {};
    const action = this.inner.schedule(
      function (this: SchedulerAction<T>, given?: T) {
        scheduled.ran = true;
        if (scheduled.action !== undefined) pending.delete(scheduled.action);
        work.call(this, given);
      },
      delay,
      state,
    );
    if (scheduled.ran !== true) {
      scheduled.action = action;
      pending.add(action);
      action.add(() => pending.delete(action));
    }
    return action;
  }

  /** Cancels every piece of work still pending; whatever is scheduled from now on is dropped. */
  cancelAll(): void {
    this.cancelled = true;
    for (const action of [...this.pending]) action.unsubscribe();
    this.pending.clear();
  }

  /** How many pieces of work are pending. */
  get size(): number {
    return this.pending.size;
  }
}
