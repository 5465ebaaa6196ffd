import { interval, type SchedulerLike, type Subscription } from 'rxjs';
import type { ConnectionPlan } from '../venue-protocol.js';

/**
 * The venue's application-level ping on one open socket (Bybit's `{"op":"ping"}` every 20 s): the `n`-th
 * (from 1) sent `everyMs` after the one before, the first `everyMs` after the socket opened, until the
 * returned subscription ends (with the socket). Undefined when the venue takes no ping.
 */
export function heartbeat(
  ping: ConnectionPlan['heartbeat'],
  everyMs: number | undefined,
  connectionId: string,
  send: (text: string) => void,
  scheduler: SchedulerLike,
): Subscription | undefined {
  if (ping === undefined) return undefined;
  return interval(everyMs ?? ping.intervalMs, scheduler).subscribe((n) => send(ping.message(connectionId, n + 1)));
}
