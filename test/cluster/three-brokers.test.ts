import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigResourceTypes } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/create-logger.js';
import { createKafkaSink } from '../../src/sink/kafka-sink.js';
import { createLibrdkafkaProducer } from '../../src/kafka/librdkafka-producer.js';
import { sinkTopics } from '../../src/sink/sink-topics.js';
import { startSimulator } from '../../simulator/start-simulator.js';
import { describeReconciliation, reconcileTrades } from '../reliability/reconcile-trades.js';
import { CliProcess } from '../support/cli-process.js';
import { TEST_CLUSTER, brokerList, coordinatorPartition, nodePid, removeLocalBroker, startLocalBroker } from '../support/kafka-broker.js';
import { readTopics } from '../support/topic-reader.js';
import { reconcile, testKafka, trade, uniquePrefix } from '../sink/sink-fixtures.js';
import { until } from '../support/until.js';
import { clustersPerTest, heldBy, joinOneByOne, settled } from '../e2e/cluster-instances.js';
import { follows, killOwner, madeWithinPublished, repeatsTold, runRecords, story, unrepairedTold, untilInTopic, untilRepaired } from '../e2e/standby-runs.js';
import { healthUrlOf, readAfterStall } from '../e2e/pipeline-harness.js';

const silent = createLogger({ level: 'silent' });
const brokers = brokerList(TEST_CLUSTER);
const kafka = testKafka(brokers);
const spoolDir = mkdtempSync(join(tmpdir(), 'three-brokers-'));

beforeAll(() => startLocalBroker(TEST_CLUSTER), 180_000);
afterAll(async () => {
  await removeLocalBroker(TEST_CLUSTER);
  rmSync(spoolDir, { recursive: true, force: true });
}, 120_000);

