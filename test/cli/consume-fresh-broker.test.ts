import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TradeEvent } from '../../src/model/index.js';
import { RecordEncoder } from '../../src/sink/record-encoder.js';
import { sinkTopics } from '../../src/sink/sink-topics.js';
import { CliProcess } from '../support/cli-process.js';
import { removeLocalBroker, startLocalBroker, type LocalBroker } from '../support/kafka-broker.js';
import { trade } from '../sink/sink-fixtures.js';

/**
 * A broker of this test's own, started from empty data: no topic, not even the group coordinator's
 * `__consumer_offsets`. Port 29692 unless MARKET_FEED_TEST_FRESH_KAFKA_PORT says otherwise.
 */
const FRESH_BROKER: LocalBroker = {
  port: Number(process.env['MARKET_FEED_TEST_FRESH_KAFKA_PORT'] ?? 29692),
  runDir: join(process.cwd(), '.cache', 'kafka', 'fresh-run'),
};
const brokers = `127.0.0.1:${FRESH_BROKER.port}`;
/** The local jars can start a broker here (they are what the run uses, or they are installed). */
const canStartBroker = inject('kafkaSource') === 'local' || existsSync(join(process.cwd(), '.cache', 'kafka', 'libs', '.complete'));
const TRADES = 30;

describe.skipIf(!canStartBroker)('market-feed consume against a fresh broker (needs the local jar broker)', () => {
  beforeAll(async () => {
    await removeLocalBroker(FRESH_BROKER);
    await startLocalBroker(FRESH_BROKER);
  });

  afterAll(async () => {
    await removeLocalBroker(FRESH_BROKER);
  });

  /** Creates `topic` with 3 partitions and writes `TRADES` trades to it. */
  async function writeTrades(topic: string): Promise<readonly TradeEvent[]> {
    const kafka = new Kafka({ clientId: 'fresh-broker-test', brokers: [brokers], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    // Idempotent: a fresh broker's first answers (no leader yet) make a plain producer retry, and it may write a record twice.
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await admin.connect();
    // kafkajs's wait for leaders trips over a KRaft broker's first answers; the producer waits for them instead.
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: false });
    await admin.disconnect();
    const encoder = await RecordEncoder.create({ kind: 'single-object' }, sinkTopics(''));
    const sent = Array.from({ length: TRADES }, (_, i) => trade(i));
    await producer.connect();
    await producer.send({ topic, messages: sent.map((t) => ({ key: t.symbol, value: encoder.encodeRecord(t).value })) });
    await producer.disconnect();
    return sent;
  }

  /** Waits for `consume` to exit by itself, then checks its output: every trade sent, once, and no log line at error level or above. */
  async function expectPrinted(consume: CliProcess, topic: string, sent: readonly TradeEvent[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([consume.exited, new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), 60_000)))]);
    clearTimeout(timer);
    expect(code, consume.stderrText.slice(-3000)).toBe(0);

    const lines = consume.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { topic: string; schema: string; value: Record<string, unknown> });
    expect(lines).toHaveLength(sent.length);
    expect(lines.every((line) => line.topic === topic && line.schema === 'marketfeed.v1.TradeEvent')).toBe(true);
    expect(lines.map((line) => Number(line.value['tradeId'])).sort((a, b) => a - b)).toEqual(sent.map((t) => Number(t.tradeId)));

    // Every line on stderr is a pino line (librdkafka writes nothing of its own there), none at error level or above.
    const stderrLines = consume.stderrText.split('\n').filter((line) => line.trim() !== '');
    expect(stderrLines.length).toBe(consume.logs.length);
    expect(
      consume.logs.filter((line) => Number(line.level) >= 50),
      consume.stderrText.slice(-3000),
    ).toEqual([]);
  }

  it('reads a topic from the beginning before any consumer group exists, and logs nothing at error level', async () => {
    const topic = 'fresh.written-first.market.trades.v1';
    const sent = await writeTrades(topic);
    const consume = new CliProcess(['consume', '--brokers', brokers, '--topic', topic, '--from-beginning', '--max', String(TRADES)], { LOG_LEVEL: 'debug' });
    try {
      await expectPrinted(consume, topic, sent);
    } finally {
      await consume.stop('SIGKILL');
    }
  });

  it('started before its topic exists, prints the records written once it does, and logs nothing at error level', async () => {
    const topic = 'fresh.created-later.market.trades.v1';
    const consume = new CliProcess(['consume', '--brokers', brokers, '--topic', topic, '--max', String(TRADES)], { LOG_LEVEL: 'debug' });
    try {
      await consume.waitForLog((line) => line.msg === 'waiting for topics to be created', 30_000);
      await expectPrinted(consume, topic, await writeTrades(topic));
    } finally {
      await consume.stop('SIGKILL');
    }
  });
});
