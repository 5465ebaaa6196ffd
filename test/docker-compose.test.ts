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

const compose = parse(readFileSync(join(import.meta.dirname, '..', 'docker-compose.yml'), 'utf8')) as {
  services: Readonly<Record<string, ComposeService>>;
};

function service(name: string): ComposeService {
  const found = compose.services[name];
  if (found === undefined) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
}

describe('docker-compose.yml', () => {
  it('runs a single-node KRaft Kafka on 127.0.0.1:9092 with a health check', () => {
    const kafka = service('kafka');
    expect(kafka.ports).toContain('127.0.0.1:9092:9092');
    expect(kafka.environment?.['KAFKA_PROCESS_ROLES']).toBe('broker,controller');
    expect(String(kafka.environment?.['KAFKA_ADVERTISED_LISTENERS'])).toContain('127.0.0.1:9092');
    expect(kafka.healthcheck?.test.length).toBeGreaterThan(0);
  });

  it('runs a Confluent Schema Registry on 127.0.0.1:8081 once Kafka is healthy', () => {
    const registry = service('schema-registry');
    expect(registry.image).toMatch(/^confluentinc\/cp-schema-registry:/);
    expect(registry.ports).toContain('127.0.0.1:8081:8081');
    expect(registry.depends_on?.['kafka']?.condition).toBe('service_healthy');
    expect(registry.healthcheck?.test.length).toBeGreaterThan(0);
  });

  it('runs the pipeline against the compose Kafka and registry, with /metrics on 127.0.0.1:9464', () => {
    const pipeline = service('market-feed');
    expect(pipeline.depends_on?.['kafka']?.condition).toBe('service_healthy');
    expect(pipeline.depends_on?.['schema-registry']?.condition).toBe('service_healthy');
    expect(pipeline.environment?.['KAFKA_BROKERS']).toBe('kafka:29092');
    expect(pipeline.environment?.['SCHEMA_REGISTRY_URL']).toBe('http://schema-registry:8081');
    expect(pipeline.ports).toContain('127.0.0.1:9464:9464');
    expect(pipeline.healthcheck?.test.join(' ')).toContain('/healthz');
    expect(readFileSync(join(import.meta.dirname, '..', 'Dockerfile'), 'utf8')).toContain('dist/src/cli/main.js');
  });

  it('binds every published port to loopback only', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      for (const port of s.ports ?? []) expect(port, name).toMatch(/^127\.0\.0\.1:/);
    }
  });
});
