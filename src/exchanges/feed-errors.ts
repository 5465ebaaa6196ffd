import { FeedError } from '../model/feed-error.js';
import type { ExchangeId } from '../model/market-record.js';

/** The venue refused the WebSocket upgrade with HTTP 403 or 451: a geo-block, not transient. */
export class GeoBlockedError extends FeedError<{ readonly url: string; readonly statusCode: number; readonly exchange?: ExchangeId }> {
  constructor(info: { readonly url: string; readonly statusCode: number; readonly exchange?: ExchangeId }) {
    super(`upgrade refused with HTTP ${info.statusCode} (geo-blocked): ${info.url}`, false, info);
  }
}

/** The socket could not be opened (DNS, TCP, TLS, or an upgrade refused with another status). */
export class ConnectionFailedError extends FeedError<{ readonly url: string; readonly statusCode?: number }> {
  constructor(info: { readonly url: string; readonly statusCode?: number }, cause?: unknown) {
    const status = info.statusCode === undefined ? '' : ` (HTTP ${info.statusCode})`;
    super(`connection to ${info.url} failed${status}`, true, info, { cause });
  }
}

/** An open socket was closed, by the server or the network; `code` is the WebSocket close code. */
export class ConnectionClosedError extends FeedError<{
  readonly url: string;
  readonly connectionId: string;
  readonly code: number;
  readonly reason: string;
}> {
  constructor(info: { readonly url: string; readonly connectionId: string; readonly code: number; readonly reason: string }) {
    super(`connection ${info.connectionId} closed with code ${info.code}${info.reason === '' ? '' : `: ${info.reason}`}`, true, info);
  }
}

/** The venue rejected a subscription: names the topic (or request) and the venue's message. */
export class SubscribeRejectedError extends FeedError<{
  readonly exchange: ExchangeId;
  readonly topics: readonly string[];
  readonly message: string;
  readonly requestId?: string;
}> {
  constructor(info: { readonly exchange: ExchangeId; readonly topics: readonly string[]; readonly message: string; readonly requestId?: string }) {
    super(`${info.exchange} rejected subscription to ${info.topics.join(', ')}: ${info.message}`, false, info);
  }
}

/**
 * A venue that numbers every message of a socket (Coinbase `sequence_num`) skipped one: a message was
 * lost, so the socket is given up and opened again (retriable).
 */
export class MessageLostError extends FeedError<{
  readonly exchange: ExchangeId;
  readonly connectionId: string;
  readonly expected: number;
  readonly received: number;
}> {
  constructor(info: { readonly exchange: ExchangeId; readonly connectionId: string; readonly expected: number; readonly received: number }) {
    super(`${info.exchange} connection ${info.connectionId} lost a message: expected number ${info.expected}, got ${info.received}`, true, info);
  }
}

/**
 * A stream the venue pushes on a clock (`StreamSpec.cadenceMs`: Binance `markPrice@1s`) stayed silent
 * for the stale time after it was acknowledged: the venue took the subscription and sends nothing (a
 * stream on the wrong route of Binance USD-M). The socket is given up (retriable) and the topic and URL
 * are named, so an empty stream is an error someone can read, not a quiet gap.
 */
export class SilentStreamError extends FeedError<{
  readonly exchange: ExchangeId;
  readonly connectionId: string;
  readonly url: string;
  readonly topics: readonly string[];
  readonly silentMs: number;
}> {
  constructor(info: {
    readonly exchange: ExchangeId;
    readonly connectionId: string;
    readonly url: string;
    readonly topics: readonly string[];
    readonly silentMs: number;
  }) {
    const more = info.topics.length > 3 ? ` and ${info.topics.length - 3} more` : '';
    super(
      `${info.exchange} acknowledged ${info.topics.slice(0, 3).join(', ')}${more} on ${info.url} and sent nothing for ${info.silentMs} ms (a stream the venue does not serve on this URL)`,
      true,
      info,
    );
  }
}
