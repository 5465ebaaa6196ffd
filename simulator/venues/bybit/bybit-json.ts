/** Bybit's JSON escapes `>` as `\u003e`; clients must parse JSON, not match text. */
export function bybitJson(value: unknown): string {
  return JSON.stringify(value).replace(/>/g, '\\u003e');
}
