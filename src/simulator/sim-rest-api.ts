import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ListFaults } from './list-faults.js';

/** A venue's REST API on the simulator's HTTP port: which request targets it serves, and its counters. */
export interface SimRestApi {
  /** True for request targets this API serves (`/api/...` for Binance, `/v5/market/...` for Bybit). */
  serves(target: string): boolean;
  handle(request: IncomingMessage, response: ServerResponse): void;
  /** Requests served and refused, and the weight or requests used in the current window. */
  restCounters(now: number): Readonly<Record<string, number>>;
  /** Bad answers armed for the venue's instrument list endpoint (the control API's `list-fault`). */
  readonly listFaults: ListFaults;
  /** Lifts bans and throttles, disarms list faults and forgets the rate windows (the control API's `reset`). */
  clearFaults(): void;
}

/** The IP a request came from, for the venues' per-IP limits. */
export function requestIp(request: IncomingMessage): string {
  return request.socket.remoteAddress ?? '127.0.0.1';
}

/**
 * Writes `write`'s answer after `delayMs` (at once for 0), or never when the client goes first: a
 * held-back answer does not outlive its connection.
 */
export function answerLater(response: ServerResponse, delayMs: number, write: () => void): void {
  if (delayMs <= 0) return write();
  const timer = setTimeout(write, delayMs);
  response.once('close', () => clearTimeout(timer));
}
