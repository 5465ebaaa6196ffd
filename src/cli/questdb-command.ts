import { parseArgs } from 'node:util';
import { Sender } from '@questdb/nodejs-client';
import { connectArchiveConsumer } from '../archive/archive-consumer.js';
import { createLogger } from '../logging/create-logger.js';
import { execSql, questdbEndpoint, QuestdbConfigError, type QuestdbEndpoint } from '../questdb/questdb-endpoint.js';
import { QuestdbLoader } from '../questdb/questdb-loader.js';
import { QuestdbWriter } from '../questdb/questdb-writer.js';
import { RecordDecoder } from '../sink/record-decoder.js';
import { SchemaRegistryClient } from '../sink/schema-registry-client.js';
import { UsageError, type Command, type CommandIo } from './command.js';
import { GROUP_MEMBER_FLAGS, groupMemberOf, groupMemberUsage, memberConsumerConfig, memberEvents, type GroupMemberOptions } from './group-member-options.js';
import { onShutdownSignal } from './shutdown-signals.js';

/** What `market-feed questdb` was asked for. */
export interface QuestdbCommandOptions extends GroupMemberOptions {
  readonly endpoint: QuestdbEndpoint;
  /** Offsets committed at most this often, ms (0: after each batch). */
  readonly commitIntervalMs: number;
}

export const DEFAULT_QUESTDB_OPTIONS = {
  groupId: 'market-feed-questdb',
  questdbUrl: 'http::addr=127.0.0.1:9000;',
  maxPollIntervalMs: 600_000,
} as const;

/** How often a run says how far it got, ms. */
const PROGRESS_MS = 60_000;

/** `market-feed questdb --help`. */
export const questdbUsage = (): string => `usage: market-feed questdb [--questdb-url CONF] [--types trade,kline,...] [--topic NAME ...] [options]

Reads the market-feed topics as a member of a consumer group and writes every record into QuestDB over
InfluxDB Line Protocol over HTTP: a table per record type (trades, book_tickers, klines, ...), created
before its first row with the record's exchange time as its designated timestamp, partitioned by day,
deduplicated by upsert keys that identify a record (docs/questdb.md lists them). Offsets are committed
only once QuestDB has acknowledged the rows, so after a crash the same records are written again and
their keys keep each once. A field a newer schema adds becomes a new column (ILP adds it). A record
that does not decode, or that QuestDB refuses, goes to the table dead_letters with its reason, its
Kafka position and its bytes. Runs until SIGINT/SIGTERM, then writes what it read.

options:
  --questdb-url CONF           the ILP client's configuration string, HTTP only (default QUESTDB_URL, else
                               ${DEFAULT_QUESTDB_OPTIONS.questdbUrl}); e.g. 'https::addr=db:9000;username=u;password=p;'
  --commit-interval-seconds N  commit offsets at most this often: batches are written as they come, and a commit
                               covers every batch QuestDB acknowledged since the last (default 0: after each batch;
                               a crash writes again at most N s of records, which their upsert keys keep once)
${groupMemberUsage('write', DEFAULT_QUESTDB_OPTIONS.groupId)}
`;

/** Reads the flags of `market-feed questdb`; throws `UsageError` naming the flag for a bad one. */
export function parseQuestdbArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): QuestdbCommandOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      ...GROUP_MEMBER_FLAGS,
      'questdb-url': { type: 'string' },
      'commit-interval-seconds': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  let endpoint: QuestdbEndpoint;
  try {
    endpoint = questdbEndpoint(values['questdb-url'] ?? env['QUESTDB_URL'] ?? DEFAULT_QUESTDB_OPTIONS.questdbUrl);
  } catch (error) {
    if (error instanceof QuestdbConfigError) throw new UsageError('--questdb-url', error.message);
    throw error;
  }
  return {
    ...groupMemberOf(values, env, DEFAULT_QUESTDB_OPTIONS.groupId),
    endpoint,
    commitIntervalMs: commitInterval(values['commit-interval-seconds']),
  };
}

function commitInterval(raw: string | undefined): number {
  if (raw === undefined) return 0;
  const seconds = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(seconds) || seconds < 0 || seconds > 3600)
    throw new UsageError('--commit-interval-seconds', `must be a number of seconds from 0 to 3600, got '${raw}'`);
  return seconds * 1000;
}

/** `market-feed questdb`: the topics -> QuestDB tables, every record once, until SIGINT/SIGTERM. */
export const questdbCommand: Command = async (io: CommandIo) => {
  const options = parseQuestdbArgs(io.argv, io.env);
  const logger = createLogger({ level: io.env['LOG_LEVEL'] ?? 'info' }, io.stderr);
  let sender: Sender;
  try {
    sender = await Sender.fromConfig(options.endpoint.ilpConf, {
      log: (level, message) => logger[level]({ component: 'questdb-client' }, message instanceof Error ? message.message : message),
    });
  } catch (error) {
    throw new UsageError('--questdb-url', error instanceof Error ? error.message : String(error));
  }
  const decoder = new RecordDecoder(options.registryUrl === undefined ? undefined : new SchemaRegistryClient(options.registryUrl));
  const writer = new QuestdbWriter({ sender, exec: (sql) => execSql(options.endpoint, sql), logger });
  const to: { loader?: QuestdbLoader } = {};
  const consumer = await connectArchiveConsumer(
    memberConsumerConfig(options, { role: 'questdb', logger, maxPollIntervalMs: DEFAULT_QUESTDB_OPTIONS.maxPollIntervalMs }),
    memberEvents(() => to.loader),
  );
  const loader = new QuestdbLoader({ topicPrefix: options.topicPrefix, decoder, writer, logger, commitIntervalMs: options.commitIntervalMs }, consumer);
  to.loader = loader;
  const abort = new AbortController();
  void onShutdownSignal(() => process.exit(130)).then(() => abort.abort());
  logger.info({ questdb: options.endpoint.httpUrl, topics: options.topics, group: options.groupId }, 'writing to QuestDB');
  const progress = setInterval(() => logger.info({ ...loader.counters }, 'questdb progress'), PROGRESS_MS);
  try {
    const counters = await loader.run(abort.signal);
    logger.info({ ...counters }, 'questdb stopped');
    io.stderr.write(`market-feed questdb: ${counters.records} records in ${counters.batches} batches, ${counters.deadLetters} dead letters\n`);
    return 0;
  } finally {
    clearInterval(progress);
    await consumer.end();
    await sender.close().catch(() => undefined);
  }
};
