/**
 * The last `capacity` samples and their sum. States are linear: each is pushed at most once
 * (as `scan` and `reduce` do), which lets successive states share one ring buffer so that a push
 * is O(1) instead of a copy of the whole window. Pushing a superseded state throws.
 */
export interface RollingMean {
  readonly capacity: number;
  /** Samples held (at most `capacity`). */
  readonly count: number;
  readonly sum: number;
  /** The shared buffer and the position of the oldest sample; internal. */
  readonly ring: Ring;
  readonly oldest: number;
  readonly version: number;
}

interface Ring {
  readonly values: Float64Array;
  /** The version of the one state that may push next. */
  current: number;
}

/** An empty rolling mean over at most `capacity` samples (at least 1). */
export function emptyRollingMean(capacity: number): RollingMean {
  const size = Math.max(1, Math.floor(capacity));
  return { capacity: size, count: 0, sum: 0, ring: { values: new Float64Array(size), current: 0 }, oldest: 0, version: 0 };
}

/**
 * Adds a sample, dropping the oldest once `capacity` samples are held. The sum is kept
 * incrementally and re-added from the samples each time the ring wraps, so no floating-point
 * drift builds up.
 */
export function pushSample(state: RollingMean, sample: number): RollingMean {
  const { ring, capacity } = state;
  if (ring.current !== state.version) throw new Error('pushSample: this rolling-mean state was already pushed');
  const { values } = ring;
  let { count, sum, oldest } = state;
  if (count < capacity) {
    values[(oldest + count) % capacity] = sample;
    count += 1;
    sum += sample;
  } else {
    sum += sample - (values[oldest] ?? 0);
    values[oldest] = sample;
    oldest = (oldest + 1) % capacity;
    if (oldest === 0) sum = values.reduce((total, value) => total + value, 0);
  }
  ring.current = state.version + 1;
  return { capacity, count, sum, ring, oldest, version: ring.current };
}

/** The held samples, oldest first (of the latest state of its ring). */
export function samplesOf(state: RollingMean): number[] {
  if (state.ring.current !== state.version) throw new Error('samplesOf: this rolling-mean state was superseded');
  return Array.from({ length: state.count }, (_, i) => state.ring.values[(state.oldest + i) % state.capacity] ?? 0);
}

/** The mean of the held samples, or `undefined` when there are none. */
export function meanOf(state: RollingMean): number | undefined {
  return state.count === 0 ? undefined : state.sum / state.count;
}
