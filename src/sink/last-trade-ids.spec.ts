import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { PartitionReader, ReadRecord } from '../kafka/partition-reader.js';
import { trade } from '../operators/__fixtures__/market-events.js';
import { lastTradesRead, readLastTrades } from './last-trade-ids.js';
import { RecordDecoder } from './record-decoder.js';
import { RecordEncoder } from './record-encoder.js';
import { sinkTopics } from './sink-topics.js';

/** A reader of a topic whose partitions' metadata cannot be had: `offsets` lists none (as the readers do then). */
const noPartitions: PartitionReader = {
  connect: () => Promise.resolve(),
  offsets: () => Promise.resolve(new Map()),
  assign: () => Promise.resolve(),
  read: () => Promise.resolve([]),
  close: () => Promise.resolve(),
};

const config = {
  reader: noPartitions,
  topic: 'market.trades.v1',
  decoder: { decode: () => Promise.reject(new Error('nothing to decode')) },
  recordsPerPartition: 1_000,
  timeoutMs: 1_000,
  logger: pino({ level: 'silent' }),
};

describe('readLastTrades', () => {
  it('finds nothing in a topic it lists no partition of', async () => {
    expect(await readLastTrades(config)).toEqual([]);
  });

  it('rejects when asked for a complete read and it lists no partition of the topic (a broker out of reach, not an empty topic)', async () => {
    await expect(readLastTrades({ ...config, requireComplete: true })).rejects.toThrow('no partition of the topic found');
  });

  it('says a read was not complete when a partition was not read to its end, and gives only the partitions that were (a busy symbol of the other is not among them)', async () => {
    const topics = sinkTopics('');
    const encoder = await RecordEncoder.create({ kind: 'single-object' }, topics);
    const eth = trade({ exchange: 'binance', symbol: 'ETHUSDT', coin: 'ETH', tradeId: '41' });
    const sol = trade({ exchange: 'binance', symbol: 'SOLUSDT', coin: 'SOL', tradeId: '77' });
    const record = (partition: number, event: typeof eth): ReadRecord => ({
      topic: topics.records.trade,
      partition,
      offset: 0,
      timestamp: event.receivedTs,
      key: null,
      value: encoder.encodeRecord(event).value,
    });
    /** Partition 0 answers at once; partition 1 (its leader lost) only when told. */
    const reader = (partitionOneAnswers: boolean): PartitionReader => {
      let first = true;
      return {
        ...noPartitions,
        offsets: () =>
          Promise.resolve(
            new Map([
              [
                topics.records.trade,
                [
                  { partition: 0, low: 0, high: 1 },
                  { partition: 1, low: 0, high: 1 },
                ],
              ],
            ]),
          ),
        read: async () => {
          if (!first) return sleep(10, []);
          first = false;
          return partitionOneAnswers ? [record(0, eth), record(1, sol)] : [record(0, eth)];
        },
      };
    };
    const read = { ...config, topic: topics.records.trade, decoder: new RecordDecoder(), timeoutMs: 300 };
    const partial = await lastTradesRead({ ...read, reader: reader(false) });
    expect(partial.complete).toBe(false);
    expect(partial.trades.map((t) => t.symbol)).toEqual(['ETHUSDT']);
    const whole = await lastTradesRead({ ...read, reader: reader(true) });
    expect(whole.complete).toBe(true);
    expect(whole.trades.map((t) => t.symbol).sort()).toEqual(['ETHUSDT', 'SOLUSDT']);
    await expect(readLastTrades({ ...read, reader: reader(false), requireComplete: true })).rejects.toThrow('read 1 of 2 partitions');
  });
});
