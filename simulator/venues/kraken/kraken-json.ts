/**
 * A JSON number written exactly as its text: Kraken v2 writes prices and quantities as JSON numbers
 * at the pair's precision, trailing zeros kept (`"qty":0.00100000`), which `JSON.stringify` cannot
 * do. {@link krakenJson} writes the text as it is; `JSON.stringify` falls back to the number
 * (trailing zeros lost, still valid JSON), so a payload stays printable anywhere.
 */
export class NumberText {
  constructor(readonly text: string) {}

  toJSON(): number {
    return Number(this.text);
  }
}

/** `value` as JSON text, {@link NumberText}s written verbatim and undefined properties left out (as `JSON.stringify` does). */
export function krakenJson(value: unknown): string {
  if (value instanceof NumberText) return value.text;
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : krakenJson(item))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const fields: string[] = [];
    for (const [key, field] of Object.entries(value)) if (field !== undefined) fields.push(`${JSON.stringify(key)}:${krakenJson(field)}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** An RFC 3339 UTC time with microseconds, as Kraken v2 writes `timestamp`, `time_in` and `time_out` (`2026-08-12T19:28:08.631028Z`). */
export function rfc3339Micros(micros: number): string {
  const whole = Math.floor(micros);
  const iso = new Date(Math.floor(whole / 1000)).toISOString();
  return `${iso.slice(0, -1)}${String(whole % 1000).padStart(3, '0')}Z`;
}
