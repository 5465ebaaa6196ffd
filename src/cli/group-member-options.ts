import type { Logger } from 'pino';
import type { ArchiveConsumerConfig, ArchiveConsumerEvents } from '../archive/archive-consumer.js';
import type { FeedRecordType } from '../model/index.js';
import { RECORD_TOPICS, allTopics, sinkTopics, STRATEGY_SIGNALS_TOPIC } from '../sink/sink-topics.js';
import { UsageError } from './command.js';

/** A group member that does not answer in this long loses its partitions to the others, ms (`--session-timeout-seconds`). */
export const DEFAULT_SESSION_TIMEOUT_MS = 30_000;

/** The flags of a consumer of the topics as a group member (`archive`, `questdb`), in `parseArgs`' form. */
export const GROUP_MEMBER_FLAGS = {
  types: { type: 'string' },
  topic: { type: 'string', multiple: true },
  'topic-prefix': { type: 'string' },
  group: { type: 'string' },
  'instance-id': { type: 'string' },
  'session-timeout-seconds': { type: 'string' },
  brokers: { type: 'string' },
} as const;

/** The values `parseArgs` gives for `GROUP_MEMBER_FLAGS`. */
export interface GroupMemberFlags {
  readonly types?: string | undefined;
  readonly topic?: string[] | undefined;
  readonly 'topic-prefix'?: string | undefined;
  readonly group?: string | undefined;
  readonly 'instance-id'?: string | undefined;
  readonly 'session-timeout-seconds'?: string | undefined;
  readonly brokers?: string | undefined;
}

/** What a consumer of the topics reads, as which member of which group. */
export interface GroupMemberOptions {
  readonly topics: readonly string[];
  /** The deployment's topic prefix (`--topic-prefix`, else KAFKA_TOPIC_PREFIX, else none). */
  readonly topicPrefix: string;
  readonly groupId: string;
  readonly brokers: readonly string[];
  /** SCHEMA_REGISTRY_URL, for Confluent-framed records; absent when unset or empty. */
  readonly registryUrl?: string;
  /** ms; default `DEFAULT_SESSION_TIMEOUT_MS`. */
  readonly sessionTimeoutMs: number;
  /** `group.instance.id`: a restart within the session timeout takes its partitions back at once. */
  readonly instanceId?: string;
}

/** The group member's options from its flags and the environment; throws `UsageError` naming the flag of a bad value. */
export function groupMemberOf(values: GroupMemberFlags, env: Readonly<Record<string, string | undefined>>, defaultGroupId: string): GroupMemberOptions {
  const topicPrefix = values['topic-prefix'] ?? env['KAFKA_TOPIC_PREFIX'] ?? '';
  if (values.topic !== undefined && values.types !== undefined) throw new UsageError('--topic', 'give --topic or --types, not both');
  const topics = values.topic ?? topicsOfTypes(values.types, topicPrefix);
  const groupId = values.group ?? defaultGroupId;
  if (groupId.trim() === '') throw new UsageError('--group', 'must not be empty');
  const brokers = (values.brokers ?? env['KAFKA_BROKERS'] ?? '127.0.0.1:9092')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (brokers.length === 0) throw new UsageError('--brokers', 'at least one host:port');
  const registryUrl = env['SCHEMA_REGISTRY_URL'];
  return {
    topics,
    topicPrefix,
    groupId,
    brokers,
    ...(registryUrl === undefined || registryUrl === '' ? {} : { registryUrl }),
    sessionTimeoutMs: sessionTimeoutMs(values['session-timeout-seconds']),
    ...(values['instance-id'] === undefined ? {} : { instanceId: nonEmpty('--instance-id', values['instance-id']) }),
  };
}

