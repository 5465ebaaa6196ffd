/** The last `capacity` samples and their sum, oldest first. */
export interface RollingMean {
  readonly capacity: number;
  readonly samples: readonly number[];
  readonly sum: number;
}

/** An empty rolling mean over at most `capacity` samples (at least 1). */
export function emptyRollingMean(capacity: number): RollingMean {
  return { capacity: Math.max(1, Math.floor(capacity)), samples: [], sum: 0 };
}

/**
 * Adds a sample, dropping the oldest once `capacity` samples are held. The sum is re-added
 * from the samples (the copy is O(capacity) anyway), so no floating-point drift builds up.
 */
export function pushSample(state: RollingMean, sample: number): RollingMean {
  const samples = state.samples.length >= state.capacity
    ? [...state.samples.slice(1), sample]
    : [...state.samples, sample];
  const sum = samples.reduce((total, value) => total + value, 0);
  return { capacity: state.capacity, samples, sum };
}

/** The mean of the held samples, or `undefined` when there are none. */
export function meanOf(state: RollingMean): number | undefined {
  return state.samples.length === 0 ? undefined : state.sum / state.samples.length;
}