describe('three brokers (scripts/kafka.sh with KAFKA_NODES=3)', () => {
  const { cluster: startCluster } = clustersPerTest();
  it('keeps every acknowledged trade, once each and in order per key, when the broker leading most trade partitions is killed while trades flow', async () => {
    const prefix = uniquePrefix('three-brokers');
    const tradeTopic = sinkTopics(prefix).records.trade;
    const producer = createLibrdkafkaProducer({
      brokers: brokers.split(','),
      clientId: 'three-brokers-test',
      admin: kafka,
      topics: { partitions: 6, replicationFactor: 3 },
      logger: silent,
    });
    const sink = createKafkaSink({ producer, topicPrefix: prefix, encoding: { kind: 'single-object' }, spoolDir, logger: silent });
    await sink.start();

    const admin = kafka.admin();
    await admin.connect();
    try {
      // The topics the sink created: three replicas, two of them in sync before a write is acknowledged,
      // set on the topic itself (config source 1, TOPIC_CONFIG), not inherited from this cluster's
      // brokers. Asked until the broker asked knows the topic (brokers learn of it one after another).
      const minInsync = async (): Promise<unknown> => {
        const described = await admin
          .describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: tradeTopic, configNames: ['min.insync.replicas'] }] })
          .catch(() => undefined);
        return described?.resources[0]?.configEntries.find((entry) => entry.configName === 'min.insync.replicas');
      };
      await expect.poll(minInsync, { timeout: 30_000 }).toMatchObject({ configValue: '2', configSource: 1 });
      // Every partition with its leader, from one answer (a broker asked a moment later may not know the topic yet).
      let partitions: readonly { readonly leader: number; readonly replicas: readonly number[] }[] = [];
      await expect
        .poll(
          async () => {
            partitions = (await admin.fetchTopicMetadata({ topics: [tradeTopic] }).catch(() => undefined))?.topics[0]?.partitions ?? [];
            return partitions.filter((partition) => partition.leader >= 0).length;
          },
          { timeout: 30_000 },
        )
        .toBe(6);
      expect(partitions.map((partition) => partition.replicas.length)).toEqual([3, 3, 3, 3, 3, 3]);

      const count = 12_000;
      let written = 0;
      const writeFor = async (ms: number, upTo: number): Promise<void> => {
        const until = Date.now() + ms;
        while (written < upTo && Date.now() < until) {
          for (let i = 0; i < 200 && written < upTo; i++) sink.write(trade(written++));
          await sleep(20);
        }
      };
      await writeFor(3_000, count / 3);
      const leaders = new Map<number, number>();
      for (const partition of partitions) leaders.set(partition.leader, (leaders.get(partition.leader) ?? 0) + 1);
      const [victim] = [...leaders].sort((a, b) => b[1] - a[1])[0] ?? [1];
      process.kill(nodePid(TEST_CLUSTER, victim), 'SIGKILL');
      await writeFor(60_000, count);
      const result = await sink.close({ deadlineMs: 90_000 });
      expect(result.undelivered).toBe(0);
      expect(sink.counters.acked).toBe(count);

      const after = await admin.fetchTopicMetadata({ topics: [tradeTopic] });
      expect(after.topics[0]?.partitions.every((partition) => partition.leader !== victim && partition.leader >= 0)).toBe(true);
      // The topic holds what was acknowledged, by its partitions' offsets (not by what a reader got through),
      // then each record is read once, every partition to its end. A partition's high watermark counts what
      // every replica of its ISR has: with a replica down, its last records can wait above it (seen on a loaded
      // machine: 11,999 of 12,000 for at least a minute, the sink having had each acknowledged once and nothing
      // failed). What was acknowledged must be there once the killed broker is back; the state before is told.
      let offsets = await admin.fetchTopicOffsets(tradeTopic);
      const heldIn = (of: typeof offsets): number => of.reduce((sum, { high, low }) => sum + Number(BigInt(high) - BigInt(low)), 0);
      const short = heldIn(offsets);
      if (short < count) {
        const { topics } = await admin.fetchTopicMetadata({ topics: [tradeTopic] });
        const isr = topics[0]?.partitions.map(({ partitionId, leader, isr: inSync }) => ({ partitionId, leader, isr: inSync }));
        console.log(
          `three brokers, node ${victim} down: the high watermarks count ${short} of ${count} acknowledged (${JSON.stringify(offsets)}; ${JSON.stringify(isr)}); node ${victim} started again`,
        );
        await startLocalBroker(TEST_CLUSTER);
        await until(
          () => `the topic holds ${count} records with every broker back (${JSON.stringify(offsets)}); the sink's counters: ${JSON.stringify(sink.counters)}`,
          async () => heldIn((offsets = await admin.fetchTopicOffsets(tradeTopic))) >= count,
          60_000,
          500,
        );
      }
      const messages = (await readTopics(brokers.split(','), [tradeTopic])).get(tradeTopic) ?? [];
      expect(reconcile(messages, count)).toEqual({ missing: 0, duplicates: 0, outOfOrderKeys: [] });
    } finally {
      await admin.disconnect();
    }
  }, 240_000);

  it('keeps every trade a running cluster instance publishes when the broker leading most of its trade partitions is SIGKILLed: reconciled against the simulator by trade id, none missing, none twice', async () => {
    // Brings back the node the test before killed: three brokers again.
    await startLocalBroker(TEST_CLUSTER);
    const admin = kafka.admin();
    await admin.connect();
    // The instance joins its group once all three are back: a coordinator still loading its partitions answers no join.
    await expect.poll(async () => (await admin.describeCluster()).brokers.length, { timeout: 60_000 }).toBe(3);
    const sim = await startSimulator({ coins: ['BTC', 'ETH', 'SOL', 'XRP'], tradesPerSecond: 100 });
    const prefix = uniquePrefix('three-brokers-run');
    const cli = new CliProcess([
      'run',
      '--venues',
      'binance',
      '--binance-url',
      sim.urls.binance,
      '--coins',
      'BTC,ETH,SOL,XRP',
      '--kafka-brokers',
      brokers,
      '--kafka-topic-prefix',
      prefix,
      '--kafka-partitions',
      '6',
      '--kafka-replication-factor',
      '3',
      '--metrics-port',
      '0',
      '--spool-dir',
      mkdtempSync(join(spoolDir, 'run-')),
      '--klines',
      'false',
      '--cluster',
      `c-${randomUUID().slice(0, 8)}`,
      '--instance-id',
      'only',
    ]);
    try {
      await cli.waitForLog((line) => line.msg === 'shards assigned', 120_000);
      await cli.waitForLog((line) => (line['status'] as { state?: string } | undefined)?.state === 'subscribed', 30_000);
      await sleep(3_000);
      const tradeTopic = sinkTopics(prefix).records.trade;
      const partitions = (await admin.fetchTopicMetadata({ topics: [tradeTopic] })).topics[0]?.partitions ?? [];
      expect(partitions.map((partition) => partition.replicas.length)).toEqual([3, 3, 3, 3, 3, 3]);
      const leaders = new Map<number, number>();
      for (const partition of partitions) leaders.set(partition.leader, (leaders.get(partition.leader) ?? 0) + 1);
      const [victim] = [...leaders].sort((a, b) => b[1] - a[1])[0] ?? [1];
      process.kill(nodePid(TEST_CLUSTER, victim), 'SIGKILL');
      await sleep(8_000);
      sim.control.stall('binance');
      await readAfterStall(await healthUrlOf(cli), 'binance');
      expect(await cli.stop('SIGTERM', 90_000)).toBe(0);

      const topics = sinkTopics(prefix).records;
      const records = await readTopics(brokers.split(','), [topics.trade, topics.feed_status], { timeoutMs: 120_000 });
      const r = reconcileTrades({
        exchange: 'binance',
        sent: sim.control.sentTrades('binance'),
        trades: records.get(topics.trade) ?? [],
        statuses: records.get(topics.feed_status) ?? [],
        consecutiveIds: true,
      });
      const summary = describeReconciliation(r);
      process.stderr.write(`three brokers, a broker killed under a running instance: ${summary}\n`);
      expect(r.unexplained, summary).toEqual([]);
      expect(r.reported, summary).toEqual([]);
      expect(r.duplicates, summary).toEqual([]);
      expect(r.uncoveredIds, summary).toEqual([]);
      expect(r.delivered).toBe(r.sent);
      expect(r.delivered).toBeGreaterThan(3_000);
    } finally {
      await cli.stop('SIGKILL');
      await sim.close();
      await admin.disconnect();
    }
  }, 240_000);
  it.each(['bybit', 'binance'] as const)(
    "keeps every trade of a cluster with a standby per shard when an owner is SIGKILLed and then the broker that is the group's coordinator: three instances on %s, the standby takes the owner's shards with what it held; every trade the venue made, from each instrument's first published to its last, in the topic once",
    async (venue) => {
      // Brings back the node the test before killed: three brokers again.
      await startLocalBroker(TEST_CLUSTER);
      const admin = kafka.admin();
      await admin.connect();
      try {
        await expect.poll(async () => (await admin.describeCluster()).brokers.length, { timeout: 60_000 }).toBe(3);
        const cluster = await startCluster(brokers, venue, { args: ['--cluster-standbys', '1', '--kafka-replication-factor', '3'] });
        const [a, b, c] = await joinOneByOne(cluster.start, ['a', 'b', 'c']);
        if (a === undefined || b === undefined || c === undefined) throw new Error('three instances');
        const shardsOfB = heldBy(b);
        await until('c stands by every shard of b', () => follows(c, 'b', shardsOfB), 20_000);
        await sleep(1_000);
        const ownerKilledAt = Date.now();
        const tookOverInMs = await killOwner(b, c, [a, c], shardsOfB.size);
        // Then a broker: once the owner's shards have moved, not in the middle of a hand-over (a taker
        // that loses its shards to the coordinator's failover drops what it held: a harder case).
        await settled([a, c], 'a and c serve every shard, no hand-over under way');
        const tradeTopic = sinkTopics(cluster.prefix).records.trade;
        const partitions = (await admin.fetchTopicMetadata({ topics: [tradeTopic] })).topics[0]?.partitions ?? [];
        expect(partitions.map((partition) => partition.replicas.length)).toEqual(partitions.map(() => 3));
        const leaders = new Map<number, number>();
        for (const partition of partitions) leaders.set(partition.leader, (leaders.get(partition.leader) ?? 0) + 1);
        const offsets = (await admin.fetchTopicMetadata({ topics: ['__consumer_offsets'] })).topics[0]?.partitions ?? [];
        const coordinator = offsets.find((partition) => partition.partitionId === coordinatorPartition(cluster.groupId, offsets.length))?.leader;
        // The group's coordinator: its failover (slower when the node was also the controller) can
        // outlast the members' sessions, so that every shard is lost and given back seconds later; what
        // each instance received meanwhile is held and published then (on Bybit, whose history keeps a
        // symbol's last 60 trades, a hole of seconds could not be repaired).
        const [mostLeading] = [...leaders].sort((x, y) => y[1] - x[1])[0] ?? [1];
        const victim = coordinator ?? mostLeading;
        const brokerKilledAt = Date.now();
        process.kill(nodePid(TEST_CLUSTER, victim), 'SIGKILL');
        await sleep(8_000);
        // The broker's failover may move shards (the group's coordinator lost with it, a member's session
        // runs out): once they are served again, their holes are named when each instance's own trades
        // are in Kafka, then repaired one after another. Waited for, not assumed done.
        // Every shard served once, by either: a member the coordinator's failover left outside the group for
        // a while holds nothing meanwhile (the trades, checked below, are this test's concern).
        await settled([a, c], 'a and c serve every shard after the broker went', 60_000, { everyMember: false });
        // The shards were taken over with the broker down; what they published is read with it back. With one
        // of three replicas down, a partition's high watermark was seen to stay below records it had
        // acknowledged for over a minute (the first test here: 11,999 of 12,000).
        await startLocalBroker(TEST_CLUSTER);
        await untilInTopic(cluster, venue, { from: ownerKilledAt, to: Math.max(brokerKilledAt + 2_000, Date.now() - 1_000) });
        await untilRepaired(cluster, venue);
        cluster.sim.control.stall(venue);
        await readAfterStall(await Promise.all([a, c].map(healthUrlOf)), venue);
        expect(await Promise.all([a, c].map((member) => member.stop('SIGTERM', 90_000)))).toEqual([0, 0]);

        const { trades, statuses } = await runRecords(cluster);
        const { made } = madeWithinPublished(cluster, venue, trades);
        const r = reconcileTrades({ exchange: venue, sent: made, trades, statuses, consecutiveIds: venue === 'binance' });
        const summary = describeReconciliation(r);
        process.stderr.write(
          `three brokers, ${venue}, a standby per shard, an owner then a broker SIGKILLed (node ${victim}, the group's coordinator ${String(coordinator)}): taken over ${tookOverInMs} ms after the kill; ${summary}\n`,
        );
        // The survivors' hand-overs, for a failure's message.
        const told = `${summary}\n${repeatsTold(trades, r.duplicates)}\n${unrepairedTold(statuses, venue, r.reported)}\na:\n${story(a)}\nc:\n${story(c)}`;
        expect(r.unexplained, told).toEqual([]);
        expect(r.reported, told).toEqual([]);
        expect(r.duplicates, told).toEqual([]);
        expect(r.delivered, told).toBe(made.length);
      } finally {
        await admin.disconnect();
      }
    },
    240_000,
  );
});
