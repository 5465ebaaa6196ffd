/**
 * Reads a run's trades back from Kafka. The bench creates the topic with
 * `message.timestamp.type=LogAppendTime`, so each record's Kafka timestamp is the broker's
 * append time: the moment the write that the producer's ack confirms was made.
 */
import kafkajs, { type Kafka } from 'kafkajs';
import { AvroCodec } from '../src/sink/avro-codec.js';
import { parseSingleObject } from '../src/sink/single-object-encoding.js';
import { waitForLeaders } from '../src/kafka/ensure-topics.js';

const { logLevel } = kafkajs;

export interface TradeTimes {
  /** Broker append time, ms. */
  readonly appendTs: number;
  /** The trade's venue time (the simulator's send time), ms. */
  readonly exchangeTs: number;
  /** The pipeline's receive time, ms. */
  readonly receivedTs: number;
  /** `SYMBOL/tradeId`: the same trade written twice has the same key. */
  readonly id: string;
  readonly exchange: string;
  /** `repair` for a trade a gap's repair published. */
  readonly source: string;
  /** The record's key: its instrument (`BTC-USDT`), which also picks its cluster shard. */
  readonly key: string;
}

export function benchKafka(brokers: readonly string[]): Kafka {
  return new kafkajs.Kafka({ clientId: 'market-feed-bench', brokers: [...brokers], logLevel: logLevel.NOTHING });
}

/** Creates the topic with broker append timestamps (before the pipeline would create it with defaults), `replicationFactor` copies (default 1). */
export async function createAppendTimeTopics(kafka: Kafka, topics: readonly string[], partitions: number, replicationFactor = 1): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    // Leaders waited for by ensure-topics' poll: kafkajs's own wait gives up on a broker of a cluster that does not know the topic yet.
    await admin.createTopics({
      waitForLeaders: false,
      topics: topics.map((topic) => ({
        topic,
        numPartitions: partitions,
        replicationFactor,
        configEntries: [{ name: 'message.timestamp.type', value: 'LogAppendTime' }],
      })),
    });
    await waitForLeaders(admin, topics);
  } finally {
    await admin.disconnect();
  }
}

/** Every trade in `topic`, up to the offsets it had when called. */
export async function readTrades(kafka: Kafka, topic: string): Promise<TradeTimes[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
  await admin.disconnect();
  const remaining = new Map([...ends].filter(([, high]) => high > 0));
  const codec = new AvroCodec();
  const out: TradeTimes[] = [];
  if (remaining.size === 0) return out;
  const consumer = kafka.consumer({ groupId: `bench-readback-${topic}`, maxBytes: 64 * 1024 * 1024, maxBytesPerPartition: 16 * 1024 * 1024 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const high = ends.get(batch.partition) ?? 0;
          for (const message of batch.messages) {
            if (Number(message.offset) >= high || message.value === null) continue;
            const framed = parseSingleObject(message.value);
            if (framed === undefined) continue;
            const trade = codec.decode('trade', framed.payload);
            out.push({
              appendTs: Number(message.timestamp),
              exchangeTs: trade.exchangeTs,
              receivedTs: trade.receivedTs,
              id: `${trade.symbol}/${trade.tradeId}`,
              exchange: trade.exchange,
              source: trade.source ?? 'live',
              key: message.key?.toString('utf8') ?? '',
            });
          }
          const last = batch.messages.at(-1);
          if (last !== undefined && Number(last.offset) + 1 >= high) remaining.delete(batch.partition);
          if (remaining.size === 0) resolve();
          return Promise.resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return out;
}
