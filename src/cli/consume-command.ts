import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Kafka } from 'kafkajs';
import { createLogger } from '../logging/create-logger.js';
import { registerAllCompressionCodecs } from '../sink/compression-codecs.js';
import { kafkajsLogCreator } from '../sink/kafkajs-log-creator.js';
import { RecordDecoder } from '../sink/record-decoder.js';
import { SchemaRegistryClient } from '../sink/schema-registry-client.js';
import { UsageError, type Command, type CommandIo } from './command.js';

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
  --from-beginning             start at the earliest offsets instead of the latest
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
    brokers: brokers.split(',').map((b) => b.trim()).filter(Boolean),
    ...(max === undefined ? {} : { max }),
    ...(registryUrl === undefined || registryUrl === '' ? {} : { registryUrl }),
  };
}

/** `market-feed consume`: decodes records of either encoding to JSON lines on stdout, one per record. */
export const consumeCommand: Command = async (io: CommandIo) => {
  const options = parseConsumeArgs(io.argv, io.env);
  const logger = createLogger({ level: io.env['LOG_LEVEL'] ?? 'warn' }, io.stderr);
  const decoder = new RecordDecoder(options.registryUrl === undefined ? undefined : new SchemaRegistryClient(options.registryUrl));
  registerAllCompressionCodecs();
  const kafka = new Kafka({ clientId: 'market-feed-consume', brokers: [...options.brokers], logCreator: kafkajsLogCreator(logger) });
  const consumer = kafka.consumer({ groupId: `market-feed-consume-${randomUUID()}` });
  let printed = 0;
  let undecodable = 0;
  let legacyNoted = false;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));
  process.once('SIGINT', finish).once('SIGTERM', finish);
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        if (options.max !== undefined && printed >= options.max) return;
        printed++;
        try {
          const decoded = await decoder.decode(message.value ?? Buffer.alloc(0));
          const line = {
            topic,
            partition,
            offset: message.offset,
            timestamp: Number(message.timestamp),
            key: message.key?.toString('utf8') ?? null,
            schema: decoded.schemaName,
            encoding: decoded.encoding,
            value: decoded.value,
          };
          io.stdout.write(`${JSON.stringify(line)}\n`);
          if (decoded.legacyFingerprint === true && !legacyNoted) {
            legacyNoted = true;
            io.stderr.write(
              `market-feed consume: ${topic} holds values framed with market-feed 0.1's name-only schema fingerprint; ` +
                'they are read here, but standard Avro readers cannot read them\n',
            );
          }
        } catch (error) {
          undecodable++;
          logger.error({ topic, partition, offset: message.offset, err: error }, 'undecodable record');
        }
        if (options.max !== undefined && printed >= options.max) finish();
      },
    });
    await finished;
  } finally {
    process.off('SIGINT', finish).off('SIGTERM', finish);
    await consumer.disconnect();
  }
  if (undecodable > 0) io.stderr.write(`market-feed consume: ${undecodable} of ${printed} records could not be decoded\n`);
  return undecodable > 0 ? 1 : 0;
};
