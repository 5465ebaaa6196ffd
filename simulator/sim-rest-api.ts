import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BookViewAnswer } from './book-channels.js';
import type { ListFaults } from './list-faults.js';
import type { RequestWeightLimiter } from './request-weight-limiter.js';

/**
 * A venue's REST API on the simulator's HTTP port, and its counters. The requests it is given are
 * those its venue's routes take (`SimVenueDefinition.restRoutes`).
 */
export interface SimRestApi {
  handle(request: IncomingMessage, response: ServerResponse): void;
  /** Requests served and refused, and the weight or requests used in the current window. */
  restCounters(now: number): Readonly<Record<string, number>>;
  /** Bad answers armed for the venue's instrument list endpoint (the control API's `list-fault`). */
  readonly listFaults: ListFaults;
  /** Lifts bans and throttles, disarms list faults and forgets the rate windows (the control API's `reset`). */
  clearFaults(): void;
}

/** A REST API with the control API's REST faults: its weight throttled or banned, its depth snapshots held back. */
export interface SimRestFaults extends SimRestApi {
  readonly limiter: RequestWeightLimiter;
  /** Holds the next depth snapshot (of `symbol`, or any) back by `delayMs`, frozen at the moment asked when `frozen`; false if none is served. */
  lateSnapshot(delayMs: number, symbol: string | undefined, frozen: boolean): boolean;
  /** The book as the depth snapshot endpoint would serve it now (no weight counted), for the control API. */
  view(symbol: string, levels: number): BookViewAnswer | undefined;
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
