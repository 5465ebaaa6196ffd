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

/**
 * Subscribe requests for the topics not yet subscribed (a batch holding one already-subscribed
 * topic is rejected whole), at most `maxArgs` per request, each with its own `req_id`.
 */
export function bybitSubscribeRequests(
  topics: readonly string[],
  subscribed: ReadonlySet<string>,
  reqIdPrefix: string,
  maxArgs: number = BYBIT_SPOT_MAX_ARGS,
): readonly BybitSubscribeRequest[] {
  const fresh = [...new Set(topics)].filter((t) => !subscribed.has(t));
  const requests: BybitSubscribeRequest[] = [];
  for (let start = 0; start < fresh.length; start += maxArgs) {
    const args = fresh.slice(start, start + maxArgs);
    const reqId = `${reqIdPrefix}-${requests.length + 1}`;
    requests.push({ reqId, args, text: JSON.stringify({ req_id: reqId, op: 'subscribe', args }) });
  }
  return requests;
}

/**
 * Unsubscribe then subscribe one topic on a live socket (Bybit sends a fresh snapshot on subscribe):
 * the unsubscribe's `req_id` is `<requestId>-unsub`, the subscribe's is `requestId`.
 */
export function bybitResubscribe(topic: string, requestId: string): { readonly unsubscribe: string; readonly subscribe: BybitSubscribeRequest } {
  const args = [topic];
  return {
    unsubscribe: JSON.stringify({ req_id: `${requestId}-unsub`, op: 'unsubscribe', args }),
    subscribe: { reqId: requestId, args, text: JSON.stringify({ req_id: requestId, op: 'subscribe', args }) },
  };
}

/** The application-level heartbeat the client sends (every 20 s). */
export function bybitPing(reqId: string): string {
  return JSON.stringify({ req_id: reqId, op: 'ping' });
}
