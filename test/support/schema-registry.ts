import { join } from 'node:path';
import { ROOT, serviceScript, startedBy } from './service-script.js';

/** The local schema registry (Apicurio, Confluent API) the test run starts when no other is given. */
export interface LocalRegistry {
  readonly port: number;
  readonly runDir: string;
}

const TEST_REGISTRY_PORT = Number(process.env['MARKET_FEED_TEST_REGISTRY_PORT'] ?? 28081);

/**
 * Port 28081 unless MARKET_FEED_TEST_REGISTRY_PORT says otherwise; below the ephemeral range like the test broker.
 * Another port has a folder of its own: two runs in one checkout on two ports do not remove each other's registry.
 */
export const TEST_REGISTRY: LocalRegistry = {
  port: TEST_REGISTRY_PORT,
  runDir: join(ROOT, '.cache', 'schema-registry', TEST_REGISTRY_PORT === 28081 ? 'test-run' : `test-run-${TEST_REGISTRY_PORT}`),
};

/** The Confluent-compatible base URL, base path included: `http://127.0.0.1:<port>/apis/ccompat/v7`. */
export function localRegistryUrl(registry: LocalRegistry = TEST_REGISTRY): string {
  return `http://127.0.0.1:${registry.port}/apis/ccompat/v7`;
}

async function registryScript(registry: LocalRegistry, command: 'up' | 'clean'): Promise<string> {
  return serviceScript('schema-registry.sh', command, { SCHEMA_REGISTRY_PORT: String(registry.port), SCHEMA_REGISTRY_RUN_DIR: registry.runDir }, 600_000);
}

/** Starts (or reuses) the local registry; resolves to true when this call started it. */
export async function startLocalRegistry(registry: LocalRegistry = TEST_REGISTRY): Promise<boolean> {
  return startedBy(await registryScript(registry, 'up'));
}

/** Stops the local registry (its schemas live in memory and go with it) and removes its run directory. */
export async function removeLocalRegistry(registry: LocalRegistry = TEST_REGISTRY): Promise<void> {
  await registryScript(registry, 'clean');
}
