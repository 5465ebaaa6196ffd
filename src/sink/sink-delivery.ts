/** How delivery to Kafka stands at one moment: what readiness and the metrics read. */
export interface SinkDelivery {
  /**
   * The earliest time (epoch ms) the oldest record not yet acknowledged by Kafka (in memory or in
   * the spool) can have arrived; undefined when nothing waits.
   */
  readonly oldestUnackedAt: number | undefined;
  /** Set by a failed produce request or a request timeout the client reports; cleared by the next acknowledgement. */
  readonly unreachable?: { readonly since: number; readonly reason: string };
}

/** The earlier of two optional times. */
export function earliest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  return b === undefined || a <= b ? a : b;
}

/** Whether every record written before `at` (epoch ms) is acknowledged: nothing older than `at` waits. */
export function deliveredBefore(delivery: SinkDelivery, at: number): boolean {
  return delivery.oldestUnackedAt === undefined || delivery.oldestUnackedAt >= at;
}
