import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { connectArchiveConsumer, type ArchiveConsumer, type ArchiveConsumerEvents } from '../archive/archive-consumer.js';
import { ArchiveMetrics } from '../archive/archive-metrics.js';
import { archiveAsMembers, type ArchiveMember } from '../archive/archive-member.js';
import { Archiver, newArchiveCounters, type ArchiveCounters } from '../archive/archiver.js';
import { StaticMemberFences } from '../kafka/static-member-fences.js';
import { startHealthServer } from '../metrics/health-server.js';
import { createLogger } from '../logging/create-logger.js';
import type { FeedRecordType } from '../model/index.js';
import { RecordDecoder } from '../sink/record-decoder.js';
import { SchemaRegistryClient } from '../sink/schema-registry-client.js';
import { RECORD_TOPICS, allTopics, sinkTopics, STRATEGY_SIGNALS_TOPIC } from '../sink/sink-topics.js';
import { UsageError, type Command, type CommandIo } from './command.js';
import { onShutdownSignal } from './shutdown-signals.js';

/** What `market-feed archive` was asked for. */
export interface ArchiveCommandOptions {
  readonly dir: string;
  readonly topics: readonly string[];
  readonly topicPrefix: string;
  readonly groupId: string;
  readonly brokers: readonly string[];
  readonly registryUrl?: string;
  readonly rollBytes: number;
  readonly rollMs: number;
  readonly maxBufferedBytes: number;
  readonly sessionTimeoutMs: number;
  readonly maxPollIntervalMs: number;
  /** `group.instance.id`: a restart within the session timeout takes its partitions back at once. */
  readonly instanceId?: string;
  /** /metrics and /healthz on this port (0: any free one); none when absent. */
  readonly metricsPort?: number;
  readonly metricsHost: string;
}

const MIB = 1024 * 1024;

export const DEFAULT_ARCHIVE_OPTIONS = {
  groupId: 'market-feed-archive',
  rollBytes: 32 * MIB,
  rollMs: 600_000,
  maxBufferedBytes: 256 * MIB,
  sessionTimeoutMs: 30_000,
  maxPollIntervalMs: 600_000,
} as const;

/** How often a run says how far it got, ms. */
const PROGRESS_MS = 60_000;

/** `market-feed archive --help`. */
export const archiveUsage = (): string => `usage: market-feed archive --dir DIR [--types trade,kline,...] [--topic NAME ...] [options]

Reads the market-feed topics as a member of a consumer group and writes every record to Parquet files
(zstd) under DIR, in Hive folders: DIR/type=trades/exchange=bybit/date=2026-11-25/<topic>_p<partition>_o<first>-<last>.parquet.
One row per record: the Kafka topic, partition, offset, timestamp and key, then the record's fields
(times as UTC timestamps, enums as strings, optional fields nullable). A file is renamed into place
before its offsets are committed and is named by them, so after a crash the same file is written
again: every record once. Several instances with the same --group share the partitions. A record that
does not decode goes to DIR/dead-letters/date=.../ with its offset and bytes. Runs until SIGINT/SIGTERM,
then writes what it holds.

options:
  --dir DIR                    the archive's folder (required; created when missing)
  --types T,T,...              record types to archive (${Object.keys(RECORD_TOPICS).join(', ')},
                               dead_letter, strategy_signal); default all of them
  --topic NAME                 a topic to archive instead (repeat for several)
  --topic-prefix P             the deployment's topic prefix (default KAFKA_TOPIC_PREFIX, else none)
  --group ID                   the consumer group (default ${DEFAULT_ARCHIVE_OPTIONS.groupId})
  --roll-mb N                  a partition's file is written once its records reach N MiB of Avro (default ${DEFAULT_ARCHIVE_OPTIONS.rollBytes / MIB})
  --roll-seconds N             …or once its oldest record was read N s ago (default ${DEFAULT_ARCHIVE_OPTIONS.rollMs / 1000})
  --max-buffered-mb N          all partitions' unwritten records at most N MiB; the largest is written first (default ${DEFAULT_ARCHIVE_OPTIONS.maxBufferedBytes / MIB})
  --instance-id ID             a static member of the group: restarted within the session timeout, it takes its
                               partitions back without a rebalance (default none)
  --session-timeout-seconds N  a member silent this long loses its partitions to the others (default ${DEFAULT_ARCHIVE_OPTIONS.sessionTimeoutMs / 1000})
  --metrics-port N             serve /metrics (Prometheus: records, dead letters, files, bytes, commit
                               failures, bytes held) and /healthz on this port, 0 for any free one (default none)
  --metrics-host H             the address they listen on (default 127.0.0.1)
  --brokers HOST:PORT,...      Kafka bootstrap servers (default KAFKA_BROKERS, else 127.0.0.1:9092)

environment: SCHEMA_REGISTRY_URL to read Confluent-framed records; LOG_LEVEL (default info).
`;

