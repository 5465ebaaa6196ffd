import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { kafkaConnectionOf } from './kafka-client.js';
import type { KafkaConfig, KafkaSettings } from './kafka-settings.js';
import { createKafkajsProducer } from './kafkajs-producer.js';
import { createLibrdkafkaProducer } from './librdkafka-producer.js';
import { NATIVE_KAFKA_INSTALL, NATIVE_KAFKA_PACKAGE, nativeKafkaLoads } from './native-kafka.js';
import type { ProducerPort } from './producer-port.js';

/**
 * The producer to use: `kafka.client`, except that librdkafka left at the default gives way to
 * kafkajs, with one warning, where its optional package cannot be loaded. Set explicitly, it is
 * kept, and `connect()` fails saying how to install it.
 */
export function kafkaClientOf(config: KafkaConfig, logger: Logger, loads: () => boolean = nativeKafkaLoads): KafkaSettings['client'] {
  const { client, clientFromDefault } = config.kafka;
  if (client !== 'librdkafka' || clientFromDefault !== true || loads()) return client;
  logger.warn(
    { key: 'kafka.client', default: 'librdkafka', using: 'kafkajs' },
    `kafka.client defaults to librdkafka, but the optional package ${NATIVE_KAFKA_PACKAGE} cannot be loaded here; producing with kafkajs (set kafka.client=kafkajs to say so, or install the package with ${NATIVE_KAFKA_INSTALL})`,
  );
  return 'kafkajs';
}

/**
 * The sink's producer as the configuration asks for it (`kafka.client`, compression, topic
 * settings). `admin` is the kafkajs client that creates missing topics, whichever library sends.
 */
export function createProducer(config: KafkaConfig, admin: Kafka, logger: Logger): ProducerPort {
  const { kafka } = config;
  const topics = { partitions: kafka.partitions, replicationFactor: kafka.replicationFactor };
  return kafkaClientOf(config, logger) === 'librdkafka'
    ? createLibrdkafkaProducer({ ...kafkaConnectionOf(config), compression: kafka.compression, admin, topics, logger })
    : createKafkajsProducer({ kafka: admin, topics, compression: kafka.compression, logger });
}
