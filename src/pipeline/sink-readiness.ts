import type { SinkDelivery } from '../sink/sink-delivery.js';

/** When Kafka delivery stops counting as ready. */
export interface SinkReadinessConfig {
  /** Not ready once the oldest record waiting for a Kafka acknowledgement (memory or spool) is older than this, ms. Default 5,000. */
  readonly maxAckDelayMs: number;
}

export const DEFAULT_SINK_READINESS_CONFIG: SinkReadinessConfig = { maxAckDelayMs: 5_000 };

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export interface SinkReadinessInput {
  readonly delivery: SinkDelivery;
  /** Epoch ms. */
  readonly now: number;
  /** Default `DEFAULT_SINK_READINESS_CONFIG`. */
  readonly config?: SinkReadinessConfig;
}

/**
 * Why Kafka delivery is not ready at `now`, one reason per rule that fired; empty when ready. Not
 * ready when the oldest unacknowledged record is older than `maxAckDelayMs`, or while the client
 * reports the broker unreachable (until the next acknowledgement).
 */
export function sinkReadinessReasons({ delivery, now, config = DEFAULT_SINK_READINESS_CONFIG }: SinkReadinessInput): string[] {
  const reasons: string[] = [];
  if (delivery.oldestUnackedAt !== undefined) {
    const age = now - delivery.oldestUnackedAt;
    if (age > config.maxAckDelayMs) reasons.push(`kafka: oldest unacknowledged record ${seconds(age)} old (limit ${seconds(config.maxAckDelayMs)})`);
  }
  const { unreachable } = delivery;
  if (unreachable !== undefined) reasons.push(`kafka: broker unreachable for ${seconds(now - unreachable.since)} (${unreachable.reason})`);
  return reasons;
}
