import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';

/** How new topics are created. */
export interface TopicSettings {
  /** Partitions of each new topic. Default 6; keys keep their partition only while this is unchanged. */
  readonly partitions?: number;
  /** Replicas of each new topic. Default 1 (raise it on a real cluster). */
  readonly replicationFactor?: number;
}

/** Creates the topics that do not exist yet; existing topics are left as they are. Returns the ones created. */
export async function ensureTopics(kafka: Kafka, topics: readonly string[], settings: TopicSettings, logger: Logger): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: settings.partitions ?? 6,
          replicationFactor: settings.replicationFactor ?? 1,
        })),
      });
      logger.info({ topics: missing }, 'created topics');
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
}
