/** Slots per level: 64 x 64 leaves, so at the whole market's 2,600 keys a leaf holds one key or two. */
const BITS = 6;
const WIDTH = 1 << BITS;
const MASK = WIDTH - 1;

/** A leaf: keys and values alternating, `[key, value, key, value, ...]`. */
type Leaf = readonly unknown[];
type Branch = readonly (Leaf | undefined)[];

/** FNV-1a over the key's UTF-16 code units. */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function indexIn(leaf: Leaf | undefined, key: string): number {
  if (leaf === undefined) return -1;
  for (let i = 0; i < leaf.length; i += 2) if (leaf[i] === key) return i;
  return -1;
}

/**
 * An immutable map from string keys, cheap to update at thousands of entries: a two-level trie of
 * 64-slot arrays over the key's hash, so `set` copies two small arrays and a leaf of a key or two and
 * shares everything else. Folding one record into the whole market's instruments costs the same at
 * 20 instruments or 2,600 (a plain object spread would copy all of them).
 */
export class KeyedTable<V> {
  private static readonly EMPTY = new KeyedTable<never>(new Array<undefined>(WIDTH).fill(undefined), 0);

  private constructor(
    private readonly root: readonly (Branch | undefined)[],
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

  private leafOf(hash: number): Leaf | undefined {
    return this.root[hash & MASK]?.[(hash >>> BITS) & MASK];
  }

  get(key: string): V | undefined {
    const leaf = this.leafOf(hashOf(key));
    const at = indexIn(leaf, key);
    return at === -1 ? undefined : (leaf?.[at + 1] as V);
  }

  has(key: string): boolean {
    return indexIn(this.leafOf(hashOf(key)), key) !== -1;
  }

  private with(hash: number, leaf: Leaf | undefined, size: number): KeyedTable<V> {
    const branch = this.root[hash & MASK];
    const nextBranch = branch === undefined ? new Array<Leaf | undefined>(WIDTH).fill(undefined) : branch.slice();
    nextBranch[(hash >>> BITS) & MASK] = leaf;
    const root = this.root.slice();
    root[hash & MASK] = nextBranch;
    return new KeyedTable(root, size);
  }

  /** This table with `key` set to `value`; the same table when it already holds that very value. */
  set(key: string, value: V): KeyedTable<V> {
    const hash = hashOf(key);
    const leaf = this.leafOf(hash);
    const at = indexIn(leaf, key);
    if (at !== -1 && leaf?.[at + 1] === value) return this;
    const next = leaf === undefined ? [] : leaf.slice();
    if (at === -1) next.push(key, value);
    else next[at + 1] = value;
    return this.with(hash, next, this.size + (at === -1 ? 1 : 0));
  }

  /** This table with `key` set to `step(its value or undefined)`. */
  update(key: string, step: (previous: V | undefined) => V): KeyedTable<V> {
    return this.set(key, step(this.get(key)));
  }

  /** This table without `key`. */
  delete(key: string): KeyedTable<V> {
    const hash = hashOf(key);
    const leaf = this.leafOf(hash);
    const at = indexIn(leaf, key);
    if (at === -1 || leaf === undefined) return this;
    const next = leaf.slice();
    next.splice(at, 2);
    return this.with(hash, next.length === 0 ? undefined : next, this.size - 1);
  }

  *entries(): IterableIterator<[string, V]> {
    for (const branch of this.root) {
      if (branch === undefined) continue;
      for (const leaf of branch) if (leaf !== undefined) for (let i = 0; i < leaf.length; i += 2) yield [leaf[i] as string, leaf[i + 1] as V];
    }
  }

  *values(): IterableIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }
}
