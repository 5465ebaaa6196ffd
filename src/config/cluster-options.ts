import { DEFAULT_SHARD_MEMBERSHIP_CONFIG } from '../cluster/shard-membership.js';
import { integer, no, ok, option, type ConfigOption, type ParseResult } from './config-option.js';

/** Shards of a cluster's universe by default: the partitions of its control topic. */
export const DEFAULT_CLUSTER_SHARDS = 64;

/** A name Kafka takes in a group id and a topic name (letters, digits, `.`, `_`, `-`), at most 100 characters. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

function optionalName(raw: unknown): ParseResult<string | undefined> {
  if (raw === undefined || raw === '') return ok(undefined);
  return typeof raw === 'string' && NAME.test(raw) ? ok(raw) : no('a name of letters, digits, ".", "_" and "-" (at most 100, starting with a letter or digit)');
}

/** How `run` takes part in a cluster of instances coordinated by Kafka. */
export const CLUSTER_OPTIONS: readonly ConfigOption[] = [
  option({
    key: 'cluster.name',
    env: 'MARKET_FEED_CLUSTER',
    flag: 'cluster',
    default: undefined,
    parse: optionalName,
    description: 'join the cluster of this name: instances with the same name share the instruments (consumer group market-feed.NAME on the control topic market-feed.NAME.shards), each serving the shards Kafka assigns it; unset: this process serves every instrument',
  }),
  option({
    key: 'cluster.instanceId',
    env: 'MARKET_FEED_INSTANCE_ID',
    flag: 'instance-id',
    default: undefined,
    parse: optionalName,
    description: 'a stable name of this instance in its cluster (static membership): a restart within the session timeout moves no shard; unset: a new member each start',
  }),
  option({ key: 'cluster.shards', env: 'MARKET_FEED_CLUSTER_SHARDS', flag: 'cluster-shards', default: DEFAULT_CLUSTER_SHARDS, parse: integer(1, 1_024), description: 'shards of the universe (partitions of the control topic; the same for every instance of a cluster)' }),
  option({
    key: 'cluster.sessionTimeoutMs',
    env: 'MARKET_FEED_CLUSTER_SESSION_TIMEOUT_MS',
    flag: 'cluster-session-timeout-ms',
    default: DEFAULT_SHARD_MEMBERSHIP_CONFIG.sessionTimeoutMs,
    parse: integer(6_000, 300_000),
    description: 'an instance not heard from for this long loses its shards to the others (the brokers allow 6000 to 300000 by default)',
  }),
];

/** The cluster settings of `run` (see `CLUSTER_OPTIONS`). */
export interface ClusterSettings {
  readonly name?: string;
  readonly instanceId?: string;
  readonly shards: number;
  readonly sessionTimeoutMs: number;
}

/** The part of the `run` configuration `CLUSTER_OPTIONS` fills. */
export interface ClusterConfig {
  readonly cluster: ClusterSettings;
}
