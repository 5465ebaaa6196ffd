import type { Readiness } from '../metrics/health-server.js';
import type { ExchangeId } from '../model/index.js';
import type { SinkDelivery } from '../sink/sink-delivery.js';

/** When the pipeline stops counting as ready. */
export interface ReadinessConfig {
  /** Not ready once the oldest record waiting for a Kafka acknowledgement (memory or spool) is older than this, ms. Default 5,000. */
  readonly maxAckDelayMs: number;
}

export const DEFAULT_READINESS_CONFIG: ReadinessConfig = { maxAckDelayMs: 5_000 };

/** The facts of the feed readiness is judged on (kept by `FeedMonitor`). */
export interface FeedHealth {
  /** Market events seen since start. */
  readonly marketEvents: number;
  /** Shards whose active venue is in a `feed_stale` period (no `shard`: the one feed of a run without shards). */
  readonly staleActive: readonly { readonly exchange: ExchangeId; readonly shard?: string }[];
}

export interface ReadinessInput {
  readonly feed: FeedHealth;
  /** How Kafka delivery stands; absent for sinks without acknowledgements (stdout). */
  readonly delivery?: SinkDelivery;
  /** Epoch ms. */
  readonly now: number;
  /** Default `DEFAULT_READINESS_CONFIG`. */
  readonly config?: ReadinessConfig;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * Every readiness rule, one reason per rule that fires (`/readyz` and `market_feed_ready` both ask
 * this): ready once market data has arrived, while no shard's active venue is stale, and while Kafka
 * delivery is not behind (see {@link sinkReadinessReasons}).
 */
export function readinessOf({ feed, delivery, now, config = DEFAULT_READINESS_CONFIG }: ReadinessInput): Readiness {
  const reasons: string[] = [];
  for (const { exchange, shard } of feed.staleActive) reasons.push(`${exchange}${shard === undefined ? '' : ` ${shard}`}: feed_stale`);
  if (feed.marketEvents === 0) reasons.push('no market data yet');
  if (delivery !== undefined) reasons.push(...sinkReadinessReasons({ delivery, now, config }));
  return { ready: reasons.length === 0, reasons };
}

/**
 * Why Kafka delivery is not ready at `now`: when the oldest unacknowledged record is older than
 * `maxAckDelayMs`, and while the client reports the broker unreachable (until the next acknowledgement).
 */
export function sinkReadinessReasons({
  delivery,
  now,
  config = DEFAULT_READINESS_CONFIG,
}: {
  readonly delivery: SinkDelivery;
  readonly now: number;
  readonly config?: ReadinessConfig;
}): string[] {
  const reasons: string[] = [];
  if (delivery.oldestUnackedAt !== undefined) {
    const age = now - delivery.oldestUnackedAt;
    if (age > config.maxAckDelayMs) reasons.push(`kafka: oldest unacknowledged record ${seconds(age)} old (limit ${seconds(config.maxAckDelayMs)})`);
  }
  const { unreachable } = delivery;
  if (unreachable !== undefined) reasons.push(`kafka: broker unreachable for ${seconds(now - unreachable.since)} (${unreachable.reason})`);
  return reasons;
}
