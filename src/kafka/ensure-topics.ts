import type { Admin, ITopicConfig, Kafka } from 'kafkajs';
import type { Logger } from 'pino';

/** How new topics are created. */
export interface TopicSettings {
  /** Partitions of each new topic. Default 6; keys keep their partition only while this is unchanged. */
  readonly partitions?: number;
  /** Replicas of each new topic. Default 1 (raise it on a real cluster). */
  readonly replicationFactor?: number;
}

/**
 * Replicas that must have a record before the producer (`acks` all) hears it was written: all but one
 * from three replicas up, so an acknowledged record survives the loss of any one broker and writes go
 * on while one is down; one below three (two in sync would stop writes when either broker is down).
 */
export function minInsyncReplicasFor(replicationFactor: number): number {
  return replicationFactor >= 3 ? replicationFactor - 1 : 1;
}

/** How long new topics may take to have a leader for every partition, ms. */
const LEADERS_TIMEOUT_MS = 30_000;

/**
 * Waits until every partition of `topics` has a leader, asking again while the broker asked does not
 * know a topic yet (a cluster's brokers learn of a new topic one after another).
 */
export async function waitForLeaders(admin: Admin, topics: readonly string[]): Promise<void> {
  const deadline = Date.now() + LEADERS_TIMEOUT_MS;
  for (;;) {
    let problem: string;
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
      if (metadata.topics.every((topic) => topic.partitions.length > 0 && topic.partitions.every((partition) => partition.leader >= 0))) return;
      problem = 'a partition has no leader yet';
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) throw new Error(`topics ${topics.join(', ')} have no leader for every partition after ${LEADERS_TIMEOUT_MS} ms: ${problem}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Creates the topics (an existing one is left as it is) and waits until every partition has a leader,
 * by `waitForLeaders`: kafkajs's own wait (`waitForLeaders: true`) throws when the broker it asks
 * does not know a topic just made yet ("This server does not host this topic-partition").
 */
export async function createTopicsWithLeaders(admin: Admin, topics: readonly ITopicConfig[]): Promise<void> {
  await admin.createTopics({ waitForLeaders: false, topics: [...topics] });
  await waitForLeaders(
    admin,
    topics.map((t) => t.topic),
  );
}

/** Creates the topics that do not exist yet; existing topics are left as they are. Returns the ones created. */
export async function ensureTopics(kafka: Kafka, topics: readonly string[], settings: TopicSettings, logger: Logger): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await createTopicsWithLeaders(
        admin,
        missing.map((topic) => ({
          topic,
          numPartitions: settings.partitions ?? 6,
          replicationFactor: settings.replicationFactor ?? 1,
          configEntries: [{ name: 'min.insync.replicas', value: String(minInsyncReplicasFor(settings.replicationFactor ?? 1)) }],
        })),
      );
      logger.info({ topics: missing }, 'created topics');
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
}
