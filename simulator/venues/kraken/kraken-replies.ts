import { krakenJson, NumberText, rfc3339Micros } from './kraken-json.js';
import type { KrakenSubscription } from './kraken-request.js';

/** When the venue took a request and when it answered, µs: what `time_in` and `time_out` say. */
export interface ReplyTimes {
  readonly inMicros: number;
  readonly outMicros: number;
}

const times = (t: ReplyTimes) => ({ time_in: rfc3339Micros(t.inMicros), time_out: rfc3339Micros(t.outMicros) });

/**
 * The acknowledgement of one symbol of a subscribe or unsubscribe request (one per symbol, as the
 * book page says), keys as recorded: `method, req_id, result{channel, depth | event_trigger,
 * snapshot, symbol}, success, time_in, time_out`; `req_id` only when the request had one.
 */
export function ackReply(request: KrakenSubscription, symbol: string, at: ReplyTimes): string {
  const result = {
    channel: request.channel,
    depth: request.channel === 'book' ? request.depth : undefined,
    event_trigger: request.channel === 'ticker' ? request.eventTrigger : undefined,
    snapshot: request.kind === 'subscribe' ? request.snapshot : undefined,
    symbol,
  };
  return krakenJson({ method: request.kind, req_id: request.reqId, result, success: true, ...times(at) });
}

/**
 * A refusal: `{"error", "method", "req_id", "success": false, "symbol", "time_in", "time_out"}`, as
 * reported for an unknown pair (nautilus_trader#3509: error, method, success, symbol); `req_id`
 * and the times are added as every other answer carries them (unconfirmed on the venue).
 */
export function errorReply(error: string, method: string | undefined, reqId: number | undefined, symbol: string | undefined, at: ReplyTimes): string {
  return krakenJson({ error, method, req_id: reqId, success: false, symbol, ...times(at) });
}

/** The answer to `{"method":"ping"}` (spot-websocket-v2/ping). */
export function pongReply(reqId: number | undefined, at: ReplyTimes): string {
  return krakenJson({ method: 'pong', req_id: reqId, ...times(at) });
}

/** The frame that opens every connection, and that announces a change of the engine's status (spot-websocket-v2/status). */
export function statusFrame(connectionId: string, system: 'online' | 'maintenance' | 'cancel_only' | 'post_only' = 'online'): string {
  // `connection_id` is a 64-bit integer, above 2^53 (written whole: a client must not read it as a double).
  return krakenJson({
    channel: 'status',
    type: 'update',
    data: [{ version: '2.0.10', system, api_version: 'v2', connection_id: new NumberText(connectionId) }],
  });
}

/** Kraken's heartbeat, sent about once a second on a connection with subscriptions when nothing else was. */
export const HEARTBEAT_FRAME = '{"channel":"heartbeat"}';

/** A connection's `connection_id`: a 64-bit integer above 2^62, as the recorded ones are (8.4e18, 9.0e18). */
export function krakenConnectionId(random: () => number): string {
  const high = BigInt(2 ** 30 + Math.floor(random() * (2 ** 32 - 2 ** 30)));
  const low = BigInt(Math.floor(random() * 2 ** 32));
  return ((high << 32n) + low).toString();
}
