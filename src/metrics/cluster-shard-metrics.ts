import { Gauge, type Registry } from 'prom-client';

/** One cluster shard as this instance sees it: its owner and standby (as the control topic and the group say) and, when it stands by the shard, how far back its hold reaches. */
export interface ClusterShardView {
  readonly shard: number;
  readonly owner?: string;
  readonly standby?: string;
  /** This instance stands by the shard: how far back the trades it holds reach now, ms. */
  readonly holdReachMs?: number;
}

/** Where the metrics find the cluster's shards when scraped. */
export interface ClusterShardSource {
  views(): Iterable<ClusterShardView>;
}

/**
 * Per cluster shard, read when scraped: `market_feed_cluster_shard_owner{cluster_shard, instance}`
 * and `market_feed_cluster_shard_standby{cluster_shard, instance}` (1 for the instance each is), and
 * `market_feed_cluster_standby_hold_seconds{cluster_shard}`, for each shard this instance stands by,
 * how far back the trades it holds reach (what a takeover can publish of the time before it). Labels
 * are shards and instances, never instruments.
 */
export class ClusterShardMetrics {
  private source: ClusterShardSource | undefined;

  constructor(registry: Registry) {
    const views = (): readonly ClusterShardView[] => [...(this.source?.views() ?? [])];
    new Gauge({
      name: 'market_feed_cluster_shard_owner',
      help: 'The instance that owns each cluster shard, as the control topic says (1)',
      labelNames: ['cluster_shard', 'instance'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const view of views()) if (view.owner !== undefined) this.set({ cluster_shard: String(view.shard), instance: view.owner }, 1);
      },
    });
    new Gauge({
      name: 'market_feed_cluster_shard_standby',
      help: "The instance that stands by each cluster shard (--cluster-standbys 1), as this instance chooses it from the group's members (1)",
      labelNames: ['cluster_shard', 'instance'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const view of views()) if (view.standby !== undefined) this.set({ cluster_shard: String(view.shard), instance: view.standby }, 1);
      },
    });
    new Gauge({
      name: 'market_feed_cluster_standby_hold_seconds',
      help: 'For each cluster shard this instance stands by: how far back the trades it holds reach, seconds',
      labelNames: ['cluster_shard'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const view of views()) if (view.holdReachMs !== undefined) this.set({ cluster_shard: String(view.shard) }, view.holdReachMs / 1_000);
      },
    });
  }

  /** Reads these shards at every scrape from now on. */
  watch(source: ClusterShardSource): void {
    this.source = source;
  }
}
