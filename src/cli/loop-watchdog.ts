import { Worker } from 'node:worker_threads';
import { PROCESS_END_LIMITS } from './process-end.js';

/** When the watchdog speaks and acts, ms. */
export interface LoopWatchdogLimits {
  /** How often the event loop says it turns, and the watchdog looks. */
  readonly beatMs: number;
  /** A loop that has not turned for this long is said to be blocked (once), and said to turn again when it does. */
  readonly blockedMs: number;
  /** Once the process is stopping, a loop blocked this long will not stop it: the process ends by SIGKILL. */
  readonly stopBlockedMs: number;
}

/**
 * 10 s blocked is said; a stop blocked for a minute (the bound of a librdkafka close, process-end.ts)
 * ends by SIGKILL.
 */
export const LOOP_WATCHDOG_LIMITS: LoopWatchdogLimits = { beatMs: 1000, blockedMs: 10_000, stopBlockedMs: PROCESS_END_LIMITS.closeLimitMs };

/** The watchdog of one process. */
export interface LoopWatchdog {
  /** The process is stopping: from now on a blocked loop ends it (until the process has exited). */
  stopping(): void;
}

/** Indexes of the shared words: the loop's beats, and whether the process is stopping. */
const BEATS = 0;
const STOPPING = 1;

/**
 * The watchdog's thread: it reads the beats and writes to stderr's file descriptor itself (a worker's
 * `process.stderr` goes through the main thread, whose loop is the one blocked).
 */
const WATCHDOG_THREAD = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const words = new Int32Array(workerData.shared);
const { beatMs, blockedMs, stopBlockedMs } = workerData.limits;
const say = (line) => { try { writeSync(2, 'market-feed: ' + line + '\\n'); } catch {} };
let seen = Atomics.load(words, ${BEATS});
let since = Date.now();
let said = false;
setInterval(() => {
  const now = Date.now();
  const beat = Atomics.load(words, ${BEATS});
  if (beat !== seen) {
    if (said) say('the event loop turns again after ' + (now - since) + ' ms blocked');
    seen = beat;
    since = now;
    said = false;
    return;
  }
  const blocked = now - since;
  const stopping = Atomics.load(words, ${STOPPING}) === 1;
  if (!said && blocked >= blockedMs) {
    said = true;
    say('the event loop has not turned for ' + blocked + ' ms' + (stopping ? ' while stopping' : '') + ': a call that does not return holds it (a native client\\'s?); nothing is read, published or answered meanwhile');
  }
  if (stopping && blocked >= stopBlockedMs) {
    say('the event loop has been blocked for ' + blocked + ' ms while stopping, and will not end the stop: ending by SIGKILL');
    process.kill(process.pid, 'SIGKILL');
  }
}, beatMs);
`;

/**
 * Watches this process's event loop from a thread of its own: a loop blocked by a call that does not
 * return (librdkafka's `unsubscribe` has, once, while the group's coordinator moved) is said on
 * stderr, since nothing it would log can be; and a stop whose loop stays blocked ends by SIGKILL
 * instead of hanging, as it would even through a second Ctrl-C (whose handler runs on that loop).
 * The thread and the beat keep nothing alive.
 */
export function watchEventLoop(limits: LoopWatchdogLimits = LOOP_WATCHDOG_LIMITS): LoopWatchdog {
  const shared = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
  const words = new Int32Array(shared);
  const beat = setInterval(() => Atomics.add(words, BEATS, 1), limits.beatMs);
  beat.unref();
  const worker = new Worker(WATCHDOG_THREAD, { eval: true, execArgv: [], workerData: { shared, limits }, stdout: false, stderr: false });
  worker.unref();
  return { stopping: () => void Atomics.store(words, STOPPING, 1) };
}
