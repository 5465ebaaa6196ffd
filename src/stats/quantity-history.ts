import type { TradeSizeRule } from './judge-trade-size.js';

/**
 * The last `capacity` trade quantities of a symbol and their sum, changed in place: what
 * {@link judgeTradeSize} keeps as linear `RollingMean` states, for the operators that judge every
 * trade (no state object per trade). The same arithmetic: the sum is kept incrementally and
 * re-added from the samples each time the ring wraps, so both give the same verdicts.
 */
export class QuantityHistory {
  private readonly values: Float64Array;
  private count = 0;
  private sum = 0;
  private oldest = 0;
  /** Of the last trade judged: how many quantities the mean rested on, and that mean (absent before the first). */
  samplesBefore = 0;
  meanBefore: number | undefined;

  constructor(capacity: number) {
    this.values = new Float64Array(Math.max(1, Math.floor(capacity)));
  }

  /** Whether `quantity` is large against the mean of the quantities before it (`rule`), then records it. */
  judge(quantity: number, rule: TradeSizeRule): boolean {
    const previous = this.count;
    const mean = previous === 0 ? undefined : this.sum / previous;
    this.samplesBefore = previous;
    this.meanBefore = mean;
    this.push(quantity);
    return mean !== undefined && mean > 0 && previous >= rule.minSamples && quantity / mean >= rule.multiple;
  }

  private push(sample: number): void {
    const { values } = this;
    const capacity = values.length;
    if (this.count < capacity) {
      values[(this.oldest + this.count) % capacity] = sample;
      this.count += 1;
      this.sum += sample;
      return;
    }
    this.sum += sample - (values[this.oldest] ?? 0);
    values[this.oldest] = sample;
    this.oldest = (this.oldest + 1) % capacity;
    if (this.oldest === 0) this.sum = values.reduce((total, value) => total + value, 0);
  }
}
