import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { connectArchiveConsumer, type ArchiveConsumer, type ArchiveConsumerEvents } from '../archive/archive-consumer.js';
import { ArchiveMetrics } from '../archive/archive-metrics.js';
import { archiveAsMembers, type ArchiveMember } from '../archive/archive-member.js';
import { Archiver, newArchiveCounters, type ArchiveCounters } from '../archive/archiver.js';
import { StaticMemberFences } from '../kafka/static-member-fences.js';
import { startHealthServer } from '../metrics/health-server.js';
import { createLogger } from '../logging/create-logger.js';
import { RecordDecoder } from '../sink/record-decoder.js';
import { SchemaRegistryClient } from '../sink/schema-registry-client.js';
import { UsageError, type Command, type CommandIo } from './command.js';
import {
  DEFAULT_SESSION_TIMEOUT_MS,
  GROUP_MEMBER_FLAGS,
  groupMemberOf,
  groupMemberUsage,
  memberConsumerConfig,
  memberEvents,
  positive,
  type GroupMemberOptions,
} from './group-member-options.js';
import { onShutdownSignal } from './shutdown-signals.js';

/** What `market-feed archive` was asked for. */
export interface ArchiveCommandOptions extends GroupMemberOptions {
  readonly dir: string;
  readonly rollBytes: number;
  readonly rollMs: number;
  readonly maxBufferedBytes: number;
  readonly maxPollIntervalMs: number;
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
  sessionTimeoutMs: DEFAULT_SESSION_TIMEOUT_MS,
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
  --roll-mb N                  a partition's file is written once its records reach N MiB of Avro (default ${DEFAULT_ARCHIVE_OPTIONS.rollBytes / MIB})
  --roll-seconds N             …or once its oldest record was read N s ago (default ${DEFAULT_ARCHIVE_OPTIONS.rollMs / 1000})
  --max-buffered-mb N          all partitions' unwritten records at most N MiB; the largest is written first (default ${DEFAULT_ARCHIVE_OPTIONS.maxBufferedBytes / MIB})
  --metrics-port N             serve /metrics (Prometheus: records, dead letters, files, bytes, commit
                               failures, bytes held) and /healthz on this port, 0 for any free one (default none)
  --metrics-host H             the address they listen on (default 127.0.0.1)
${groupMemberUsage('archive', DEFAULT_ARCHIVE_OPTIONS.groupId)}
`;

/** Reads the flags of `market-feed archive`; throws `UsageError` naming the flag for a bad one. */
export function parseArchiveArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ArchiveCommandOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      ...GROUP_MEMBER_FLAGS,
      dir: { type: 'string' },
      'roll-mb': { type: 'string' },
      'roll-seconds': { type: 'string' },
      'max-buffered-mb': { type: 'string' },
      'metrics-port': { type: 'string' },
      'metrics-host': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const dir = values.dir ?? env['MARKET_FEED_ARCHIVE_DIR'];
  if (dir === undefined || dir.trim() === '') throw new UsageError('--dir', 'the archive folder is required');
  const member = groupMemberOf(values, env, DEFAULT_ARCHIVE_OPTIONS.groupId);
  const rollMaxBuffered = positive('--max-buffered-mb', values['max-buffered-mb'], DEFAULT_ARCHIVE_OPTIONS.maxBufferedBytes / MIB) * MIB;
  const rollBytes = positive('--roll-mb', values['roll-mb'], DEFAULT_ARCHIVE_OPTIONS.rollBytes / MIB) * MIB;
  if (rollMaxBuffered < rollBytes) throw new UsageError('--max-buffered-mb', `must be at least --roll-mb (${rollBytes / MIB})`);
  return {
    ...member,
    dir: resolve(dir),
    rollBytes,
    rollMs: positive('--roll-seconds', values['roll-seconds'], DEFAULT_ARCHIVE_OPTIONS.rollMs / 1000) * 1000,
    maxBufferedBytes: rollMaxBuffered,
    maxPollIntervalMs: DEFAULT_ARCHIVE_OPTIONS.maxPollIntervalMs,
    ...(values['metrics-port'] === undefined ? {} : { metricsPort: port(values['metrics-port']) }),
    metricsHost: values['metrics-host'] ?? '127.0.0.1',
  };
}

export function port(raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65_535)
    throw new UsageError('--metrics-port', `must be a port number (0 for any free one), got '${raw}'`);
  return value;
}

/**
 * What the group tells the archiver (once there is one): assignments, revokes, commit outcomes and a
 * fence, as the consumer reports them; a revoke with librdkafka's `lost` (a missed session: the group
 * gave the partitions away without waiting), so a segment being written stops before its journal and
 * each rename.
 */
export function archiveGroupEvents(archiver: () => Archiver | undefined): ArchiveConsumerEvents {
  return memberEvents(archiver);
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
      memberConsumerConfig(options, { role: 'archive', logger, maxPollIntervalMs: options.maxPollIntervalMs }),
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