/** Reads the flags of `market-feed archive`; throws `UsageError` naming the flag for a bad one. */
export function parseArchiveArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ArchiveCommandOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      dir: { type: 'string' },
      types: { type: 'string' },
      topic: { type: 'string', multiple: true },
      'topic-prefix': { type: 'string' },
      group: { type: 'string' },
      'roll-mb': { type: 'string' },
      'roll-seconds': { type: 'string' },
      'max-buffered-mb': { type: 'string' },
      'instance-id': { type: 'string' },
      'session-timeout-seconds': { type: 'string' },
      'metrics-port': { type: 'string' },
      'metrics-host': { type: 'string' },
      brokers: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const dir = values.dir ?? env['MARKET_FEED_ARCHIVE_DIR'];
  if (dir === undefined || dir.trim() === '') throw new UsageError('--dir', 'the archive folder is required');
  const { topicPrefix, topics, groupId, brokers, registryUrl } = groupSourceOf(values, env, DEFAULT_ARCHIVE_OPTIONS.groupId);
  const rollMaxBuffered = positive('--max-buffered-mb', values['max-buffered-mb'], DEFAULT_ARCHIVE_OPTIONS.maxBufferedBytes / MIB) * MIB;
  const rollBytes = positive('--roll-mb', values['roll-mb'], DEFAULT_ARCHIVE_OPTIONS.rollBytes / MIB) * MIB;
  if (rollMaxBuffered < rollBytes) throw new UsageError('--max-buffered-mb', `must be at least --roll-mb (${rollBytes / MIB})`);
  return {
    dir: resolve(dir),
    topics,
    topicPrefix,
    groupId,
    brokers,
    ...(registryUrl === undefined || registryUrl === '' ? {} : { registryUrl }),
    rollBytes,
    rollMs: positive('--roll-seconds', values['roll-seconds'], DEFAULT_ARCHIVE_OPTIONS.rollMs / 1000) * 1000,
    maxBufferedBytes: rollMaxBuffered,
    sessionTimeoutMs: sessionTimeoutMs(values['session-timeout-seconds']),
    maxPollIntervalMs: DEFAULT_ARCHIVE_OPTIONS.maxPollIntervalMs,
    ...(values['instance-id'] === undefined ? {} : { instanceId: nonEmpty('--instance-id', values['instance-id']) }),
    ...(values['metrics-port'] === undefined ? {} : { metricsPort: port(values['metrics-port']) }),
    metricsHost: values['metrics-host'] ?? '127.0.0.1',
  };
}

/** Every type the archive knows, with its topic (before the prefix). */
const TYPE_TOPICS: Readonly<Record<string, string>> = {
  ...RECORD_TOPICS,
  dead_letter: allTopics(sinkTopics()).at(-1) as string,
  strategy_signal: STRATEGY_SIGNALS_TOPIC,
};

/** The flags a consumer of the topics (`archive`, `questdb`) takes to find them. */
export interface GroupSourceFlags {
  readonly 'topic-prefix'?: string | undefined;
  readonly topic?: string[] | undefined;
  readonly types?: string | undefined;
  readonly group?: string | undefined;
  readonly brokers?: string | undefined;
}

/** What a consumer of the topics reads and as which group, from its flags and the environment; throws `UsageError` naming the flag. */
export function groupSourceOf(
  values: GroupSourceFlags,
  env: Readonly<Record<string, string | undefined>>,
  defaultGroupId: string,
): {
  readonly topicPrefix: string;
  readonly topics: readonly string[];
  readonly groupId: string;
  readonly brokers: readonly string[];
  readonly registryUrl: string | undefined;
} {
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
  return { topicPrefix, topics, groupId, brokers, registryUrl: env['SCHEMA_REGISTRY_URL'] };
}

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
export function sessionTimeoutMs(raw: string | undefined): number {
  const seconds = positive('--session-timeout-seconds', raw, DEFAULT_ARCHIVE_OPTIONS.sessionTimeoutMs / 1000);
  if (seconds < 6 || seconds > 300)
    throw new UsageError('--session-timeout-seconds', `must be between 6 and 300 (the brokers' default bounds), got '${raw ?? ''}'`);
  return seconds * 1000;
}

