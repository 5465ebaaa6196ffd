import { describe, expect, it } from 'vitest';
import { emptyRollingMean, meanOf, pushSample, samplesOf } from './rolling-mean.js';

describe('rolling mean', () => {
  it('has no mean before the first sample', () => {
    expect(meanOf(emptyRollingMean(3))).toBeUndefined();
  });

  it('averages the samples held so far', () => {
    const state = [2, 4].reduce(pushSample, emptyRollingMean(3));
    expect(meanOf(state)).toBe(3);
  });

  it('keeps only the last capacity samples', () => {
    const state = [100, 1, 2, 3].reduce(pushSample, emptyRollingMean(3));
    expect(samplesOf(state)).toEqual([1, 2, 3]);
    expect(meanOf(state)).toBe(2);
  });

  it('does not drift after many samples', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => (i % 7) * 0.1);
    const state = values.reduce(pushSample, emptyRollingMean(7));
    expect(state.sum).toBeCloseTo(2.1, 12);
  });

  it('holds at least one sample whatever the capacity', () => {
    const state = [5, 9].reduce(pushSample, emptyRollingMean(0));
    expect(samplesOf(state)).toEqual([9]);
  });

  it('refuses to push a state that was already pushed (states share one buffer)', () => {
    const first = pushSample(emptyRollingMean(3), 1);
    pushSample(first, 2);
    expect(() => pushSample(first, 3)).toThrow(/already pushed/);
  });
});
