import { VirtualAction, VirtualTimeScheduler } from 'rxjs';

/**
 * The clock of a replay: an RxJS virtual-time scheduler whose time is epoch ms and moves only when
 * told, to each captured frame's receive time. Every operator timer (staleness, windows, backoff)
 * due by then runs first, in time order, so a replay's statuses and windows follow the capture's
 * clock and two replays of one capture are identical.
 */
export class CaptureScheduler extends VirtualTimeScheduler {
  constructor(startTs: number) {
    super(VirtualAction, Infinity);
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
