import { describe, expect, it } from 'vitest';
import { rfc3339Millis } from './coinbase-time.js';

// 2026-08-09T21:05:48Z is 1786309548 s after the epoch (Python's datetime, not this code).
const AT_21_05_48 = 1_786_309_548_000;

describe('rfc3339Millis', () => {
  it.each([
    ['the envelope timestamp with 9 fractional digits, the rest past the millisecond dropped', '2026-08-09T21:05:48.228568804Z', AT_21_05_48 + 228],
    ['a trade time with 6 digits', '2026-08-09T21:05:48.167634Z', AT_21_05_48 + 167],
    ['a level time with 5 digits (trailing zeros trimmed)', '2026-08-09T21:05:48.35161Z', AT_21_05_48 + 351],
    ['one digit', '2026-08-09T21:05:48.5Z', AT_21_05_48 + 500],
    ['no fraction', '2026-08-09T21:05:48Z', AT_21_05_48],
    ['a .999999 fraction, never rounded into the next millisecond', '2026-08-09T21:05:48.999999Z', AT_21_05_48 + 999],
    ['a positive offset', '2026-08-09T23:05:48.000+02:00', AT_21_05_48],
    ['a negative offset', '2026-08-09T20:35:48-00:30', AT_21_05_48],
    ['a leap day', '2024-02-29T00:00:00Z', 1_709_164_800_000],
  ])('reads %s', (_name, text, ms) => {
    expect(rfc3339Millis(text)).toBe(ms);
  });

  it.each([
    ["Go's time.String() of a heartbeat", '2026-08-09 21:05:48.854840045 +0000 UTC m=+41691.260485341'],
    ['a date without a time', '2026-08-09'],
    ['no zone', '2026-08-09T21:05:48.1'],
    ['ten fractional digits', '2026-08-09T21:05:48.1234567890Z'],
    ['February 30', '2026-02-30T00:00:00Z'],
    ['hour 24', '2026-08-09T24:00:00Z'],
    ['a time before 1970', '1969-12-31T23:59:59Z'],
    ['an empty string', ''],
  ])('refuses %s', (_name, text) => {
    expect(rfc3339Millis(text)).toBeUndefined();
  });
});
