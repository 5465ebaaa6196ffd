import { parseJson, type ParseResult } from '../parse-result.js';

/**
 * A `"tid":` member whose value is a JSON integer token. In valid JSON a key's closing quote is never
 * inside a string (a quote there is escaped), so only members match; a token with a fraction or an
 * exponent is left as it is, for the reader to refuse.
 */
const TID_NUMBER = /"tid"(\s*):(\s*)(\d+)(?![\d.eE+-])/g;

/**
 * `JSON.parse` that keeps a trade's `tid` as the decimal text it was sent as: Hyperliquid writes it as
 * a JSON number (docs "Websocket > Subscriptions", `WsTrade.tid: number`, "50-bit hash of (buyer_oid,
 * seller_oid)"), which a double holds exactly up to 2^53 but not past it; read as text, no digit is
 * ever lost whatever its size. Text that is not JSON is refused with `JSON.parse`'s own reason for the
 * text as received.
 */
export function parseHyperliquidJson(text: string): ParseResult<unknown> {
  // A caller that breaks the type (the fuzz passes `JSON.stringify(undefined)`) gets `JSON.parse`'s refusal, not a throw.
  const quoted = typeof text === 'string' && text.includes('"tid"') ? text.replace(TID_NUMBER, '"tid"$1:$2"$3"') : text;
  if (quoted === text) return parseJson(text);
  const parsed = parseJson(quoted);
  return parsed.ok ? parsed : parseJson(text);
}
