/**
 * One read at a time for many shards: each call asks for one shard's items; the calls made while a
 * read runs (and within `collectMs` of the first) are served by one read of all their shards, its
 * items split by shard. A failed read gives none. So that a standby taking over the shards of a killed
 * owner reads the trades topic once or twice, not once a shard (each read covers every partition).
 */
export function batchedRead<T>(
  read: (shards: ReadonlySet<number>) => Promise<readonly T[]>,
  shardOf: (item: T) => number,
  collectMs = 100,
): (shard: number) => Promise<readonly T[]> {
  let pending = new Map<number, ((items: readonly T[]) => void)[]>();
  let running = false;
  const drain = async (): Promise<void> => {
    while (pending.size > 0) {
      const batch = pending;
      pending = new Map();
      const items = await read(new Set(batch.keys())).catch((): readonly T[] => []);
      for (const [shard, waiting] of batch) {
        const of = items.filter((item) => shardOf(item) === shard);
        for (const resolve of waiting) resolve(of);
      }
    }
    running = false;
  };
  return (shard) =>
    new Promise((resolve) => {
      const waiting = pending.get(shard);
      if (waiting === undefined) pending.set(shard, [resolve]);
      else waiting.push(resolve);
      if (running) return;
      running = true;
      setTimeout(() => void drain(), collectMs);
    });
}
