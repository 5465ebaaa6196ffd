/** Bybit spot accepts at most 10 args per subscribe request (`"args size >10"` otherwise). */
export const BYBIT_SPOT_MAX_ARGS = 10;

/** One topic: `<channel>.<SYMBOL>`, e.g. `publicTrade.BTCUSDT`. */
export function bybitTopic(symbol: string, channel: string): string {
  return `${channel}.${symbol.toUpperCase()}`;
}

export interface BybitSubscribeRequest {
  readonly reqId: string;
  readonly args: readonly string[];
  /** The JSON text to send. */
  readonly text: string;
}

/** `{"req_id":...,"op":"subscribe","args":[...]}`: at most 10 args on spot (`"args size >10"` otherwise). */
export function bybitSubscribe(args: readonly string[], reqId: string): BybitSubscribeRequest {
  return { reqId, args, text: JSON.stringify({ req_id: reqId, op: 'subscribe', args }) };
}

/** `{"req_id":...,"op":"unsubscribe","args":[...]}`. */
export function bybitUnsubscribe(args: readonly string[], reqId: string): string {
  return JSON.stringify({ req_id: reqId, op: 'unsubscribe', args });
}

/**
 * Unsubscribe then subscribe one topic on a live socket (Bybit sends a fresh snapshot on subscribe):
 * the unsubscribe's `req_id` is `<requestId>-unsub`, the subscribe's is `requestId`.
 */
export function bybitResubscribe(topic: string, requestId: string): { readonly unsubscribe: string; readonly subscribe: BybitSubscribeRequest } {
  return { unsubscribe: bybitUnsubscribe([topic], `${requestId}-unsub`), subscribe: bybitSubscribe([topic], requestId) };
}

/** The application-level heartbeat the client sends (every 20 s). */
export function bybitPing(reqId: string): string {
  return JSON.stringify({ req_id: reqId, op: 'ping' });
}
