import { describe, expect, it } from 'vitest';
import { checksumDigits, decimalDifference, decimalPlaces, plainDecimal } from './kraken-decimal-text.js';

describe('plainDecimal', () => {
  it.each([
    ['0.00100000', '0.00100000'],
    ['63298', '63298'],
    ['5.1e-05', '0.000051'],
    ['5e-05', '0.00005'],
    ['1.5E+3', '1500'],
    ['1.50e1', '15.0'],
    ['-2.5e-1', '-0.25'],
    ['0e5', '0'],
  ])('writes %s as %s, keeping the digits sent', (token, plain) => {
    expect(plainDecimal(token)).toBe(plain);
  });

  it.each(['', '01', '.5', '1.', '+1', '1e', 'NaN', 'Infinity', '0x10', '1e41', ' 1'])('refuses %j', (token) => {
    expect(plainDecimal(token)).toBeUndefined();
  });
});

describe('decimalPlaces', () => {
  it('counts the digits after the point, trailing zeros included', () => {
    expect([decimalPlaces('0.00100000'), decimalPlaces('63298'), decimalPlaces('0.09563')]).toEqual([8, 0, 5]);
  });
});

describe('checksumDigits', () => {
  it('takes the documented first ask "45285.2"/"0.00100000" to "452852" and "100000"', () => {
    expect([checksumDigits('45285.2', 1), checksumDigits('0.00100000', 8)]).toEqual(['452852', '100000']);
  });

  it('pads a re-serialised number to the precision: 63298 at 1 dp, 0.000051 at 8 dp, 0.06 at 8 dp', () => {
    expect([checksumDigits('63298', 1), checksumDigits('0.000051', 8), checksumDigits('0.06', 8)]).toEqual(['632980', '5100', '6000000']);
  });

  it('drops trailing zeros beyond the precision, never other digits', () => {
    expect([checksumDigits('1.2500', 2), checksumDigits('1.2345', 2)]).toEqual(['125', '12345']);
  });
});

describe('decimalDifference', () => {
  it('subtracts exactly: 63297.8 - 0.7 is 63297.1', () => {
    expect(decimalDifference('63297.8', '0.7')).toBe('63297.1');
  });

  it('handles a negative change, different scales and a negative result', () => {
    expect([decimalDifference('0.5117', '-0.003'), decimalDifference('1', '1.25'), decimalDifference('100', '0')]).toEqual(['0.5147', '-0.25', '100']);
  });
});
