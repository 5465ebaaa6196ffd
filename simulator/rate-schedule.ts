/** One key's rate and what it is owed. */
interface Entry<K> {
  readonly key: K;
  /** Insertion order, so that keys due at the same time come out in the order they were added. */
  readonly order: number;
  /** Events per second. */
  rate: number;
  /** Fraction of an event owed as of `since`. */
  budget: number;
  since: number;
  /** When the budget reaches one whole event (`Infinity` at rate 0). */
  dueAt: number;
  /** Position in the heap. */
  index: number;
  /** Set for random (Poisson) arrivals: `dueAt` is the next arrival, the budget unused. */
  random?: () => number;
}

/** Owed amounts this close below a whole event count as the event (floating-point sums of rates). */
const EPSILON = 1e-9;

/**
 * Events at a rate per key (trades of a symbol, changes of a book), scheduled by when each key next
 * owes a whole event, so that a tick visits only the keys due instead of every key: a universe of
 * thousands of symbols whose long tail trades once a minute costs what its busy head costs. Each key
 * accrues `rate * elapsed` and carries its fraction, so the rate is exact over time and a late tick
 * gets all that is owed. Time is the caller's, in ms (any monotonic clock). A key set with a random
 * source has Poisson arrivals instead: exponential gaps of mean `1 / rate`, so its count in a
 * window is random with the rate as its mean (a real chain's trades, not one every `1 / rate` s).
 */
export class RateSchedule<K> {
  private readonly entries = new Map<K, Entry<K>>();
  private readonly heap: Entry<K>[] = [];
  private added = 0;

  get size(): number {
    return this.entries.size;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** The key's rate, events per second. */
  rate(key: K): number | undefined {
    return this.entries.get(key)?.rate;
  }

  /**
   * Sets the key's rate (events per second, 0 pauses it) from `now` on; what it owed at the old rate
   * is kept. With `random`, arrivals are Poisson: the next one is drawn from `now` when the rate or
   * the kind changes (gaps are memoryless), kept when the same rate is set again.
   */
  set(key: K, perSecond: number, now: number, random?: () => number): void {
    const rate = Number.isFinite(perSecond) && perSecond > 0 ? perSecond : 0;
    let entry = this.entries.get(key);
    const same = entry !== undefined && entry.rate === rate && entry.random === random;
    if (entry === undefined) {
      entry = { key, order: this.added, rate, budget: 0, since: now, dueAt: Infinity, index: this.heap.length };
      this.added += 1;
      this.entries.set(key, entry);
      this.heap.push(entry);
    } else {
      // A key that had random arrivals owed nothing fractional.
      if (entry.random === undefined) accrue(entry, now);
      else Object.assign(entry, { budget: 0, since: now });
      entry.rate = rate;
    }
    if (random === undefined) delete entry.random;
    else entry.random = random;
    if (random === undefined) entry.dueAt = dueAt(entry);
    else if (!same) entry.dueAt = now + gapMs(rate, random);
    this.restore(entry.index);
  }

  delete(key: K): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    const last = this.heap.pop() as Entry<K>;
    if (last === entry) return;
    this.heap[entry.index] = last;
    last.index = entry.index;
    this.restore(last.index);
  }

  /**
   * Every key owed at least one whole event by `now`, with how many, in the order they fell due
   * (ties in insertion order); each keeps the fraction it still owes.
   */
  due(now: number): [key: K, count: number][] {
    const out: [K, number][] = [];
    for (let top = this.heap[0]; top !== undefined && top.dueAt <= now; top = this.heap[0]) {
      if (top.random !== undefined) {
        let count = 0;
        for (; top.dueAt <= now; count += 1) top.dueAt += gapMs(top.rate, top.random);
        top.since = now;
        this.down(0);
        out.push([top.key, count]);
        continue;
      }
      accrue(top, now);
      const count = Math.floor(top.budget + EPSILON);
      top.budget = Math.max(0, top.budget - count);
      top.dueAt = dueAt(top);
      // A key owed less than one event (rounding) moves on to its next due time.
      if (top.dueAt <= now) top.dueAt = now + 1e-6;
      this.down(0);
      if (count > 0) out.push([top.key, count]);
    }
    return out;
  }

  private restore(index: number): void {
    this.up(index);
    this.down(index);
  }

  private up(index: number): void {
    const entry = this.heap[index] as Entry<K>;
    let at = index;
    while (at > 0) {
      const parentAt = (at - 1) >> 1;
      const parent = this.heap[parentAt] as Entry<K>;
      if (!earlier(entry, parent)) break;
      this.place(parent, at);
      at = parentAt;
    }
    this.place(entry, at);
  }

  private down(index: number): void {
    const entry = this.heap[index];
    if (entry === undefined) return;
    let at = index;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= this.heap.length) break;
      const right = left + 1;
      const childAt = right < this.heap.length && earlier(this.heap[right] as Entry<K>, this.heap[left] as Entry<K>) ? right : left;
      const child = this.heap[childAt] as Entry<K>;
      if (!earlier(child, entry)) break;
      this.place(child, at);
      at = childAt;
    }
    this.place(entry, at);
  }

  private place(entry: Entry<K>, at: number): void {
    this.heap[at] = entry;
    entry.index = at;
  }
}

/** A Poisson process's gap to its next arrival at `rate` a second, ms: exponential, of mean `1000 / rate`. */
function gapMs(rate: number, random: () => number): number {
  return rate > 0 ? (-Math.log(1 - random()) * 1000) / rate : Infinity;
}

function accrue<K>(entry: Entry<K>, now: number): void {
  if (now > entry.since) entry.budget += (entry.rate * (now - entry.since)) / 1000;
  entry.since = Math.max(entry.since, now);
}

function dueAt<K>(entry: Entry<K>): number {
  if (entry.budget + EPSILON >= 1) return entry.since;
  return entry.rate > 0 ? entry.since + (Math.max(0, 1 - entry.budget) * 1000) / entry.rate : Infinity;
}

function earlier<K>(a: Entry<K>, b: Entry<K>): boolean {
  return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.order < b.order);
}
