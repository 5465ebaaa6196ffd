/** Buckets a table spreads its keys over: a `set` copies one bucket (about size / 64 entries), not the table. */
const BUCKETS = 64;

/** FNV-1a over the key's UTF-16 code units, folded to a bucket index. */
function bucketOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % BUCKETS;
}

/**
 * An immutable map from string keys, cheap to update at thousands of entries: `set` returns a new
 * table sharing all buckets but the one the key falls in, so folding one record into the whole
 * market's instruments copies about 1/64 of them (a plain object spread would copy all 2,600).
 */
export class KeyedTable<V> {
  private static readonly EMPTY = new KeyedTable<never>(new Array<undefined>(BUCKETS).fill(undefined), 0);

  private constructor(
    private readonly buckets: readonly (ReadonlyMap<string, V> | undefined)[],
    /** Entries in the table. */
    readonly size: number,
  ) {}

  /** The empty table (shared: it never changes). */
  static empty<V>(): KeyedTable<V> {
    return KeyedTable.EMPTY;
  }

  /** A table of `entries` (later entries win). */
  static of<V>(entries: Iterable<readonly [string, V]>): KeyedTable<V> {
    let table = KeyedTable.empty<V>();
    for (const [key, value] of entries) table = table.set(key, value);
    return table;
  }

  get(key: string): V | undefined {
    return this.buckets[bucketOf(key)]?.get(key);
  }

  has(key: string): boolean {
    return this.buckets[bucketOf(key)]?.has(key) === true;
  }

  /** This table with `key` set to `value`; the same table when it already holds that very value. */
  set(key: string, value: V): KeyedTable<V> {
    const index = bucketOf(key);
    const bucket = this.buckets[index];
    if (bucket?.get(key) === value && bucket.has(key)) return this;
    const next = new Map(bucket);
    next.set(key, value);
    const buckets = this.buckets.slice();
    buckets[index] = next;
    return new KeyedTable(buckets, this.size + (bucket?.has(key) === true ? 0 : 1));
  }

  /** This table with `key` set to `step(its value or undefined)`. */
  update(key: string, step: (previous: V | undefined) => V): KeyedTable<V> {
    return this.set(key, step(this.get(key)));
  }

  /** This table without `key`. */
  delete(key: string): KeyedTable<V> {
    const index = bucketOf(key);
    const bucket = this.buckets[index];
    if (bucket?.has(key) !== true) return this;
    const next = new Map(bucket);
    next.delete(key);
    const buckets = this.buckets.slice();
    buckets[index] = next.size === 0 ? undefined : next;
    return new KeyedTable(buckets, this.size - 1);
  }

  *entries(): IterableIterator<[string, V]> {
    for (const bucket of this.buckets) if (bucket !== undefined) yield* bucket.entries();
  }

  *values(): IterableIterator<V> {
    for (const bucket of this.buckets) if (bucket !== undefined) yield* bucket.values();
  }
}
