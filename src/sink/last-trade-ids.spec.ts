import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { PartitionReader } from '../kafka/partition-reader.js';
import { readLastTrades } from './last-trade-ids.js';

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
});
