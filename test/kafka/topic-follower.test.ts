import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLibrdkafkaReader } from '../../src/kafka/librdkafka-reader.js';
import { TopicFollower } from '../../src/kafka/topic-follower.js';
import { startKafkaClientProxy, type KafkaProxy } from '../support/kafka-client-proxy.js';
import { testKafka, uniquePrefix } from '../sink/sink-fixtures.js';
import { createTopicsWithLeaders } from '../../src/kafka/ensure-topics.js';

const brokers = inject('kafkaBrokers');
const kafka = testKafka(brokers);
/** The proxy between the follower and the broker. Port 29793 unless MARKET_FEED_TEST_FOLLOWER_PROXY_PORT says otherwise. */
const PROXY_PORT = Number(process.env['MARKET_FEED_TEST_FOLLOWER_PROXY_PORT'] ?? 29793);
/** As many topics as the dashboard reads: each probe asks their offsets. */
const PREFIX = uniquePrefix('follower');
const TOPICS = Array.from({ length: 20 }, (_, n) => `${PREFIX}t${n}`);
const PARTITIONS = 3;

const admin = kafka.admin();
let proxy: KafkaProxy | undefined;
beforeAll(async () => {
  await admin.connect();
  await createTopicsWithLeaders(
    admin,
    TOPICS.map((topic) => ({ topic, numPartitions: PARTITIONS })),
  );
}, 60_000);
afterAll(async () => {
  await proxy?.close();
  await admin.deleteTopics({ topics: TOPICS }).catch(() => undefined);
  await admin.disconnect();
});

describe('TopicFollower on librdkafka', () => {
  it('reads twenty topics again within seconds of each restore of a cut broker connection, and every record written meanwhile once', async () => {
    const [host = '127.0.0.1', port = '0'] = (brokers.split(',')[0] ?? '').split(':');
    const cutOff = await startKafkaClientProxy({ port: PROXY_PORT, brokerHost: host, brokerPort: Number(port) });
    proxy = cutOff;
    const logger = pino({ level: 'silent' });
    const read: string[] = [];
    const events: { readonly what: 'reading' | 'unreachable'; readonly at: number }[] = [];
    const follower = new TopicFollower({
      createReader: () =>
        createLibrdkafkaReader({ connection: { brokers: [cutOff.address], clientId: 'topic-follower-test' }, logger, reader: { requestTimeoutMs: 2000 } }),
      topics: TOPICS,
      startOf: (_topic, offsets) => offsets.low,
      onRecord: (record) => void read.push(record.value?.toString() ?? ''),
      onReading: () => void events.push({ what: 'reading', at: Date.now() }),
      onUnreachable: () => void events.push({ what: 'unreachable', at: Date.now() }),
      logger,
      config: { probeIntervalMs: 200, reconnectDelayMs: 200, answerTimeoutMs: 4000 },
    });
    const producer = kafka.producer();
    await producer.connect();
    const written: string[] = [];
    let writing = true;
    const writer = (async () => {
      for (let n = 0; writing; n++) {
        const value = `v${n}`;
        await producer.send({ topic: TOPICS[n % TOPICS.length] ?? '', messages: [{ value }] });
        written.push(value);
        await sleep(10);
      }
    })();
    const waitFor = async (what: 'reading' | 'unreachable', after: number, ms: number): Promise<number> => {
      const deadline = Date.now() + ms;
      for (;;) {
        const event = events.find((e) => e.what === what && e.at >= after);
        if (event !== undefined) return event.at - after;
        if (Date.now() > deadline) throw new Error(`no '${what}' within ${ms} ms; the follower said ${JSON.stringify(events)}`);
        await sleep(50);
      }
    };
    try {
      follower.start();
      await waitFor('reading', 0, 20_000);
      const backAfter: number[] = [];
      for (let round = 0; round < 3; round++) {
        await sleep(500);
        await cutOff.cut();
        await waitFor('unreachable', Date.now(), 20_000);
        // Cut while the last session's calls may still be out: they are what a new client waited behind.
        await sleep(round * 700);
        await cutOff.restore();
        backAfter.push(await waitFor('reading', Date.now(), 15_000));
      }
      // Read again within a reconnect and a probe or two of each restore, not after a queue of answers for clients gone.
      for (const ms of backAfter) expect(ms).toBeLessThan(8000);
    } finally {
      writing = false;
      await writer;
      await producer.disconnect();
    }
    const deadline = Date.now() + 20_000;
    while (read.length < written.length && Date.now() < deadline) await sleep(100);
    await follower.stop();
    expect(read.length).toBe(written.length);
    expect(new Set(read)).toEqual(new Set(written));
  }, 120_000);
});
