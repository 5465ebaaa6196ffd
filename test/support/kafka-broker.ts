import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, serviceScript, startedBy } from './service-script.js';

/** The local broker the test run starts from Maven Central jars when no other is given; or a local cluster of `nodes`. */
export interface LocalBroker {
  readonly port: number;
  readonly runDir: string;
  /** Brokers of a cluster (each on `port + 2 * (k - 1)`); default 1. */
  readonly nodes?: number;
}

/**
 * Port 29092 unless MARKET_FEED_TEST_KAFKA_PORT says otherwise (e.g. two checkouts testing at once).
 * Brokers that tests stop and restart listen below Linux's ephemeral range (32768-60999): a port in
 * it can be taken by any outgoing connection's source port while the broker is down.
 */
export const TEST_BROKER: LocalBroker = {
  port: Number(process.env['MARKET_FEED_TEST_KAFKA_PORT'] ?? 29092),
  runDir: join(ROOT, '.cache', 'kafka', 'test-run'),
};

/** Three brokers on 27092, 27094 and 27096 unless MARKET_FEED_TEST_CLUSTER_PORT moves them; started only by the tests that need them. */
export const TEST_CLUSTER: LocalBroker = {
  port: Number(process.env['MARKET_FEED_TEST_CLUSTER_PORT'] ?? 27092),
  runDir: join(ROOT, '.cache', 'kafka', 'test-cluster'),
  nodes: 3,
};

/** The bootstrap list of a local broker or cluster. */
export function brokerList(broker: LocalBroker): string {
  return Array.from({ length: broker.nodes ?? 1 }, (_, k) => `127.0.0.1:${broker.port + 2 * k}`).join(',');
}

/** The pid of node `node` (1-based) of a local cluster, as `scripts/kafka.sh` recorded it. */
export function nodePid(broker: LocalBroker, node: number): number {
  const dir = (broker.nodes ?? 1) === 1 ? broker.runDir : join(broker.runDir, `node-${node}`);
  return Number(readFileSync(join(dir, 'broker.pid'), 'utf8').trim());
}

function env(broker: LocalBroker): Record<string, string> {
  // Brokers the tests kill come back (and a dead one is fenced) in 3 s, not the default 9 s. The tests' brokers
  // compile with C1 alone: a broker serving three e2e files spent 7.9 s of CPU instead of 12.1 s (1.9 s to
  // start instead of 2.9 s), and the integration run starts about twenty.
  return {
    KAFKA_JVM_EXTRA_OPTS: '-XX:TieredStopAtLevel=1',
    KAFKA_PORT: String(broker.port),
    KAFKA_RUN_DIR: broker.runDir,
    KAFKA_NODES: String(broker.nodes ?? 1),
    KAFKA_BROKER_SESSION_TIMEOUT_MS: '3000',
  };
}

async function kafkaScript(broker: LocalBroker, command: 'up' | 'down' | 'status' | 'clean'): Promise<string> {
  return serviceScript('kafka.sh', command, env(broker), 300_000);
}

/** Starts (or reuses) the local broker; resolves to true when this call started it. */
export async function startLocalBroker(broker: LocalBroker = TEST_BROKER): Promise<boolean> {
  return startedBy(await kafkaScript(broker, 'up'));
}

/** Stops the local broker, keeping its data (a restart keeps every topic). */
export async function stopLocalBroker(broker: LocalBroker = TEST_BROKER): Promise<void> {
  await kafkaScript(broker, 'down');
}

/** Stops the local broker and removes its data. */
export async function removeLocalBroker(broker: LocalBroker = TEST_BROKER): Promise<void> {
  await kafkaScript(broker, 'clean');
}

export async function localBrokerAnswers(broker: LocalBroker = TEST_BROKER): Promise<boolean> {
  try {
    await kafkaScript(broker, 'status');
    return true;
  } catch {
    return false;
  }
}

/**
 * The partition of `__consumer_offsets` (of `partitions`) whose leader coordinates the consumer group
 * `groupId`: Kafka's `abs(groupId.hashCode()) % partitions`, with Java's string hash.
 */
export function coordinatorPartition(groupId: string, partitions: number): number {
  let hash = 0;
  for (let i = 0; i < groupId.length; i++) hash = (Math.imul(hash, 31) + groupId.charCodeAt(i)) | 0;
  return (hash === -2147483648 ? 0 : Math.abs(hash)) % partitions;
}
