import { DEFAULT_HAND_OVER_OVERLAP_MS, DEFAULT_HAND_OVER_TIMEOUT_MS } from './shard-hand-over-states.js';
import { DEFAULT_SHARD_MEMBERSHIP_CONFIG } from './shard-membership.js';
import { integer, no, ok, oneOfIntegers, option, optionalInteger, type ConfigOption, type ParsedSetting } from '../settings/config-option.js';

/** Shards of a cluster's universe by default: the partitions of its control topic. */
export const DEFAULT_CLUSTER_SHARDS = 64;

/** How long a planned stop serves its shards at most while their new owners subscribe, ms by default. */
export const DEFAULT_CLUSTER_LEAVE_TIMEOUT_MS = 60_000;

/** A name Kafka takes in a group id and a topic name (letters, digits, `.`, `_`, `-`), at most 100 characters. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

function optionalName(raw: unknown): ParsedSetting<string | undefined> {
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
    description:
      'join the cluster of this name: instances with the same name share the instruments (consumer group market-feed.NAME on the control topic market-feed.NAME.shards), each serving the shards Kafka assigns it; unset: this process serves every instrument',
  }),
  option({
    key: 'cluster.instanceId',
    env: 'MARKET_FEED_INSTANCE_ID',
    flag: 'instance-id',
    default: undefined,
    parse: optionalName,
    description:
      'a stable name of this instance in its cluster (static membership): a restart within the session timeout moves no shard; unset: a new member each start',
  }),
  option({
    key: 'cluster.shards',
    env: 'MARKET_FEED_CLUSTER_SHARDS',
    flag: 'cluster-shards',
    default: DEFAULT_CLUSTER_SHARDS,
    parse: integer(1, 1_024),
    description: 'shards of the universe (partitions of the control topic; the same for every instance of a cluster)',
  }),
  option({
    key: 'cluster.sessionTimeoutMs',
    env: 'MARKET_FEED_CLUSTER_SESSION_TIMEOUT_MS',
    flag: 'cluster-session-timeout-ms',
    default: DEFAULT_SHARD_MEMBERSHIP_CONFIG.sessionTimeoutMs,
    parse: integer(6_000, 300_000),
    description: 'an instance not heard from for this long loses its shards to the others (the brokers allow 6000 to 300000 by default)',
  }),
  option({
    key: 'cluster.handOverTimeoutMs',
    env: 'MARKET_FEED_CLUSTER_HAND_OVER_TIMEOUT_MS',
    flag: 'cluster-hand-over-timeout-ms',
    default: DEFAULT_HAND_OVER_TIMEOUT_MS,
    parse: integer(1_000, 300_000),
    description:
      "a new owner of a shard that has subscribed its instruments waits this long at most for the previous owner's release, then publishes what it holds (the previous owner serves the shard until the new one has subscribed, however long that takes)",
  }),
  option({
    key: 'cluster.leaveTimeoutMs',
    env: 'MARKET_FEED_CLUSTER_LEAVE_TIMEOUT_MS',
    flag: 'cluster-leave-timeout-ms',
    default: DEFAULT_CLUSTER_LEAVE_TIMEOUT_MS,
    parse: integer(1_000, 3_600_000),
    description:
      'a planned stop (SIGTERM) serves its shards until their new owners have subscribed, for at most this long; then it stops, each shard not handed over says so, and the new owner names the hole between them (give the process this long, plus the shutdown deadline, before it is killed)',
  }),
  option({
    key: 'cluster.handOverOverlapMs',
    env: 'MARKET_FEED_CLUSTER_HAND_OVER_OVERLAP_MS',
    flag: 'cluster-hand-over-overlap-ms',
    default: DEFAULT_HAND_OVER_OVERLAP_MS,
    parse: integer(0, 60_000),
    description:
      "how long the previous owner of a shard goes on publishing after the new owner said it has subscribed (covers the difference of their sockets' delays); the new owner publishes only the trades after the previous owner's last",
  }),
  option({
    key: 'cluster.standbys',
    env: 'MARKET_FEED_CLUSTER_STANDBYS',
    flag: 'cluster-standbys',
    default: 0,
    parse: oneOfIntegers([0, 1]),
    description:
      "standby instances per shard (0 or 1): with 1, each shard is also subscribed by another instance (on another host when the group's members are on several), which holds its trades for cluster.standbyHoldMs and takes the shard at once, publishing them after the owner's last, when the owner leaves the group without a word (killed); a standby costs its instance the shard's subscriptions and connections again",
  }),
  option({
    key: 'cluster.standbyHoldMs',
    env: 'MARKET_FEED_CLUSTER_STANDBY_HOLD_MS',
    flag: 'cluster-standby-hold-ms',
    default: undefined,
    parse: optionalInteger(1_000, 600_000),
    description:
      "how long a standby holds the trades of a shard it follows, ms (its memory is bounded by this many milliseconds of the shard's trades); unset: the session timeout plus 10000, what a killed owner's shard takes to be found lost and taken over",
  }),
];

/** How long a standby holds a shard's trades beyond the session timeout by default, ms (the owner found gone, the takeover's read-back). */
export const STANDBY_HOLD_MARGIN_MS = 10_000;

/** How long a standby holds a shard's trades, ms: `standbyHoldMs`, else the session timeout plus {@link STANDBY_HOLD_MARGIN_MS}. */
export function standbyHoldMsOf(settings: Pick<ClusterSettings, 'sessionTimeoutMs' | 'standbyHoldMs'>): number {
  return settings.standbyHoldMs ?? settings.sessionTimeoutMs + STANDBY_HOLD_MARGIN_MS;
}

/** The cluster settings of `run` (see `CLUSTER_OPTIONS`). */
export interface ClusterSettings {
  readonly name?: string;
  readonly instanceId?: string;
  readonly shards: number;
  readonly sessionTimeoutMs: number;
  readonly handOverTimeoutMs: number;
  readonly handOverOverlapMs: number;
  readonly leaveTimeoutMs: number;
  /** Standby instances per shard: 0 (none) or 1. */
  readonly standbys: 0 | 1;
  /** How long a standby holds a shard's trades, ms; undefined: see {@link standbyHoldMsOf}. */
  readonly standbyHoldMs?: number;
}

/** The part of the `run` configuration `CLUSTER_OPTIONS` fills. */
export interface ClusterConfig {
  readonly cluster: ClusterSettings;
}
