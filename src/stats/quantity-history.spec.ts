import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judgeTradeSize } from './judge-trade-size.js';
import { QuantityHistory } from './quantity-history.js';
import { emptyRollingMean } from './rolling-mean.js';

describe('QuantityHistory', () => {
  it('calls a trade large at 10 times the mean of the 3 before it once 3 are held (a hand-worked case)', () => {
    const history = new QuantityHistory(3);
    const rule = { multiple: 10, minSamples: 3 };
    // 1, 2, 3: mean 2, and 20 is 10 times it. A ring holding 2, 3, 20 has the mean 25/3: 83 is just under 10 times that.
    expect([1, 2, 3, 20].map((q) => history.judge(q, rule))).toEqual([false, false, false, true]);
    expect(new QuantityHistory(3).judge(5, rule)).toBe(false);
    const again = new QuantityHistory(3);
    for (const q of [2, 3, 20]) again.judge(q, { multiple: 1000, minSamples: 3 });
    expect(again.judge(83, rule)).toBe(false);
  });

  it('gives the verdicts, means and sample counts judgeTradeSize gives over its linear states, for any quantities, capacity and rule', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { maxLength: 300 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 30 }),
        fc.double({ min: 0.5, max: 20, noNaN: true }),
        (quantities, capacity, minSamples, multiple) => {
          const rule = { multiple, minSamples };
          const inPlace = new QuantityHistory(capacity);
          let state = emptyRollingMean(capacity);
          for (const quantity of quantities) {
            const verdict = judgeTradeSize(state, quantity, rule);
            state = verdict.history;
            expect(inPlace.judge(quantity, rule)).toBe(verdict.large);
            expect(inPlace.samplesBefore).toBe(verdict.samplesUsed);
            // judgeTradeSize leaves the mean out when it is 0; a large verdict always has one.
            if (verdict.meanQuantity !== undefined) expect(inPlace.meanBefore).toBe(verdict.meanQuantity);
          }
        },
      ),
    );
  });
});
