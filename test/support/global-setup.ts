import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { buildCli } from './cli-build.js';
import { TEST_BROKER, removeLocalBroker, startLocalBroker } from './kafka-broker.js';
import { SchemaRegistryClient } from '../../src/sink/schema-registry-client.js';
import { TEST_REGISTRY, localRegistryUrl, removeLocalRegistry, startLocalRegistry } from './schema-registry.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Comma-separated bootstrap servers of the broker the integration tests use. */
    kafkaBrokers: string;
    /** How the broker was obtained: `external` (KAFKA_BROKERS), `testcontainers`, or `local` (scripts/kafka.sh). */
    kafkaSource: 'external' | 'testcontainers' | 'local';
    /**
     * Base URL of the schema registry (Confluent REST API) the integration tests use, base path
     * included, e.g. `http://127.0.0.1:28081/apis/ccompat/v7` (Apicurio Registry run by
     * scripts/schema-registry.sh), or SCHEMA_REGISTRY_URL when set.
     */
    schemaRegistryUrl: string;
    /** The `market-feed` command's `main.js` for this run, transpiled once (test/support/cli-build.ts). */
    cliMain: string;
  }
}

interface StartedRegistry {
  readonly url: string;
  readonly stop: () => Promise<void>;
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

async function startRegistry(): Promise<StartedRegistry> {
  const external = process.env['SCHEMA_REGISTRY_URL'];
  if (external !== undefined && external !== '') return { url: external, stop: async () => {} };
  const started = await startLocalRegistry(TEST_REGISTRY);
  const url = localRegistryUrl(TEST_REGISTRY);
  // The registry's first registration pays its lazy start-up (storage, compilation): pay it here,
  // within the setup's time, not inside the first test that registers a schema.
  await new SchemaRegistryClient(url).register('market-feed-test-warm-up-value', JSON.stringify({ type: 'record', name: 'WarmUp', fields: [] }));
  return { url, stop: started ? () => removeLocalRegistry(TEST_REGISTRY) : async () => {} };
}

/**
 * Picks the broker: KAFKA_BROKERS if set; else testcontainers where Docker runs; else the local jars.
 * Picks the schema registry: SCHEMA_REGISTRY_URL if set; else a local Apicurio Registry. Both start at
 * once, beside the command's build. QuestDB is started by the one file that writes to it
 * (test/support/questdb-server.ts), not kept idle through the whole run.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [broker, registry, cli] = await Promise.allSettled([startBroker(), startRegistry(), buildCli()]);
  if (broker.status === 'rejected' || registry.status === 'rejected' || cli.status === 'rejected') {
    if (broker.status === 'fulfilled') await broker.value.stop();
    if (registry.status === 'fulfilled') await registry.value.stop();
    if (cli.status === 'fulfilled') cli.value.remove();
    throw [broker, registry, cli].find((started): started is PromiseRejectedResult => started.status === 'rejected')?.reason;
  }
  process.env['KAFKAJS_NO_PARTITIONER_WARNING'] = '1';
  project.provide('kafkaBrokers', broker.value.brokers);
  project.provide('kafkaSource', broker.value.source);
  project.provide('schemaRegistryUrl', registry.value.url);
  project.provide('cliMain', cli.value.main);
  return async () => {
    await Promise.all([broker.value.stop(), registry.value.stop()]);
    cli.value.remove();
  };
}
