import { describe, expect, it } from 'vitest';
import { rfc3339Micros, rfc3339Millis } from './kraken-time.js';

describe('rfc3339Micros', () => {
  it('reads microseconds, and drops the nanoseconds of an ohlc timestamp', () => {
    // 2026-08-12T19:29:00Z is 1786562940 s after the epoch (Date.UTC(2026, 7, 12, 19, 29, 0) / 1000).
    expect(rfc3339Micros('2026-08-12T19:29:00.921195Z')).toBe(1786562940_921195);
    expect(rfc3339Micros('2026-08-12T19:28:43.952985558Z')).toBe(1786562923_952985);
    expect(rfc3339Micros('2026-08-12T19:29:00Z')).toBe(1786562940_000000);
  });

  it('applies an offset', () => {
    expect(rfc3339Micros('2026-08-12T21:29:00.5+02:00')).toBe(1786562940_500000);
  });

  it.each(['2026-02-30T00:00:00Z', '2026-08-12 19:29:00Z', '2026-08-12T19:29:00', '1786562940', '2026-13-01T00:00:00Z'])('refuses %j', (text) => {
    expect(rfc3339Micros(text)).toBeUndefined();
  });

  it('gives milliseconds by dropping the microseconds', () => {
    expect(rfc3339Millis('2026-08-12T19:29:00.921195Z')).toBe(1786562940921);
  });
});
