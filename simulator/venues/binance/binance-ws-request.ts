import type { SimConnection } from '../../sim-connection.js';

/** A client's request on a Binance family stream connection (`SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`). */
export interface BinanceWsRequest {
  readonly method: unknown;
  /** The stream names, as strings. */
  readonly params: readonly string[];
  /** Echoed in the answer; `null` when the client sent none or one that is neither a number nor a string. */
  readonly id: number | string | null;
}

/**
 * Reads one client text frame as Binance reads a request; text that is not JSON is answered as Binance
 * answers it (`{"error":{"code":3,"msg":"Invalid JSON: ..."},"id":null}`) and gives `undefined`.
 */
export function readBinanceWsRequest(connection: SimConnection, text: string): BinanceWsRequest | undefined {
  let request: { method?: unknown; params?: unknown; id?: unknown };
  try {
    request = JSON.parse(text) as typeof request;
  } catch (error) {
    connection.reply(JSON.stringify({ error: { code: 3, msg: `Invalid JSON: ${error instanceof Error ? error.message : ''}` }, id: null }));
    return undefined;
  }
  return {
    method: request.method,
    params: Array.isArray(request.params) ? request.params.map(String) : [],
    id: typeof request.id === 'number' || typeof request.id === 'string' ? request.id : null,
  };
}
