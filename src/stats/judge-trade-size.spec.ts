import { describe, expect, it } from 'vitest';
import { judgeTradeSize } from './judge-trade-size.js';
import { emptyRollingMean, pushSample, samplesOf } from './rolling-mean.js';

const rule = { multiple: 10, minSamples: 3 };
const historyOf = (...quantities: number[]) => quantities.reduce(pushSample, emptyRollingMean(500));

describe('judgeTradeSize', () => {
  it('calls a trade of ten times the mean large, with its ratio and the mean', () => {
    const verdict = judgeTradeSize(historyOf(1, 2, 3), 20, rule);
    expect(verdict).toMatchObject({ large: true, meanQuantity: 2, ratio: 10, samplesUsed: 3 });
    expect(samplesOf(verdict.history)).toEqual([1, 2, 3, 20]);
  });

  it('does not call a trade just under the multiple large', () => {
    expect(judgeTradeSize(historyOf(1, 2, 3), 19.99, rule).large).toBe(false);
  });

  it('waits for minSamples previous trades', () => {
    expect(judgeTradeSize(historyOf(1, 1), 100, rule)).toMatchObject({ large: false, ratio: 100 });
  });

  it('has no mean for the first trade', () => {
    const verdict = judgeTradeSize(emptyRollingMean(5), 3, rule);
    expect(verdict.large).toBe(false);
    expect(verdict.meanQuantity).toBeUndefined();
    expect(samplesOf(verdict.history)).toEqual([3]);
  });
});
