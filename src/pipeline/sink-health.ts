/** The sink counts this reads: acknowledged records and failed produce requests. */
export interface SinkProgress {
  readonly acked: number;
  readonly sendFailures: number;
}

/**
 * Kafka reachability from the sink's own progress, sampled periodically: unreachable from a
 * failed produce request until the next acknowledgement.
 */
export class SinkHealth {
  private lastAcked = 0;
  private lastFailures = 0;
  private failing = false;

  sample(progress: SinkProgress): void {
    if (progress.acked > this.lastAcked) this.failing = false;
    if (progress.sendFailures > this.lastFailures) this.failing = true;
    this.lastAcked = progress.acked;
    this.lastFailures = progress.sendFailures;
  }

  get reachable(): boolean {
    return !this.failing;
  }
}
