import type { IncomingMessage, ServerResponse } from 'node:http';

/** A venue's REST API on the simulator's HTTP port: which request targets it serves, and its counters. */
export interface SimRestApi {
  /** True for request targets this API serves (`/api/...` for Binance, `/v5/market/...` for Bybit). */
  serves(target: string): boolean;
  handle(request: IncomingMessage, response: ServerResponse): void;
  /** Requests served and refused, and the weight or requests used in the current window. */
  restCounters(now: number): Readonly<Record<string, number>>;
  /** Lifts bans and throttles and forgets the rate windows (the control API's `reset`). */
  clearFaults(): void;
}

/** The IP a request came from, for the venues' per-IP limits. */
export function requestIp(request: IncomingMessage): string {
  return request.socket.remoteAddress ?? '127.0.0.1';
}
