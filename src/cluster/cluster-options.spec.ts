import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { DEFAULT_CLUSTER_SHARDS, standbyHoldMsOf } from './cluster-options.js';
import { DEFAULT_SHARD_MEMBERSHIP_CONFIG } from './shard-membership.js';

const load = (flags: Record<string, string>, env: Record<string, string> = {}) => loadConfig({ env, flags });

describe('cluster options', () => {
  it('leave run out of any cluster by default, with 64 shards and the membership session timeout ready', () => {
    expect(load({}).cluster).toEqual({
      name: undefined,
      instanceId: undefined,
      shards: DEFAULT_CLUSTER_SHARDS,
      sessionTimeoutMs: DEFAULT_SHARD_MEMBERSHIP_CONFIG.sessionTimeoutMs,
      handOverTimeoutMs: 10_000,
      handOverOverlapMs: 1_000,
      leaveTimeoutMs: 60_000,
      standbys: 0,
      standbyHoldMs: undefined,
    });
    expect(DEFAULT_CLUSTER_SHARDS).toBe(64);
  });

  it('read the cluster, the instance, the shards and the session timeout from flags and the environment', () => {
    expect(
      load({
        cluster: 'prod-feed',
        'instance-id': 'feed-1',
        'cluster-shards': '32',
        'cluster-session-timeout-ms': '15000',
        'cluster-hand-over-timeout-ms': '5000',
        'cluster-hand-over-overlap-ms': '0',
        'cluster-leave-timeout-ms': '120000',
        'cluster-standbys': '1',
        'cluster-standby-hold-ms': '30000',
      }).cluster,
    ).toEqual({
      name: 'prod-feed',
      instanceId: 'feed-1',
      shards: 32,
      sessionTimeoutMs: 15_000,
      handOverTimeoutMs: 5_000,
      handOverOverlapMs: 0,
      leaveTimeoutMs: 120_000,
      standbys: 1,
      standbyHoldMs: 30_000,
    });
    expect(load({}, { MARKET_FEED_CLUSTER: 'prod', MARKET_FEED_INSTANCE_ID: 'feed_2' }).cluster).toMatchObject({ name: 'prod', instanceId: 'feed_2' });
    expect(load({}, { MARKET_FEED_CLUSTER_STANDBYS: '1' }).cluster.standbys).toBe(1);
  });

  it("hold a standby's trades for the session timeout plus 10 s unless told otherwise", () => {
    expect(standbyHoldMsOf(load({ 'cluster-session-timeout-ms': '15000' }).cluster)).toBe(25_000);
    expect(standbyHoldMsOf(load({ 'cluster-standby-hold-ms': '40000' }).cluster)).toBe(40_000);
  });

  it.each([
    [{ cluster: 'prod feed' }, 'cluster.name'],
    [{ cluster: '.hidden' }, 'cluster.name'],
    [{ cluster: 'x'.repeat(101) }, 'cluster.name'],
    [{ cluster: 'prod', 'instance-id': 'feed/1' }, 'cluster.instanceId'],
    [{ 'instance-id': 'feed-1' }, 'cluster.instanceId'],
    [{ cluster: 'prod', 'cluster-shards': '0' }, 'cluster.shards'],
    [{ cluster: 'prod', 'cluster-session-timeout-ms': '1000' }, 'cluster.sessionTimeoutMs'],
    [{ cluster: 'prod', 'cluster-hand-over-timeout-ms': '500' }, 'cluster.handOverTimeoutMs'],
    [{ cluster: 'prod', 'cluster-hand-over-overlap-ms': '-1' }, 'cluster.handOverOverlapMs'],
    [{ cluster: 'prod', 'cluster-leave-timeout-ms': '500' }, 'cluster.leaveTimeoutMs'],
    [{ cluster: 'prod', 'cluster-standbys': '2' }, 'cluster.standbys'],
    [{ cluster: 'prod', 'cluster-standbys': 'one' }, 'cluster.standbys'],
    [{ cluster: 'prod', 'cluster-standby-hold-ms': '10' }, 'cluster.standbyHoldMs'],
    [{ cluster: 'prod', shard: '1/2' }, 'shard'],
  ])('refuses %o naming %s', (flags, key) => {
    expect(() => load(flags)).toThrow(ConfigError);
    expect(() => load(flags)).toThrow(`invalid ${key}`);
  });
});
