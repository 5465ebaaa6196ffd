import { describe, expect, it } from 'vitest';
import { LibrdkafkaUnavailableError } from '../../kafka/native-kafka.js';
import { isUsageError } from '../command.js';
import { requireClusterClient } from './run-cluster.js';

/** What Node says when a package is not installed: its reason, then the require stack. */
const notInstalled = (): never => {
  throw new LibrdkafkaUnavailableError(
    Object.assign(new Error("Cannot find module '@confluentinc/kafka-javascript'\nRequire stack:\n- /app/dist/src/kafka/native-kafka.js"), {
      code: 'MODULE_NOT_FOUND',
    }),
  );
};

const cluster = (name: string | undefined) => ({
  cluster: {
    ...(name === undefined ? {} : { name }),
    shards: 64,
    sessionTimeoutMs: 12_000,
    handOverTimeoutMs: 10_000,
    handOverOverlapMs: 1_000,
    leaveTimeoutMs: 60_000,
    standbys: 0 as const,
  },
});

describe('requireClusterClient', () => {
  it('refuses a cluster where the optional package cannot be loaded: a usage error (exit 2), one line naming the package, why, and how to install it', () => {
    let thrown: unknown;
    try {
      requireClusterClient(cluster('prod'), notInstalled);
    } catch (error) {
      thrown = error;
    }
    expect(isUsageError(thrown)).toBe(true);
    const message = (thrown as Error).message;
    expect(message).toContain('cluster.name');
    expect(message).toContain('@confluentinc/kafka-javascript');
    expect(message).toContain("Cannot find module '@confluentinc/kafka-javascript'");
    expect(message).toContain('CKJS_LINKING=dynamic npm ci');
    expect(message).not.toContain('\n');
  });

  it('does not load the package outside a cluster', () => {
    let loaded = 0;
    requireClusterClient(cluster(undefined), () => (loaded += 1));
    expect(loaded).toBe(0);
  });

  it('lets a cluster start where the package loads', () => {
    expect(() => requireClusterClient(cluster('prod'), () => ({ KafkaConsumer: class {} }))).not.toThrow();
  });
});
