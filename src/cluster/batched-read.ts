/**
 * One read at a time for many shards: each call asks for one shard's items; the calls made while a
 * read runs (and within `collectMs` of the first) are served by one read of all their shards, its
 * items split by shard. A failed read fails every call it served (the caller may ask again). So that a standby taking over the shards of a killed
 * owner reads the trades topic once or twice, not once a shard (each read covers every partition).
 */
export function batchedRead<T>(
  read: (shards: ReadonlySet<number>) => Promise<readonly T[]>,
  shardOf: (item: T) => number,
  collectMs = 100,
): (shard: number) => Promise<readonly T[]> {
  interface Waiter {
    readonly resolve: (items: readonly T[]) => void;
    readonly reject: (error: unknown) => void;
  }
  let pending = new Map<number, Waiter[]>();
  let running = false;
  const drain = async (): Promise<void> => {
    while (pending.size > 0) {
      const batch = pending;
      pending = new Map();
      const outcome = await read(new Set(batch.keys())).then(
        (items) => ({ items }),
        (error: unknown) => ({ error }),
      );
      for (const [shard, waiting] of batch) {
        if ('error' in outcome) for (const { reject } of waiting) reject(outcome.error);
        else {
          const of = outcome.items.filter((item) => shardOf(item) === shard);
          for (const { resolve } of waiting) resolve(of);
        }
      }
    }
    running = false;
  };
  return (shard) =>
    new Promise((resolve, reject) => {
      const waiting = pending.get(shard);
      if (waiting === undefined) pending.set(shard, [{ resolve, reject }]);
      else waiting.push({ resolve, reject });
      if (running) return;
      running = true;
      setTimeout(() => void drain(), collectMs);
    });
}
