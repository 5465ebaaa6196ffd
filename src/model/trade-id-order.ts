/**
 * Whether trade id `id` comes after `last` in a venue's order of ids: decimal ids of any length
 * (Bybit's exceed 2^53) compared as numbers, without parsing; other ids (not decimal) compare as text.
 */
export function idAfter(id: string, last: string): boolean {
  const decimal = /^\d+$/;
  if (decimal.test(id) && decimal.test(last)) {
    const a = id.replace(/^0+(?=\d)/, '');
    const b = last.replace(/^0+(?=\d)/, '');
    return a.length !== b.length ? a.length > b.length : a > b;
  }
  return id > last;
}