export function port(raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65_535)
    throw new UsageError('--metrics-port', `must be a port number (0 for any free one), got '${raw}'`);
  return value;
}

export function nonEmpty(flag: string, raw: string): string {
  if (raw.trim() === '') throw new UsageError(flag, 'must not be empty');
  return raw;
}

function positive(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(flag, `must be a positive number, got '${raw}'`);
  return value;
}

/**
 * What the group tells the archiver (once there is one): assignments, revokes, commit outcomes and a
 * fence, as the consumer reports them; a revoke with librdkafka's `lost` (a missed session: the group
 * gave the partitions away without waiting), so a segment being written stops before its journal and
 * each rename.
 */
export function archiveGroupEvents(archiver: () => Archiver | undefined): ArchiveConsumerEvents {
  return {
    assigned: (partitions) => archiver()?.assigned(partitions),
    revoked: (partitions, lost) => archiver()?.revoked(partitions, lost),
    committed: (results) => archiver()?.committed(results),
    fatal: (reason) => archiver()?.fatal(reason),
  };
}

/** `market-feed archive`: the topics -> Parquet files, every record once, until SIGINT/SIGTERM. */
export const archiveCommand: Command = async (io: CommandIo) => {
  const options = parseArchiveArgs(io.argv, io.env);
  const logger = createLogger({ level: io.env['LOG_LEVEL'] ?? 'info' }, io.stderr);
  const decoder = new RecordDecoder(options.registryUrl === undefined ? undefined : new SchemaRegistryClient(options.registryUrl));
  // Each member's consumer tells its own archiver only: a closing member's last revokes never reach the next.
  const join = async (counters: ArchiveCounters): Promise<ArchiveMember> => {
    const to: { archiver?: Archiver } = {};
    const consumer: ArchiveConsumer = await connectArchiveConsumer(
      {
        connection: { brokers: options.brokers, clientId: 'market-feed-archive' },
        groupId: options.groupId,
        topics: options.topics,
        logger,
        sessionTimeoutMs: options.sessionTimeoutMs,
        maxPollIntervalMs: options.maxPollIntervalMs,
        ...(options.instanceId === undefined ? {} : { instanceId: options.instanceId }),
      },
      archiveGroupEvents(() => to.archiver),
    );
    to.archiver = await Archiver.open(
      {
        dir: options.dir,
        topicPrefix: options.topicPrefix,
        rollBytes: options.rollBytes,
        rollMs: options.rollMs,
        maxBufferedBytes: options.maxBufferedBytes,
        decoder,
        logger,
        counters,
      },
      consumer,
    );
    return { consumer, archiver: to.archiver };
  };
  let member = await join(newArchiveCounters());
  const counters = member.archiver.counters;
  const health =
    options.metricsPort === undefined
      ? undefined
      : await startHealthServer({
          host: options.metricsHost,
          port: options.metricsPort,
          metrics: new ArchiveMetrics(
            () => counters,
            () => ({ bytes: member.archiver.bufferedBytes(), partitions: member.archiver.partitionCount() }),
          ),
          readiness: () => ({ ready: true, reasons: [] }),
        });
  if (health !== undefined) logger.info({ url: health.url }, 'metrics and /healthz listening');
  const abort = new AbortController();
  void onShutdownSignal(() => process.exit(130)).then(() => abort.abort());
  logger.info({ dir: options.dir, topics: options.topics, group: options.groupId }, 'archiving');
  const progress = setInterval(() => logger.info({ ...counters }, 'archive progress'), PROGRESS_MS);
  try {
    // A static member fenced out rejoins, unless another process holds its instance id (StaticMemberFences).
    const fences = new StaticMemberFences(StaticMemberFences.windowFor(options.sessionTimeoutMs));
    await archiveAsMembers({ first: member, join, fences, logger, joined: (next) => (member = next) }, abort.signal);
    logger.info({ ...counters }, 'archive stopped');
    io.stderr.write(
      `market-feed archive: ${counters.records} records in ${counters.files} files (${counters.segments} segments), ${counters.deadLetters} dead letters\n`,
    );
    return 0;
  } finally {
    clearInterval(progress);
    await health?.close();
  }
};
