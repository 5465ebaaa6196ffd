import type { Logger } from 'pino';
import type { MarketFeedConfig } from '../../config/market-feed-config.js';
import type { FeedMetrics } from '../../metrics/feed-metrics.js';
import { startHealthServer, type Readiness } from '../../metrics/health-server.js';
import type { FeedMonitor } from '../../pipeline/feed-monitor.js';
import { readinessOf } from '../../pipeline/readiness.js';
import type { SinkDelivery } from '../../sink/sink-delivery.js';

/** Stage 4 of `run`: `/metrics`, `/healthz` and `/readyz` (ready while the feed is live and the sink acknowledges in time). */
export async function healthStage(options: {
  readonly config: MarketFeedConfig;
  readonly metrics: FeedMetrics;
  readonly monitor: FeedMonitor;
  readonly delivery: (() => SinkDelivery) | undefined;
  readonly log: Logger;
}): Promise<{ close(): Promise<void> }> {
  const { config, metrics, monitor, delivery } = options;
  const readinessConfig = { maxAckDelayMs: config.kafka.readyMaxAckDelayMs };
  const readiness = (): Readiness =>
    readinessOf({ feed: monitor.health(), ...(delivery === undefined ? {} : { delivery: delivery() }), now: Date.now(), config: readinessConfig });
  metrics.readiness.watch(readiness);
  const health = await startHealthServer({ host: config.metrics.host, port: config.metrics.port, metrics, readiness });
  options.log.info({ url: health.url }, 'metrics, /healthz and /readyz listening');
  return health;
}
