import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/create-logger.js';
import type { PartitionOffsets, PartitionReader, PartitionStart, ReadRecord } from '../kafka/partition-reader.js';
import type { ProducerPort } from '../kafka/producer-port.js';
import { openHandOverChannel } from './hand-over-channel.js';
import { encodeHandOver, type HandOverRecord } from './hand-over-records.js';

const TOPIC = 'market-feed.cluster';
const logger = createLogger({ level: 'silent' });

/** A control topic of two partitions whose offsets() answers in turn from `answers` (the last one ever after). */
function controlTopic(answers: readonly (readonly PartitionOffsets[] | Error)[], stored: readonly HandOverRecord[]) {
  let asked = 0;
  let assigned: readonly PartitionStart[] = [];
  let delivered = false;
  const reader: PartitionReader = {
    connect: () => Promise.resolve(),
    offsets: () => {
      const answer = answers[Math.min(asked++, answers.length - 1)];
      if (answer === undefined || answer instanceof Error) return Promise.reject(answer ?? new Error('no answer'));
      return Promise.resolve(new Map([[TOPIC, answer]]));
    },
    assign: (starts) => {
      assigned = starts;
      return Promise.resolve();
    },
    read: async (): Promise<readonly ReadRecord[]> => {
      await sleep(10);
      if (delivered) return [];
      delivered = true;
      return stored.map((record, offset) => ({
        topic: TOPIC,
        partition: record.shard,
        offset,
        timestamp: record.at,
        key: Buffer.from(String(record.shard)),
        value: Buffer.from(encodeHandOver(record)),
      }));
    },
    close: () => Promise.resolve(),
  };
  const producer: ProducerPort = {
    createTopics: () => Promise.resolve(),
    connect: () => Promise.resolve(),
    send: () => Promise.resolve(),
    classify: () => 'retriable',
    onTrouble: () => undefined,
    close: () => Promise.resolve(),
  };
  return { reader, producer, asked: () => asked, assigned: () => assigned };
}

describe('openHandOverChannel', () => {
  const serving: HandOverRecord = { kind: 'serving', shard: 0, instance: 'a', at: 1_700_000_000_000 };

  it("asks again when the brokers refuse the first offsets request (brokers started together), then reads each shard's latest record", async () => {
    const topic = controlTopic(
      [
        new Error('Broker: Leader epoch is newer than broker epoch'),
        [
          { partition: 0, low: 0, high: 1 },
          { partition: 1, low: 0, high: 0 },
        ],
      ],
      [serving],
    );
    const channel = await openHandOverChannel({ reader: topic.reader, producer: topic.producer, topic: TOPIC, partitions: 2, logger, openTimeoutMs: 5_000 });
    expect(topic.asked()).toBe(2);
    expect(topic.assigned()).toEqual([
      { topic: TOPIC, partition: 0, offset: 0 },
      { topic: TOPIC, partition: 1, offset: 0 },
    ]);
    expect(channel.latest.get(0)).toEqual(serving);
    await channel.close(100);
  });

  it('leaves no timer behind once opened, flushed and closed: its waits end with what they wait for, and a stopped process ends at once', async () => {
    const timers = (): number => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timers();
    const topic = controlTopic([[{ partition: 0, low: 0, high: 1 }]], [serving]);
    const channel = await openHandOverChannel({ reader: topic.reader, producer: topic.producer, topic: TOPIC, partitions: 1, logger, openTimeoutMs: 60_000 });
    channel.write({ kind: 'taking', shard: 0, instance: 'b', at: serving.at + 1 });
    await channel.flush(60_000);
    await channel.close(60_000);
    // Timers left by earlier files of this worker may end meanwhile: none is added.
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it('asks again while a partition has no leader yet, and opens with those listed when the time-out passes', async () => {
    const topic = controlTopic([[{ partition: 0, low: 0, high: 0 }]], []);
    const started = Date.now();
    const channel = await openHandOverChannel({ reader: topic.reader, producer: topic.producer, topic: TOPIC, partitions: 2, logger, openTimeoutMs: 600 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(topic.asked()).toBeGreaterThan(1);
    expect(topic.assigned()).toEqual([{ topic: TOPIC, partition: 0, offset: 0 }]);
    await channel.close(100);
  });

  it('follows a partition that had no leader at the start once it has one: a record written there later is read, and the partitions read go on from where they were', async () => {
    const taking: HandOverRecord = { kind: 'taking', shard: 1, instance: 'b', at: 1_700_000_001_000 };
    // Partition 0 holds a's `serving` at offset 0; partition 1 has no leader for the first three answers, then holds b's `taking`.
    const stored = new Map<number, HandOverRecord[]>([
      [0, [serving]],
      [1, [taking]],
    ]);
    let asked = 0;
    let assigned: readonly PartitionStart[] = [];
    const read = new Set<string>();
    const reader: PartitionReader = {
      connect: () => Promise.resolve(),
      offsets: () =>
        Promise.resolve(new Map([[TOPIC, asked++ < 3 ? [{ partition: 0, low: 0, high: 1 }] : [0, 1].map((partition) => ({ partition, low: 0, high: 1 }))]])),
      assign: (starts) => {
        assigned = starts;
        return Promise.resolve();
      },
      read: async (): Promise<readonly ReadRecord[]> => {
        await sleep(10);
        const records: ReadRecord[] = [];
        for (const { partition, offset } of assigned) {
          const record = stored.get(partition)?.[offset];
          if (record === undefined || read.has(`${partition}/${offset}`)) continue;
          read.add(`${partition}/${offset}`);
          records.push({
            topic: TOPIC,
            partition,
            offset,
            timestamp: record.at,
            key: Buffer.from(String(partition)),
            value: Buffer.from(encodeHandOver(record)),
          });
        }
        return records;
      },
      close: () => Promise.resolve(),
    };
    const { producer } = controlTopic([], []);
    const channel = await openHandOverChannel({ reader, producer, topic: TOPIC, partitions: 2, logger, openTimeoutMs: 300 });
    const heard: HandOverRecord[] = [];
    channel.records$.subscribe((record) => heard.push(record));
    expect(assigned).toEqual([{ topic: TOPIC, partition: 0, offset: 0 }]);
    const deadline = Date.now() + 5_000;
    while (!heard.some((record) => record.shard === 1) && Date.now() < deadline) await sleep(50);
    expect(heard.filter((record) => record.shard === 1)).toEqual([taking]);
    expect(assigned).toEqual([
      { topic: TOPIC, partition: 0, offset: 1 },
      { topic: TOPIC, partition: 1, offset: 0 },
    ]);
    expect(channel.latest.get(1)).toEqual(taking);
    await channel.close(100);
  });

  it("fails with the brokers' error when no offsets request is answered before the time-out", async () => {
    const topic = controlTopic([new Error('Broker: Leader epoch is newer than broker epoch')], []);
    await expect(
      openHandOverChannel({ reader: topic.reader, producer: topic.producer, topic: TOPIC, partitions: 2, logger, openTimeoutMs: 500 }),
    ).rejects.toThrow('Leader epoch is newer than broker epoch');
    expect(topic.asked()).toBeGreaterThan(1);
  });
});
