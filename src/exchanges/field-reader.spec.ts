import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalValue, parseDecimal } from './field-reader.js';

/** The decimal grammar as a regular expression: the reference the character scan is checked against. */
const DECIMAL_GRAMMAR = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

const digitString = (maxLength: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), maxLength });

describe('venue decimal strings', () => {
  it('accepts the decimals venues send and reads them as numbers', () => {
    for (const [text, value] of [
      ['0', 0],
      ['65000.10', 65000.1],
      ['0.00012', 0.00012],
      ['-1.5', -1.5],
      ['.5', 0.5],
      ['5.', 5],
      ['1e-8', 1e-8],
      ['2.5E+3', 2500],
      ['007', 7],
    ] as const) {
      expect(parseDecimal(text), text).toBe(value);
    }
  });

  it('refuses what Number() would accept but a venue decimal is not', () => {
    for (const text of ['', ' 1', '1 ', '+1', '0x10', '0b1', '0o7', 'Infinity', '-', '.', '-.', '1e', '1e+', 'e5', '1.2.3', '1_000', '١٢']) {
      expect(parseDecimal(text), JSON.stringify(text)).toBeUndefined();
    }
    expect(parseDecimal(12)).toBeUndefined();
    expect(parseDecimal('1e400')).toBeUndefined();
  });

  it('accepts exactly the strings of the grammar written as a regular expression, and reads them as Number() does', () => {
    const text = fc.string({ unit: fc.constantFrom(...'0123456789.-+eE x'.split('')), maxLength: 12 });
    fc.assert(
      fc.property(text, (candidate) => {
        const value = decimalValue(candidate);
        return DECIMAL_GRAMMAR.test(candidate) ? Object.is(value, Number(candidate)) : Number.isNaN(value);
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads any plain decimal to the same double as Number(), however many digits it has', () => {
    const decimal = fc
      .tuple(fc.boolean(), digitString(20), digitString(25))
      .map(([negative, whole, fraction]) => `${negative ? '-' : ''}${whole === '' ? '0' : whole}.${fraction}`);
    fc.assert(
      fc.property(decimal, (text) => Object.is(decimalValue(text), Number(text))),
      { numRuns: 50_000 },
    );
    for (const text of ['0.1', '0.3', '123456789012345', '1234567890.12345', '0.000000000000001', '9007199254740993', '0.30000000000000004']) {
      expect(Object.is(decimalValue(text), Number(text)), text).toBe(true);
    }
  });
});
