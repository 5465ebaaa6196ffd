import { Histogram, type HistogramConfiguration, type LabelValues, type MetricValueWithName } from 'prom-client';
import { labelKey, sortedLabels } from './label-set.js';

/** One label set's observations: a count per bucket (not cumulative), their sum and count. */
export interface TallySlot {
  readonly labels: Readonly<Record<string, string | number>>;
  readonly counts: Float64Array;
  sum: number;
  count: number;
}

type Exported<T extends string> = MetricValueWithName<T> & { readonly sharedLabels?: LabelValues<T> };

/**
 * A Prometheus histogram for per-record hot paths. prom-client's `observe(labels, value)` builds
 * and checks a label hash per call; here a caller looks its label set up once (`slot`) and then
 * `record(slot, value)` is a bucket search and three additions. Scrapes read the tallies, in the
 * same exposition as prom-client's histograms (`_bucket` with `le`, `_sum`, `_count`).
 * Observations through prom-client's own `observe` go to the same tallies.
 */
export class TallyHistogram<T extends string> extends Histogram<T> {
  private readonly slots = new Map<string, TallySlot>();
  private readonly bounds: readonly number[];
  private readonly name: string;
  private readonly help: string;

  constructor(configuration: HistogramConfiguration<T> & { readonly buckets: readonly number[] }) {
    super({ ...configuration, buckets: [...configuration.buckets] });
    this.name = configuration.name;
    this.help = configuration.help;
    this.bounds = [...configuration.buckets].sort((a, b) => a - b);
    // prom-client sets `observe` on each instance; observations through it go to the tallies too.
    this.observe = ((labelsOrValue: LabelValues<T> | number, value?: number): void => {
      if (typeof labelsOrValue === 'number') this.record(this.slot({}), labelsOrValue);
      else if (value !== undefined) this.record(this.slot(labelsOrValue), value);
    }) as Histogram<T>['observe'];
  }

  /** The tally of one label set (created on first use). */
  slot(labels: LabelValues<T>): TallySlot {
    const key = labelKey(labels);
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = { labels: sortedLabels(labels), counts: new Float64Array(this.bounds.length + 1), sum: 0, count: 0 };
      this.slots.set(key, slot);
    }
    return slot;
  }

  /** One observation. */
  record(slot: TallySlot, value: number): void {
    const { bounds } = this;
    let i = 0;
    while (i < bounds.length && value > (bounds[i] ?? 0)) i++;
    slot.counts[i] = (slot.counts[i] ?? 0) + 1;
    slot.sum += value;
    slot.count += 1;
  }

  override reset(): void {
    // prom-client's constructor calls reset() before this class's fields are initialized.
    (this.slots as Map<string, TallySlot> | undefined)?.clear();
    super.reset();
  }

  /**
   * What prom-client's registry reads for the text exposition (and `get()` for JSON): the tallies
   * as `_bucket` (cumulative, with `le`), `_sum` and `_count` per label set.
   */
  getForPromString(): Promise<{
    readonly name: string;
    readonly help: string;
    readonly type: 'histogram';
    readonly aggregator: 'sum';
    readonly values: Exported<T>[];
  }> {
    return Promise.resolve({ name: this.name, help: this.help, type: 'histogram', aggregator: 'sum', values: this.values() });
  }

  private values(): Exported<T>[] {
    const { name } = this;
    const out: Exported<T>[] = [];
    for (const slot of this.slots.values()) {
      const shared = slot.labels as LabelValues<T>;
      let cumulative = 0;
      this.bounds.forEach((bound, i) => {
        cumulative += slot.counts[i] ?? 0;
        out.push({ labels: { le: bound } as LabelValues<T>, value: cumulative, metricName: `${name}_bucket`, sharedLabels: shared });
      });
      out.push(
        { labels: { le: '+Inf' } as LabelValues<T>, value: slot.count, metricName: `${name}_bucket`, sharedLabels: shared },
        { labels: {}, value: slot.sum, metricName: `${name}_sum`, sharedLabels: shared },
        { labels: {}, value: slot.count, metricName: `${name}_count`, sharedLabels: shared },
      );
    }
    return out;
  }
}
