import { describe, expect, it } from 'vitest';
import { flowOf } from './flow-of.js';

describe('flowOf', () => {
  it.each([
    [0.71, 'STRONG_BUY'],
    [0.7, 'BUY'],
    [0.56, 'BUY'],
    [0.55, 'NEUTRAL'],
    [0.5, 'NEUTRAL'],
    [0.45, 'NEUTRAL'],
    [0.44, 'SELL'],
    [0.3, 'SELL'],
    [0.29, 'STRONG_SELL'],
  ] as const)('classifies a buy ratio of %s as %s', (ratio, flow) => {
    expect(flowOf(ratio)).toBe(flow);
  });

  it('calls a window without volume NEUTRAL', () => {
    expect(flowOf(undefined)).toBe('NEUTRAL');
  });
});
