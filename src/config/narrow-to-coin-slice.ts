import { join } from 'node:path';
import { ConfigError } from './load-config.js';
import type { MarketFeedConfig } from './market-feed-config.js';
import { sliceCoins } from './coin-slice.js';

/**
 * A run's configuration narrowed to its shard: its coins, and a spool folder of its own under the
 * configured one (two processes must never share a spool); a cluster instance with an instance id
 * spools under `instance-ID`. Unchanged without shards; a shard left with no coin is a configuration error.
 */
export function narrowToCoinSlice(config: MarketFeedConfig): MarketFeedConfig {
  const { shard } = config;
  // A cluster instance with a stable name spools apart from the other instances on its host, under that name.
  if (config.cluster.name !== undefined && config.cluster.instanceId !== undefined) {
    return { ...config, kafka: { ...config.kafka, spoolDir: join(config.kafka.spoolDir, `instance-${config.cluster.instanceId}`) } };
  }
  if (shard.count === 1) return config;
  const coins = sliceCoins(config.coins, shard);
  if (coins.length === 0) throw new ConfigError('shard', 'configuration', `at most as many shards as coins (${config.coins.length})`);
  return { ...config, coins, kafka: { ...config.kafka, spoolDir: join(config.kafka.spoolDir, `shard-${shard.index}-of-${shard.count}`) } };
}
