import { describe, expect, it } from 'vitest';
import { stepReducer } from './step-reducer.js';

// A running total per symbol that says each sum, and a word when it passes 10.
const totals = stepReducer<number, number, string>(
  () => 0,
  (sum, n) => {
    const next = sum + n;
    return { state: next, events: next > 10 && sum <= 10 ? [`sum ${next}`, 'past 10'] : [`sum ${next}`] };
  },
);

describe('stepReducer', () => {
  it("folds a frame's inputs one after the other, their outputs in order", () => {
    expect(totals.reduce(totals.initial('BTC'), [4, 5, 3])).toEqual({ state: 12, events: ['sum 4', 'sum 9', 'sum 12', 'past 10'] });
  });

  it('takes a frame of one input, and of none', () => {
    expect(totals.reduce(2, [9])).toEqual({ state: 11, events: ['sum 11', 'past 10'] });
    expect(totals.reduce(2, [])).toEqual({ state: 2, events: [] });
  });
});
