import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { TEST_BROKER, removeLocalBroker, startLocalBroker } from './kafka-broker.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Comma-separated bootstrap servers of the broker the integration tests use. */
    kafkaBrokers: string;
    /** How the broker was obtained: `external` (KAFKA_BROKERS), `testcontainers`, or `local` (scripts/kafka.sh). */
    kafkaSource: 'external' | 'testcontainers' | 'local';
  }
}

interface StartedBroker {
  readonly brokers: string;
  readonly source: 'external' | 'testcontainers' | 'local';
  readonly stop: () => Promise<void>;
}

async function dockerEngineRuns(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

async function startBroker(): Promise<StartedBroker> {
  const external = process.env['KAFKA_BROKERS'];
  if (external !== undefined && external !== '') {
    return { brokers: external, source: 'external', stop: async () => {} };
  }
  if (await dockerEngineRuns()) {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const container = await new KafkaContainer('confluentinc/cp-kafka:7.9.2').withKraft().start();
    return {
      brokers: `${container.getHost()}:${container.getMappedPort(9093)}`,
      source: 'testcontainers',
      stop: async () => {
        await container.stop();
      },
    };
  }
  const started = await startLocalBroker(TEST_BROKER);
  return {
    brokers: `127.0.0.1:${TEST_BROKER.port}`,
    source: 'local',
    stop: started ? () => removeLocalBroker(TEST_BROKER) : async () => {},
  };
}

/** Picks the broker: KAFKA_BROKERS if set; else testcontainers where Docker runs; else the local jars. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const broker = await startBroker();
  process.env['KAFKAJS_NO_PARTITIONER_WARNING'] = '1';
  project.provide('kafkaBrokers', broker.brokers);
  project.provide('kafkaSource', broker.source);
  return broker.stop;
}
