import { Counter, type LabelValues } from 'prom-client';
import { labelKey, sortedLabels } from './label-set.js';

/** Increments of one label set not yet added to the counter. */
export interface CounterSlot {
  readonly labels: Readonly<Record<string, string | number>>;
  pending: number;
}

/**
 * A Prometheus counter for per-record hot paths. prom-client's `inc(labels)` builds and checks a
 * label hash per call; here a caller looks its label set up once (`slot`) and `add(slot)` is one
 * addition. The pending increments are added to the counter when it is read (a scrape).
 */
export class TallyCounter<T extends string> extends Counter<T> {
  private readonly slots = new Map<string, CounterSlot>();

  /** The pending increments of one label set (created on first use). */
  slot(labels: LabelValues<T>): CounterSlot {
    const key = labelKey(labels);
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = { labels: sortedLabels(labels), pending: 0 };
      this.slots.set(key, slot);
    }
    return slot;
  }

  /** Counts `n` (default 1) for the slot's label set. */
  add(slot: CounterSlot, n = 1): void {
    slot.pending += n;
  }

  override get(): ReturnType<Counter<T>['get']> {
    for (const slot of this.slots.values()) {
      if (slot.pending === 0) continue;
      this.inc(slot.labels as LabelValues<T>, slot.pending);
      slot.pending = 0;
    }
    return super.get();
  }

  override reset(): void {
    // prom-client's constructor calls reset() before this class's fields are initialized.
    for (const slot of (this.slots as Map<string, CounterSlot> | undefined)?.values() ?? []) slot.pending = 0;
    super.reset();
  }
}
