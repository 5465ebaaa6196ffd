/** RFC 3339 as Kraken v2 writes it: `2026-08-12T19:29:00.921195Z` (0 to 9 fraction digits; `Z` or an offset). */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * Epoch microseconds of an RFC 3339 time, digits past the microsecond dropped; `undefined` when
 * `text` is not one or names no real date and time. (A safe integer until the year 2255.)
 */
export function rfc3339Micros(text: string): number | undefined {
  const m = RFC3339.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(ms).getUTCDate() !== day) return undefined;
  const offsetMinutes = m[8] !== undefined ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  const micros = Number((m[7] ?? '').padEnd(6, '0').slice(0, 6));
  return (ms - offsetMinutes * 60_000) * 1000 + micros;
}

/** Epoch milliseconds of an RFC 3339 time (the microseconds dropped), or `undefined`. */
export function rfc3339Millis(text: string): number | undefined {
  const micros = rfc3339Micros(text);
  return micros === undefined ? undefined : Math.floor(micros / 1000);
}
