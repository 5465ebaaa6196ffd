import { describe, expect, it } from 'vitest';
import { goTimeString, rfc3339Micro, rfc3339Micros6, rfc3339Nano } from './coinbase-time.js';

const MS = Date.parse('2026-08-09T21:05:48.228Z');

describe('Coinbase time strings', () => {
  it('writes RFC 3339 with nanoseconds as Go does: trailing zeros trimmed, no point for a whole second', () => {
    expect(rfc3339Nano(MS, 568_804)).toBe('2026-08-09T21:05:48.228568804Z');
    expect(rfc3339Nano(Date.parse('2026-08-09T21:05:52.856Z'), 438_770)).toBe('2026-08-09T21:05:52.85643877Z');
    expect(rfc3339Nano(Date.parse('2026-08-09T21:05:52.000Z'), 0)).toBe('2026-08-09T21:05:52Z');
  });

  it('writes trade and book event times in microseconds, trimmed on the WebSocket and six digits on REST', () => {
    expect(rfc3339Micro(Date.parse('2026-08-09T21:05:38.504Z'), 360)).toBe('2026-08-09T21:05:38.50436Z');
    expect(rfc3339Micros6(Date.parse('2026-08-09T21:05:38.504Z'), 360)).toBe('2026-08-09T21:05:38.504360Z');
    expect(rfc3339Micros6(Date.parse('2026-08-09T21:05:38.000Z'), 0)).toBe('2026-08-09T21:05:38.000000Z');
  });

  it('writes a heartbeat current_time as Go’s time.String() with its monotonic reading', () => {
    expect(goTimeString(Date.parse('2026-08-09T21:05:48.854Z'), 840_045, 41_691_260)).toBe('2026-08-09 21:05:48.854840045 +0000 UTC m=+41691.260840045');
    expect(goTimeString(Date.parse('2026-08-09T21:05:48.000Z'), 0, 5_000)).toBe('2026-08-09 21:05:48 +0000 UTC m=+5.000000000');
  });
});
