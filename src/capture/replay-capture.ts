import { setImmediate as yieldToIo } from 'node:timers/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Observer } from 'rxjs';
import type { CaptureLine } from './capture-line.js';
import type { CaptureScheduler } from './capture-scheduler.js';

/** How fast a capture is replayed: real time, ten times real time, or as fast as possible. */
export type ReplaySpeed = 1 | 10 | 'max';

/** Options for {@link replayCapture}. */
export interface ReplayCaptureOptions {
  /** The capture's lines after the first (which `first` is). */
  readonly rest: AsyncIterator<CaptureLine>;
  readonly first: CaptureLine;
  /** The replay's clock; advanced to each frame's `receivedTs` before the frame is delivered. */
  readonly scheduler: CaptureScheduler;
  /** Where the frames go (the replayed venue). */
  readonly frames: Observer<CaptureLine>;
  readonly speed: ReplaySpeed;
  /** Called every `progressEvery` frames (and at the end). */
  readonly onProgress?: (frames: number) => void;
  /** Frames between yields to I/O (so the sink can send) at `max` speed; default 500. */
  readonly yieldEvery?: number;
  /** Stops the replay early (the frames delivered so far stand). */
  readonly signal?: AbortSignal;
  /** Wall clock for pacing; default `Date.now`. */
  readonly wallClock?: () => number;
}

/** What a replay delivered. */
export interface ReplayResult {
  readonly frames: number;
  readonly firstTs: number;
  readonly lastTs: number;
  /** Why the capture could not be read to its end (a file cut short: its gzip unfinished), if so; the frames before stand. */
  readonly unreadable?: string;
}

/** Smallest pause worth sleeping for when pacing, ms. */
const MIN_SLEEP_MS = 5;

/**
 * Delivers a capture's frames in order, moving the scheduler's clock to each frame's receive time
 * first. At speed 1 or 10 the frames are paced against the wall clock; at `max` they go as fast as
 * the consumers take them.
 */
export async function replayCapture(options: ReplayCaptureOptions): Promise<ReplayResult> {
  const { scheduler, frames, speed } = options;
  const wallClock = options.wallClock ?? Date.now;
  const yieldEvery = options.yieldEvery ?? 500;
  const startedAt = wallClock();
  const firstTs = options.first.receivedTs;
  let lastTs = firstTs;
  let count = 0;
  let line: CaptureLine | undefined = options.first;
  while (line !== undefined && options.signal?.aborted !== true) {
    if (speed !== 'max') {
      const due = startedAt + (line.receivedTs - firstTs) / speed;
      const wait = due - wallClock();
      if (wait >= MIN_SLEEP_MS) await sleep(wait);
    } else if (count % yieldEvery === yieldEvery - 1) {
      await yieldToIo();
    }
    scheduler.advanceTo(line.receivedTs);
    lastTs = Math.max(lastTs, line.receivedTs);
    frames.next(line);
    count++;
    if (count % yieldEvery === 0) options.onProgress?.(count);
    let next: IteratorResult<CaptureLine>;
    try {
      next = await options.rest.next();
    } catch (error) {
      options.onProgress?.(count);
      return { frames: count, firstTs, lastTs, unreadable: error instanceof Error ? error.message : String(error) };
    }
    line = next.done === true ? undefined : next.value;
  }
  options.onProgress?.(count);
  return { frames: count, firstTs, lastTs };
}
