import type { FeedRecord, StrategySignal } from '../model/index.js';
import { compileSchema, toAvroValue } from '../sink/avro-codec.js';
import type { ProducerPort } from '../kafka/producer-port.js';
import { topicSchema, type SinkEncoding } from '../sink/record-encoder.js';
import { STRATEGY_SIGNAL_SCHEMA_FILE, findSchemasDir, readSchemaFile } from '../sink/record-schemas.js';
import { instrumentOf } from '../model/index.js';

/** Publishes signals to `strategy.signals.v1`, framed and headed like the pipeline's records. */
export interface SignalPublisher {
  publish(signal: StrategySignal): Promise<void>;
  close(): Promise<void>;
}

export interface SignalPublisherConfig {
  /** Not connected yet; the publisher creates the topic, connects it, and closes it. */
  readonly producer: ProducerPort;
  /** Full topic name, prefix included. */
  readonly topic: string;
  readonly encoding: SinkEncoding;
  readonly schemasDir?: string;
}

/** Creates the topic if missing, registers or fingerprints the schema, and connects the producer (idempotent, acknowledged by all replicas). */
export async function createSignalPublisher(config: SignalPublisherConfig): Promise<SignalPublisher> {
  const schema = readSchemaFile(STRATEGY_SIGNAL_SCHEMA_FILE, config.schemasDir ?? findSchemasDir());
  const target = await topicSchema(config.encoding, config.topic, schema, compileSchema(schema));
  const { producer } = config;
  await producer.createTopics([target.topic]);
  await producer.connect();
  return {
    async publish(signal) {
      const value = toAvroValue(signal as unknown as FeedRecord, schema);
      const paths: string[] = [];
      if (!target.avroType.isValid(value, { errorHook: (path: string[]) => paths.push(path.join('.')) })) {
        throw new Error(`strategy signal does not match its schema at: ${paths.join(', ')}`);
      }
      await producer.send([{ topic: target.topic, key: instrumentOf(signal), value: Buffer.concat([target.prefix, target.avroType.toBuffer(value)]) }]);
    },
    close: () => producer.close(),
  };
}
