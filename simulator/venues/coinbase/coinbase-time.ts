/**
 * The ways Coinbase Advanced Trade writes a time (recorded frames, `__fixtures__/coinbase-frames.ndjson`):
 * the envelope `timestamp` is Go's RFC3339Nano (up to 9 fractional digits, trailing zeros trimmed:
 * `2026-08-09T21:05:52.85643877Z`), a trade's `time` and a book's `event_time` the same with
 * microseconds (`2026-08-09T21:05:38.50436Z`), REST trade times six fixed digits, and a heartbeat's
 * `current_time` Go's `time.String()` with its monotonic reading (`2026-08-09 21:05:48.854840045
 * +0000 UTC m=+41691.260485341`). The simulator's clock has milliseconds; the digits below them are
 * given by the caller, so that frames are deterministic.
 */

/** RFC 3339 in UTC with `nanos` (0-999,999) below the millisecond, fraction trimmed as Go trims it (none when zero). */
export function rfc3339Nano(ms: number, nanos: number): string {
  const iso = new Date(Math.floor(ms)).toISOString();
  const fraction = trimmedFraction(iso.slice(20, 23) + String(nanos).padStart(6, '0'));
  return `${iso.slice(0, 19)}${fraction}Z`;
}

/** RFC 3339 with `micros` (0-999) below the millisecond, trailing zeros trimmed: a WebSocket trade's `time`, a book's `event_time`. */
export function rfc3339Micro(ms: number, micros: number): string {
  return rfc3339Nano(ms, micros * 1000);
}

/** RFC 3339 with six fixed fractional digits: a REST trade's `time`. */
export function rfc3339Micros6(ms: number, micros: number): string {
  const iso = new Date(Math.floor(ms)).toISOString();
  return `${iso.slice(0, 23)}${String(micros).padStart(3, '0')}Z`;
}

/**
 * Go's `time.Time.String()` of a time read with a monotonic clock: the wall time (fraction trimmed)
 * and `m=+<seconds since the process started, 9 decimals>`, as a heartbeat's `current_time`.
 */
export function goTimeString(ms: number, nanos: number, uptimeMs: number): string {
  const iso = new Date(Math.floor(ms)).toISOString();
  const fraction = trimmedFraction(iso.slice(20, 23) + String(nanos).padStart(6, '0'));
  const uptime = Math.max(0, Math.floor(uptimeMs));
  const monotonic = `${Math.floor(uptime / 1000)}.${String(uptime % 1000).padStart(3, '0')}${String(nanos).padStart(6, '0')}`;
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction} +0000 UTC m=+${monotonic}`;
}

/** `.123456789` without its trailing zeros; empty for an all-zero fraction. */
function trimmedFraction(digits: string): string {
  const trimmed = digits.replace(/0+$/, '');
  return trimmed === '' ? '' : `.${trimmed}`;
}
