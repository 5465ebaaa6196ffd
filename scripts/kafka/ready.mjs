// Exit 0 when a Kafka client can connect to the broker given as argv[2] and describe the cluster,
// and the cluster has at least argv[3] brokers (default 1).
import kafkajs from 'kafkajs';

const { Kafka, logLevel } = kafkajs;
const broker = process.argv[2] ?? '127.0.0.1:9092';
const expected = Number(process.argv[3] ?? 1);
const admin = new Kafka({
  clientId: 'market-feed-ready',
  brokers: [broker],
  logLevel: logLevel.NOTHING,
  connectionTimeout: 1000,
  retry: { retries: 0 },
}).admin();
try {
  await admin.connect();
  const cluster = await admin.describeCluster();
  await admin.disconnect();
  process.exit(cluster.brokers.length >= expected ? 0 : 1);
} catch {
  process.exit(1);
}
