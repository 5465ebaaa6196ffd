import { parseJson, type ParseResult } from '../parse-result.js';

/**
 * A `"price":` or `"qty":` member whose value is a JSON number token. In valid JSON the closing quote
 * of such a key is never inside a string (a quote there is escaped), so only members match.
 */
const LEVEL_NUMBER = /"(price|qty)"(\s*):(\s*)(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)(?![\d.eE+-])/g;

/**
 * `JSON.parse` that keeps the exact text of every `price` and `qty` number (Kraken v2 books and
 * trades send them as JSON numbers, and the book checksum is computed over their decimal digits, which
 * a double loses: `0.00100000` would become `0.001`): those members arrive as strings holding the
 * token as sent. Every other number is parsed as usual. Text that is not JSON is refused with
 * `JSON.parse`'s own reason for the text as received.
 */
export function parseKrakenJson(text: string): ParseResult<unknown> {
  // A caller that breaks the type (the fuzz specs pass `JSON.stringify(undefined)`) gets `JSON.parse`'s refusal, not a throw.
  const quoted = typeof text === 'string' ? text.replace(LEVEL_NUMBER, '"$1"$2:$3"$4"') : text;
  if (quoted === text) return parseJson(text);
  const parsed = parseJson(quoted);
  return parsed.ok ? parsed : parseJson(text);
}
