import { describe, expect, it } from 'vitest';
import { instrumentMatcher, isInstrumentPattern } from './instrument-pattern.js';

const pepe = { key: '1000PEPE-USDT', base: '1000PEPE' };

describe('instrumentMatcher', () => {
  it('matches a pattern without "-" against the base, one with "-" against the key, whatever the case', () => {
    expect(instrumentMatcher(['1000pepe'])(pepe)).toBe(true);
    expect(instrumentMatcher(['PEPE'])(pepe)).toBe(false);
    expect(instrumentMatcher(['1000PEPE-usdt'])(pepe)).toBe(true);
    expect(instrumentMatcher(['1000PEPE-USDC'])(pepe)).toBe(false);
  });

  it('reads * as any run and ? as one character, nothing else as special', () => {
    expect(instrumentMatcher(['*PEPE'])(pepe)).toBe(true);
    expect(instrumentMatcher(['*-USDT'])(pepe)).toBe(true);
    expect(instrumentMatcher(['1000PEP?'])(pepe)).toBe(true);
    expect(instrumentMatcher(['1000PE?'])(pepe)).toBe(false);
    expect(instrumentMatcher([])(pepe)).toBe(false);
  });

  it('accepts bases, keys and wildcards as patterns, and refuses anything else', () => {
    expect(['BTC', 'btc-usdt', '1000*', '*-USDC', '?'].map(isInstrumentPattern)).toEqual([true, true, true, true, true]);
    expect(['', 'BTC/USDT', 'BTC-', 'A-B-C', 'BTC.*', 'BTC USDT'].map(isInstrumentPattern)).toEqual([false, false, false, false, false, false]);
  });
});
