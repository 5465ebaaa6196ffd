import fc from 'fast-check';
import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { murmur2, shardOf } from './shard-of.js';

describe('shardOf', () => {
  it("hashes as Kafka's Java client does (the vectors of Kafka's UtilsTest)", () => {
    for (const [text, hash] of [
      ['21', -973932308],
      ['foobar', -790332482],
      ['a-little-bit-long-string', -985981536],
      ['a-little-bit-longer-string', -1486304829],
      ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
      ['abc', 479470107],
    ] as const) {
      expect(murmur2(Buffer.from(text)), text).toBe(hash);
    }
  });

  it("puts every instrument in the partition kafkajs's Java-compatible partitioner picks for its key", () => {
    const partitioner = Partitioners.DefaultPartitioner();
    const partitionMetadata = (count: number): PartitionMetadata[] =>
      Array.from({ length: count }, (_, partitionId) => ({ partitionId, leader: 1, partitionErrorCode: 0, replicas: [1], isr: [1] }));
    const instrument = fc
      .tuple(fc.stringMatching(/^[A-Z0-9]{1,12}$/), fc.constantFrom('USDT', 'USDC', 'BTC', 'EUR'))
      .map(([base, quote]) => `${base}-${quote}`);
    fc.assert(
      fc.property(
        instrument,
        fc.integer({ min: 1, max: 256 }),
        (key, shards) =>
          shardOf(key, shards) === partitioner({ topic: 'control', partitionMetadata: partitionMetadata(shards), message: { key, value: null } }),
      ),
      { numRuns: 5_000 },
    );
  });

  it('spreads a universe over the shards', () => {
    const counts = new Array<number>(64).fill(0);
    for (let n = 0; n < 2_600; n++) counts[shardOf(`C${n}-USDT`, 64)] = (counts[shardOf(`C${n}-USDT`, 64)] ?? 0) + 1;
    expect(Math.min(...counts)).toBeGreaterThan(20);
    expect(Math.max(...counts)).toBeLessThan(65);
  });

  it('refuses a shard count that is not a positive integer', () => {
    expect(() => shardOf('BTC-USDT', 0)).toThrow(/shards must be a positive integer/);
    expect(() => shardOf('BTC-USDT', 1.5)).toThrow(/shards must be a positive integer/);
  });
});