/** The usage lines of `GROUP_MEMBER_FLAGS`; `verb` says what the command does with a topic (`archive`, `write`). */
export function groupMemberUsage(verb: string, defaultGroupId: string): string {
  return `  --types T,T,...              record types to ${verb} (${Object.keys(RECORD_TOPICS).join(', ')},
                               dead_letter, strategy_signal); default all of them
  --topic NAME                 a topic to ${verb} instead (repeat for several)
  --topic-prefix P             the deployment's topic prefix (default KAFKA_TOPIC_PREFIX, else none)
  --group ID                   the consumer group (default ${defaultGroupId})
  --instance-id ID             a static member of the group: restarted within the session timeout, it takes its
                               partitions back without a rebalance (default none)
  --session-timeout-seconds N  a member silent this long loses its partitions to the others (default ${DEFAULT_SESSION_TIMEOUT_MS / 1000})
  --brokers HOST:PORT,...      Kafka bootstrap servers (default KAFKA_BROKERS, else 127.0.0.1:9092)

environment: SCHEMA_REGISTRY_URL to read Confluent-framed records; LOG_LEVEL (default info).`;
}

/** The consumer of a member (client id `market-feed-<role>`) that does not poll for `maxPollIntervalMs` leaves the group. */
export function memberConsumerConfig(
  member: GroupMemberOptions,
  { role, logger, maxPollIntervalMs }: { readonly role: string; readonly logger: Logger; readonly maxPollIntervalMs: number },
): ArchiveConsumerConfig {
  return {
    connection: { brokers: member.brokers, clientId: `market-feed-${role}` },
    groupId: member.groupId,
    topics: member.topics,
    logger,
    sessionTimeoutMs: member.sessionTimeoutMs,
    maxPollIntervalMs,
    role,
    ...(member.instanceId === undefined ? {} : { instanceId: member.instanceId }),
  };
}

/**
 * What the group tells a member's consumer of the topics, passed to `target` once there is one:
 * assignments, revokes (with librdkafka's `lost`), commit outcomes and a fence.
 */
export function memberEvents(target: () => ArchiveConsumerEvents | undefined): ArchiveConsumerEvents {
  return {
    assigned: (partitions) => target()?.assigned(partitions),
    revoked: (partitions, lost) => target()?.revoked(partitions, lost),
    committed: (results) => target()?.committed(results),
    fatal: (reason) => target()?.fatal(reason),
  };
}

/** Every type a consumer of the topics knows, with its topic (before the prefix). */
const TYPE_TOPICS: Readonly<Record<string, string>> = {
  ...RECORD_TOPICS,
  dead_letter: allTopics(sinkTopics()).at(-1) as string,
  strategy_signal: STRATEGY_SIGNALS_TOPIC,
};

/** The topics of `--types` (default every type) under `prefix`; throws `UsageError` naming `--types` for an unknown type. */
export function topicsOfTypes(types: string | undefined, prefix: string): readonly string[] {
  const names = types === undefined ? Object.keys(TYPE_TOPICS) : types.split(',').map((t) => t.trim());
  return names.map((name) => {
    const topic = TYPE_TOPICS[name as FeedRecordType];
    if (topic === undefined) throw new UsageError('--types', `unknown record type '${name}'; one of ${Object.keys(TYPE_TOPICS).join(', ')}`);
    return `${prefix}${topic}`;
  });
}

/** Kafka brokers take session timeouts between 6 and 300 s by default (group.min/max.session.timeout.ms). */
function sessionTimeoutMs(raw: string | undefined): number {
  const seconds = positive('--session-timeout-seconds', raw, DEFAULT_SESSION_TIMEOUT_MS / 1000);
  if (seconds < 6 || seconds > 300)
    throw new UsageError('--session-timeout-seconds', `must be between 6 and 300 (the brokers' default bounds), got '${raw ?? ''}'`);
  return seconds * 1000;
}

function nonEmpty(flag: string, raw: string): string {
  if (raw.trim() === '') throw new UsageError(flag, 'must not be empty');
  return raw;
}

/** A positive number of the flag's unit, `fallback` when the flag is absent; throws `UsageError` naming the flag. */
export function positive(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(flag, `must be a positive number, got '${raw}'`);
  return value;
}
