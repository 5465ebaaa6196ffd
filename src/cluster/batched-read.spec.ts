import { describe, expect, it } from 'vitest';
import { batchedRead } from './batched-read.js';

describe('batchedRead', () => {
  it('serves the shards asked together by one read, and those asked while it runs by the next, each given its own items', async () => {
    const reads: number[][] = [];
    const read = (shards: ReadonlySet<number>): Promise<readonly { shard: number; id: string }[]> => {
      reads.push([...shards]);
      return new Promise((resolve) => setTimeout(() => resolve([...shards].map((shard) => ({ shard, id: `t${shard}` }))), 20));
    };
    const one = batchedRead(read, (item) => item.shard, 5);
    const first = [one(1), one(2), one(1)];
    await new Promise((resolve) => setTimeout(resolve, 10));
    // Asked while the first read runs: in the next.
    const later = [one(3), one(4)];
    expect(await Promise.all([...first, ...later])).toEqual([
      [{ shard: 1, id: 't1' }],
      [{ shard: 2, id: 't2' }],
      [{ shard: 1, id: 't1' }],
      [{ shard: 3, id: 't3' }],
      [{ shard: 4, id: 't4' }],
    ]);
    expect(reads).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('fails every ask a failed read served, and reads again for the next asks', async () => {
    let fail = true;
    const one = batchedRead(
      (shards) => (fail ? Promise.reject(new Error('no broker')) : Promise.resolve([...shards])),
      (shard) => shard,
      0,
    );
    await expect(Promise.all([one(7), one(8)])).rejects.toThrow('no broker');
    fail = false;
    expect(await Promise.all([one(7), one(8)])).toEqual([[7], [8]]);
  });
});
