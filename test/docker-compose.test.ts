import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface ComposeService {
  readonly image?: string;
  readonly ports?: readonly string[];
  readonly environment?: Readonly<Record<string, string | number>>;
  readonly healthcheck?: { readonly test: readonly string[] };
  readonly depends_on?: Readonly<Record<string, { readonly condition: string }>>;
}

const compose = parse(readFileSync(join(import.meta.dirname, '..', 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Readonly<Record<string, ComposeService>>;
};

function service(name: string): ComposeService {
  const found = compose.services[name];
  if (found === undefined) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
}

describe('docker-compose.yml', () => {
  it('runs three KRaft brokers, each also a controller, with replication 3 and two in sync, each with a health check', () => {
    const ports = ['9092', '9094', '9096'];
    for (const [n, port] of ports.entries()) {
      const kafka = service(`kafka-${n + 1}`);
      expect(kafka.ports).toContain(`127.0.0.1:${port}:9092`);
      expect(kafka.environment?.['KAFKA_NODE_ID']).toBe(n + 1);
      expect(kafka.environment?.['KAFKA_PROCESS_ROLES']).toBe('broker,controller');
      expect(kafka.environment?.['KAFKA_CONTROLLER_QUORUM_VOTERS']).toBe('1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093');
      expect(String(kafka.environment?.['KAFKA_ADVERTISED_LISTENERS'])).toContain(`127.0.0.1:${port}`);
      expect(kafka.environment?.['KAFKA_DEFAULT_REPLICATION_FACTOR']).toBe(3);
      expect(kafka.environment?.['KAFKA_MIN_INSYNC_REPLICAS']).toBe(2);
      expect(kafka.environment?.['KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR']).toBe(3);
      expect(kafka.healthcheck?.test.length).toBeGreaterThan(0);
    }
  });

  it('runs a Confluent Schema Registry on 127.0.0.1:8081 once every broker is healthy', () => {
    const registry = service('schema-registry');
    expect(registry.image).toMatch(/^confluentinc\/cp-schema-registry:/);
    expect(registry.ports).toContain('127.0.0.1:8081:8081');
    for (const kafka of ['kafka-1', 'kafka-2', 'kafka-3']) expect(registry.depends_on?.[kafka]?.condition).toBe('service_healthy');
    expect(registry.healthcheck?.test.length).toBeGreaterThan(0);
  });

  it('runs two pipeline instances of one cluster against the three brokers and the registry, with /metrics on 127.0.0.1:9464 and :9465', () => {
    const ids = new Set<unknown>();
    for (const [n, port] of ['9464', '9465'].entries()) {
      const pipeline = service(`market-feed-${n + 1}`);
      for (const dependency of ['kafka-1', 'kafka-2', 'kafka-3', 'schema-registry'])
        expect(pipeline.depends_on?.[dependency]?.condition).toBe('service_healthy');
      expect(pipeline.environment?.['KAFKA_BROKERS']).toBe('kafka-1:29092,kafka-2:29092,kafka-3:29092');
      expect(pipeline.environment?.['KAFKA_REPLICATION_FACTOR']).toBe(3);
      expect(pipeline.environment?.['SCHEMA_REGISTRY_URL']).toBe('http://schema-registry:8081');
      expect(pipeline.environment?.['MARKET_FEED_CLUSTER']).toBe('compose');
      ids.add(pipeline.environment?.['MARKET_FEED_INSTANCE_ID']);
      expect(pipeline.ports).toContain(`127.0.0.1:${port}:9464`);
      expect(pipeline.healthcheck?.test.join(' ')).toContain('/healthz');
    }
    expect(ids).toEqual(new Set(['feed-1', 'feed-2']));
    expect(readFileSync(join(import.meta.dirname, '..', 'Dockerfile'), 'utf8')).toContain('dist/src/cli/main.js');
  });

  it('binds every published port to loopback only', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      for (const port of s.ports ?? []) expect(port, name).toMatch(/^127\.0\.0\.1:/);
    }
  });
});
