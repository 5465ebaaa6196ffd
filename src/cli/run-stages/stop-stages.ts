import type { Logger } from 'pino';

/** How often a stop says which of its stages it still waits on, ms. */
export const STOP_WAIT_REPORT_MS = 10_000;

/** One stage of a stop: its name in the logs, and the work, awaited before the next stage starts. */
export interface StopStage {
  readonly name: string;
  run(): unknown;
}

/**
 * Runs a stop's stages in order, each awaited before the next. A stage still running after `reportEveryMs`
 * (default `STOP_WAIT_REPORT_MS`) is named every `reportEveryMs` in a warning with the time waited, so that a
 * slow stop says where it is, and says when it ended (`info`); every stage's end is logged at `debug`.
 */
export async function runStopStages(log: Logger, stages: readonly StopStage[], reportEveryMs: number = STOP_WAIT_REPORT_MS): Promise<void> {
  const began = Date.now();
  for (const stage of stages) {
    const started = Date.now();
    let reported = false;
    const waiting = setInterval(() => {
      reported = true;
      log.warn({ stage: stage.name, waitingMs: Date.now() - started, stoppingMs: Date.now() - began }, `stopping: still waiting on ${stage.name}`);
    }, reportEveryMs);
    try {
      await stage.run();
    } finally {
      clearInterval(waiting);
    }
    // A stage that was said slow says when it ended; the others only at debug.
    (reported ? log.info.bind(log) : log.debug.bind(log))({ stage: stage.name, ms: Date.now() - started }, `stopping: ${stage.name} done`);
  }
}
