/**
 * `2026-08-09T21:05:48.228568804Z`: the RFC 3339 times Coinbase writes (envelope `timestamp` with 9
 * fractional digits, trade `time` and level `event_time` with 1 to 6, trailing zeros trimmed), with `Z`
 * or a `+hh:mm`/`-hh:mm` offset.
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * Epoch milliseconds of an RFC 3339 time, the fraction past the millisecond dropped (a time is never
 * rounded into the next millisecond); `undefined` when `text` is not one or names an impossible date
 * (`2026-02-30`, hour 24).
 */
export function rfc3339Millis(text: string): number | undefined {
  const m = RFC3339.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const midnight = Date.UTC(year, month - 1, day);
  if (new Date(midnight).getUTCDate() !== day) return undefined;
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const sign = m[8] === '-' ? -1 : 1;
  const offsetMinutes = m[8] === undefined ? 0 : sign * (Number(m[9]) * 60 + Number(m[10]));
  const ts = midnight + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis;
  return Number.isSafeInteger(ts) && ts >= 0 ? ts : undefined;
}
