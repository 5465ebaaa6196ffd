import { describe, expect, it } from 'vitest';
import { roundedDecimal } from './scaled-decimal.js';
import { seededRandom } from './seeded-random.js';

describe('roundedDecimal', () => {
  it('writes a value rounded to its decimals exactly as toFixed does, for 1 to 10 decimals', () => {
    const random = seededRandom(42);
    for (let decimals = 1; decimals <= 10; decimals += 1) {
      const factor = 10 ** decimals;
      for (let n = 0; n < 2000; n += 1) {
        const magnitude = 10 ** Math.floor(random() * 14 - 8);
        const value = Math.round(random() * magnitude * factor) / factor;
        expect(roundedDecimal(value, decimals)).toBe(value.toFixed(decimals));
      }
    }
  });

  it('pads small values with leading zeros', () => {
    expect(roundedDecimal(0.000009, 10)).toBe('0.0000090000');
    expect(roundedDecimal(0, 6)).toBe('0.000000');
    expect(roundedDecimal(1.5, 2)).toBe('1.50');
  });

  it('falls back to toFixed for no decimals, negative and huge values', () => {
    expect(roundedDecimal(12.7, 0)).toBe('13');
    expect(roundedDecimal(-1.25, 2)).toBe('-1.25');
    expect(roundedDecimal(1e20, 4)).toBe((1e20).toFixed(4));
  });
});
