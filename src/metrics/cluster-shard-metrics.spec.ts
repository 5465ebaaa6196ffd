import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ClusterShardMetrics } from './cluster-shard-metrics.js';

describe('ClusterShardMetrics', () => {
  it("shows each shard's owner and standby, and how far back this instance's standby holds reach, at scrape time", async () => {
    const registry = new Registry();
    const metrics = new ClusterShardMetrics(registry);
    metrics.watch({
      views: () => [{ shard: 0, owner: 'feed-1', standby: 'feed-2' }, { shard: 1, owner: 'feed-2', standby: 'feed-1', holdReachMs: 21_500 }, { shard: 2 }],
    });
    const text = await registry.metrics();
    expect(text).toContain('market_feed_cluster_shard_owner{cluster_shard="0",instance="feed-1"} 1');
    expect(text).toContain('market_feed_cluster_shard_owner{cluster_shard="1",instance="feed-2"} 1');
    expect(text).toContain('market_feed_cluster_shard_standby{cluster_shard="0",instance="feed-2"} 1');
    expect(text).toContain('market_feed_cluster_standby_hold_seconds{cluster_shard="1"} 21.5');
    expect(text).not.toContain('cluster_shard="2"');
  });
});
