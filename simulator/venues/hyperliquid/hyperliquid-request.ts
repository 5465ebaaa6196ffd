/**
 * Candle intervals a `candle` subscription may name (hyperliquid.gitbook.io `api/websocket/subscriptions`:
 * "1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "8h", "12h", "1d", "3d", "1w", "1M").
 */
export const HYPERLIQUID_CANDLE_INTERVALS = ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '8h', '12h', '1d', '3d', '1w', '1M'] as const;

/**
 * One subscription as the venue reads it, its fields in the order the venue echoes them: `trades`,
 * `bbo` and `activeAssetCtx` as `{type, coin}` (hyperliquid-subscriptionResponse.ndjson line 1, the
 * ccxt recording's `activeAssetCtx` ack), `l2Book` with `nSigFigs`, `mantissa` and `fast` filled in
 * (line 2), `candle` as `{type, interval, coin}` (ccxt/ccxt `ts/src/test/static/ws/hyperliquid.json`
 * @66358ac, watchOHLCV, and the "Already subscribed" error recorded in gemwalletcom/wallet#462).
 */
export type HyperliquidSubscription =
  | { readonly type: 'trades' | 'bbo' | 'activeAssetCtx'; readonly coin: string }
  | { readonly type: 'l2Book'; readonly coin: string; readonly nSigFigs: number | null; readonly mantissa: number | null; readonly fast: boolean }
  | { readonly type: 'candle'; readonly interval: string; readonly coin: string };

/** What a client text frame asks: a ping, a subscribe or unsubscribe, or nothing the venue can read. */
export type HyperliquidRequest =
  | { readonly kind: 'ping' }
  | { readonly kind: 'subscribe' | 'unsubscribe'; readonly subscription: HyperliquidSubscription }
  | { readonly kind: 'invalid'; readonly error: string };

type Fields = Readonly<Record<string, unknown>>;
const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const optional = (value: unknown, is: (v: unknown) => boolean): boolean => value === undefined || value === null || is(value);
const isWhole = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 0;

/**
 * Reads a client frame as Hyperliquid does (a serde enum tagged by `method`, its `subscription`
 * tagged by `type`; unknown fields ignored): `{"method":"ping"}`, or `subscribe`/`unsubscribe` of
 * `trades`, `l2Book` (optional `nSigFigs`, `mantissa`, `fast`), `bbo`, `activeAssetCtx` or `candle`
 * (`interval`). Anything else, a type the simulator does not serve included (no liquidation type
 * exists: a client's probe of `liquidations` got this same answer), is refused with the venue's
 * text: "Error parsing JSON into valid websocket request: " and the frame as sent (ccxt
 * `ts/src/pro/hyperliquid.ts` handleErrorMessage's recorded example; hyperliquid-dex/order_book_server
 * `websocket_server.rs`, which "provides the l2book and trades endpoints from Hyperliquid's official
 * API, with roughly the same API").
 */
export function parseHyperliquidRequest(text: string): HyperliquidRequest {
  const invalid: HyperliquidRequest = { kind: 'invalid', error: `Error parsing JSON into valid websocket request: ${text}` };
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch {
    return invalid;
  }
  if (!isObject(request)) return invalid;
  const method = request['method'];
  if (method === 'ping') return { kind: 'ping' };
  if (method !== 'subscribe' && method !== 'unsubscribe') return invalid;
  const subscription = readSubscription(request['subscription']);
  return subscription === undefined ? invalid : { kind: method, subscription };
}

function readSubscription(value: unknown): HyperliquidSubscription | undefined {
  if (!isObject(value)) return undefined;
  const { type, coin } = value;
  if (typeof coin !== 'string') return undefined;
  switch (type) {
    case 'trades':
    case 'bbo':
    case 'activeAssetCtx':
      return { type, coin };
    case 'l2Book': {
      const { nSigFigs, mantissa, fast } = value;
      if (!optional(nSigFigs, isWhole) || !optional(mantissa, isWhole) || !optional(fast, (v) => typeof v === 'boolean')) return undefined;
      return {
        type,
        coin,
        nSigFigs: (nSigFigs as number | null | undefined) ?? null,
        mantissa: (mantissa as number | null | undefined) ?? null,
        fast: fast === true,
      };
    }
    case 'candle': {
      const interval = value['interval'];
      if (typeof interval !== 'string' || !(HYPERLIQUID_CANDLE_INTERVALS as readonly string[]).includes(interval)) return undefined;
      return { type, interval, coin };
    }
    default:
      return undefined;
  }
}

/**
 * The topic a subscription holds on a connection: `<type>|<coin>`, `l2Book|<coin>|fast` for the fast
 * book, `candle|<coin>|<interval>`. Coins never hold `|`.
 */
export function hyperliquidTopic(subscription: HyperliquidSubscription): string {
  if (subscription.type === 'candle') return `candle|${subscription.coin}|${subscription.interval}`;
  if (subscription.type === 'l2Book' && subscription.fast) return `l2Book|${subscription.coin}|fast`;
  return `${subscription.type}|${subscription.coin}`;
}

/** A topic's parts: its type, its coin, and its variant (`fast`, a candle interval) if any. */
export function topicParts(topic: string): { readonly type: string; readonly coin: string; readonly variant: string | undefined } | undefined {
  const [type, coin, variant] = topic.split('|');
  return type === undefined || coin === undefined || coin === '' ? undefined : { type, coin, variant };
}
