import { parseArgs } from 'node:util';
import type { Logger } from 'pino';
import { createLogger } from '../logging/create-logger.js';
import type { PartitionOffsets, PartitionReader, PartitionStart } from '../kafka/partition-reader.js';
import { RecordDecoder } from '../sink/record-decoder.js';
import { SchemaRegistryClient } from '../sink/schema-registry-client.js';
import { UsageError, type Command, type CommandIo } from './command.js';
import { choosePartitionReader } from '../kafka/choose-partition-reader.js';

/** How often topics not found yet are looked for, ms. */
const LOOK_FOR_TOPICS_MS = 1_000;

/** What `market-feed consume` was asked for. */
export interface ConsumeOptions {
  readonly topics: readonly string[];
  readonly fromBeginning: boolean;
  /** Stop after this many records; run until SIGINT/SIGTERM when absent. */
  readonly max?: number;
  readonly brokers: readonly string[];
  readonly registryUrl?: string;
}

/** `market-feed consume --help`. */
export const consumeUsage = (): string => `usage: market-feed consume --topic <name> [--topic <name> ...] [--from-beginning] [--max N] [--brokers host:port,...]

Decodes the records of the topics (Confluent framing with SCHEMA_REGISTRY_URL, or Avro single-object
encoding) and writes one JSON line per record to stdout: topic, partition, offset, timestamp, key,
schema, encoding, value. Runs until SIGINT/SIGTERM or --max records.

options:
  --topic NAME                 a topic to read; repeat for several (required)
  --from-beginning             start at the earliest offsets instead of the latest (a topic created
                               after the start is read from its beginning either way)
  --max N                      stop after N records (a whole number, at least 1)
  --brokers HOST:PORT,...      Kafka bootstrap servers (default KAFKA_BROKERS, else 127.0.0.1:9092)
`;

/** Reads the flags of `market-feed consume`; throws `UsageError` (or `parseArgs`'s `TypeError`) for bad ones. */
export function parseConsumeArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ConsumeOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: { topic: { type: 'string', multiple: true }, 'from-beginning': { type: 'boolean' }, max: { type: 'string' }, brokers: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  const topics = values.topic ?? [];
  if (topics.length === 0) throw new UsageError('--topic', 'at least one topic is required');
  const max = values.max === undefined ? undefined : Number(values.max);
  if (max !== undefined && (!Number.isSafeInteger(max) || max < 1)) throw new UsageError('--max', 'must be a whole number of records, at least 1');
  const brokers = values.brokers ?? env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
  const registryUrl = env['SCHEMA_REGISTRY_URL'];
  return {
    topics,
    fromBeginning: values['from-beginning'] === true,
    brokers: brokers
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
    ...(max === undefined ? {} : { max }),
    ...(registryUrl === undefined || registryUrl === '' ? {} : { registryUrl }),
  };
}

/**
 * Where reading starts, for the topics that have appeared since the last look: with `--from-beginning`
 * or for a topic created after the start, its first record; otherwise the end at the start.
 */
async function lookForTopics(
  reader: PartitionReader,
  options: ConsumeOptions,
  found: Map<string, PartitionStart>,
  atStart: boolean,
  logger: Logger,
): Promise<boolean> {
  const missing = options.topics.filter((topic) => ![...found.values()].some((start) => start.topic === topic));
  if (missing.length === 0) return false;
  let offsets: ReadonlyMap<string, readonly PartitionOffsets[]>;
  try {
    offsets = await reader.offsets(missing);
  } catch (error) {
    logger.warn({ err: error, topics: missing }, 'could not look the topics up; trying again');
    return false;
  }
  for (const [topic, partitions] of offsets) {
    for (const { partition, low, high } of partitions)
      found.set(`${topic}/${partition}`, { topic, partition, offset: options.fromBeginning || !atStart ? low : high });
  }
  if (atStart && offsets.size < missing.length) logger.info({ topics: missing.filter((topic) => !offsets.has(topic)) }, 'waiting for topics to be created');
  return offsets.size > 0;
}

/**
 * `market-feed consume`: decodes records of either encoding to JSON lines on stdout, one per record.
 * Reads the partitions itself (no consumer group), so nothing waits for a group coordinator.
 */
export const consumeCommand: Command = async (io: CommandIo) => {
  const options = parseConsumeArgs(io.argv, io.env);
  const logger = createLogger({ level: io.env['LOG_LEVEL'] ?? 'warn' }, io.stderr);
  const decoder = new RecordDecoder(options.registryUrl === undefined ? undefined : new SchemaRegistryClient(options.registryUrl));
  const reader = choosePartitionReader({ connection: { brokers: options.brokers, clientId: 'market-feed-consume' }, logger })();
  /** The next offset to read per `topic/partition`: where reading started, then past the last record read. */
  const next = new Map<string, PartitionStart>();
  let printed = 0;
  let undecodable = 0;
  let legacyNoted = false;
  let stopping = false;
  const finish = (): void => {
    stopping = true;
  };
  const done = (): boolean => stopping || (options.max !== undefined && printed >= options.max);
  process.once('SIGINT', finish).once('SIGTERM', finish);
  try {
    await reader.connect();
    let lookAt = 0;
    for (let atStart = true; !done(); atStart = false) {
      if (Date.now() >= lookAt) {
        lookAt = Date.now() + LOOK_FOR_TOPICS_MS;
        if (await lookForTopics(reader, options, next, atStart, logger)) await reader.assign([...next.values()]);
      }
      for (const record of await reader.read()) {
        if (done()) break;
        const key = `${record.topic}/${record.partition}`;
        if (record.offset < (next.get(key)?.offset ?? 0)) continue;
        next.set(key, { topic: record.topic, partition: record.partition, offset: record.offset + 1 });
        printed++;
        try {
          const decoded = await decoder.decode(record.value ?? Buffer.alloc(0));
          const line = {
            topic: record.topic,
            partition: record.partition,
            offset: String(record.offset),
            timestamp: record.timestamp,
            key: record.key?.toString('utf8') ?? null,
            schema: decoded.schemaName,
            encoding: decoded.encoding,
            value: decoded.value,
          };
          io.stdout.write(`${JSON.stringify(line)}\n`);
          if (decoded.legacyFingerprint === true && !legacyNoted) {
            legacyNoted = true;
            io.stderr.write(
              `market-feed consume: ${record.topic} holds values framed with market-feed 0.1's name-only schema fingerprint; ` +
                'they are read here, but standard Avro readers cannot read them\n',
            );
          }
        } catch (error) {
          undecodable++;
          logger.error({ topic: record.topic, partition: record.partition, offset: String(record.offset), err: error }, 'undecodable record');
        }
      }
    }
  } finally {
    process.off('SIGINT', finish).off('SIGTERM', finish);
    await reader.close();
  }
  if (undecodable > 0) io.stderr.write(`market-feed consume: ${undecodable} of ${printed} records could not be decoded\n`);
  return undecodable > 0 ? 1 : 0;
};
