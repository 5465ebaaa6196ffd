import { closesInFlight, leftOpen } from '../kafka/native-handles.js';

/** How long the end of a process waits, ms. */
export interface ProcessEndLimits {
  /** For anything still open once the command ended. */
  readonly graceMs: number;
  /** For librdkafka closes still running once the command ended. */
  readonly closeLimitMs: number;
}

/** 5 s of grace; librdkafka bounds each request by its socket time-out (10 s for our clients): a close of 60 s is stuck. */
export const PROCESS_END_LIMITS: ProcessEndLimits = { graceMs: 5000, closeLimitMs: 60_000 };

/**
 * Once a command has finished (a run has flushed what it held), the process ends when nothing is
 * left to do. Something still open (a venue's REST answer that never came, a timer) must not keep a
 * stopped pipeline alive past its grace: it exits then with the command's code, naming what was open.
 * A librdkafka client left open on purpose ends with the process at once. A librdkafka close still
 * running is waited for, with this event loop running (an exit would wait for its thread without
 * answering what it may still ask: native-handles.ts), for up to a minute; a close still
 * running then will not end, and the process ends by SIGKILL, saying so.
 */
export function exitWith(code: number, { graceMs, closeLimitMs }: ProcessEndLimits = PROCESS_END_LIMITS): void {
  process.exitCode = code;
  const ended = Date.now();
  const kept = leftOpen().length > 0;
  const end = (): void => {
    const closes = closesInFlight();
    if (closes.length === 0) {
      if (!kept)
        process.stderr.write(`market-feed: still open ${graceMs} ms after the command ended (${process.getActiveResourcesInfo().join(', ')}); exiting\n`);
      process.exit(code);
    }
    if (Date.now() - ended < closeLimitMs) {
      setTimeout(end, 1000).unref();
      return;
    }
    process.stderr.write(
      `market-feed: librdkafka's close of ${closes.join(', ')} has not returned ${closeLimitMs / 1000} s after the command ended, and an exit waits for it: ending by SIGKILL\n`,
    );
    process.kill(process.pid, 'SIGKILL');
  };
  setTimeout(end, kept ? 0 : graceMs).unref();
}
