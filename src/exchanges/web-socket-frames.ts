import { randomUUID } from 'node:crypto';
import { Observable } from 'rxjs';
import { WebSocket } from 'ws';
import type { ExchangeId } from '../model/market-record.js';
import { ConnectionClosedError, ConnectionFailedError, GeoBlockedError } from './feed-errors.js';
import type { IngestGate } from './ingest-gate.js';

/** Default bound on one incoming message: 1 MiB. Larger frames close the socket with 1009. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;

/** HTTP statuses on the upgrade that mean "not from your location": never worth a tight retry. */
export const GEO_BLOCK_STATUSES: readonly number[] = [403, 451];

/** Options for {@link webSocketFrames}. */
export interface WebSocketFramesConfig {
  readonly url: string;
  /** Names the socket in every event; default a random 8-hex-digit id. */
  readonly connectionId?: string;
  /** Largest accepted message in bytes; default {@link DEFAULT_MAX_PAYLOAD_BYTES}. */
  readonly maxPayload?: number;
  /** Accept a `wss` certificate that does not verify (self-signed). Default false: TLS is verified. */
  readonly allowUnverifiedTls?: boolean;
  /** Time allowed for the opening handshake, ms; default 10 000. */
  readonly handshakeTimeoutMs?: number;
  /** Receive-time source, epoch ms; default `Date.now`. */
  readonly clock?: () => number;
  /** Headers of the opening request, besides the WebSocket ones. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Carried into `GeoBlockedError.info`. */
  readonly exchange?: ExchangeId;
  /** While paused, the socket is not read (its frames wait in TCP buffers). Default: always read. */
  readonly gate?: IngestGate;
}

/** The socket is open; `send` writes a text frame on it (ignored once it is closing). */
export interface SocketOpened {
  readonly type: 'open';
  readonly connectionId: string;
  readonly send: (text: string) => void;
  /**
   * Sends a WebSocket ping; resolves once its pong is read, after every frame received before it was
   * passed on (frames and pongs are read in order, one an event-loop turn). Rejects when the socket
   * closes first. Absent where the socket cannot ping.
   */
  readonly ping?: () => Promise<void>;
}

/** One text frame as received, with its local receive time. */
export interface RawFrame {
  readonly type: 'frame';
  readonly connectionId: string;
  readonly text: string;
  readonly receivedTs: number;
}

export type SocketEvent = SocketOpened | RawFrame;

/**
 * A cold Observable of one WebSocket connection per subscription: `open` first, then every text
 * frame. Server pings are answered with pongs echoing the payload. It errors with
 * `GeoBlockedError` (upgrade refused with 403/451, not retriable), `ConnectionFailedError` (could
 * not open) or `ConnectionClosedError` (closed after opening, with the close code). Unsubscribing
 * closes the socket with 1000. It never retries.
 */
export function webSocketFrames(config: WebSocketFramesConfig): Observable<SocketEvent> {
  return new Observable<SocketEvent>((subscriber) => {
    const { url } = config;
    const clock = config.clock ?? Date.now;
    const connectionId = config.connectionId ?? randomUUID().slice(0, 8);
    const socket = new WebSocket(url, {
      maxPayload: config.maxPayload ?? DEFAULT_MAX_PAYLOAD_BYTES,
      rejectUnauthorized: config.allowUnverifiedTls !== true,
      handshakeTimeout: config.handshakeTimeoutMs ?? 10_000,
      ...(config.headers === undefined ? {} : { headers: { ...config.headers } }),
      autoPong: true,
      // One message per event-loop turn: a resumed socket's backlog is decoded between timers and the
      // producer's callbacks instead of in one long task.
      allowSynchronousEvents: false,
    });
    let opened = false;
    let finished = false;
    let lastError: unknown;
    let unfollow: (() => void) | undefined;
    const pings = new SocketPings();

    const fail = (error: Error): void => {
      if (finished) return;
      finished = true;
      subscriber.error(error);
    };

    socket.on('unexpected-response', (request, response) => {
      const statusCode = response.statusCode ?? 0;
      response.resume();
      request.destroy();
      if (GEO_BLOCK_STATUSES.includes(statusCode)) {
        fail(new GeoBlockedError({ url, statusCode, ...(config.exchange === undefined ? {} : { exchange: config.exchange }) }));
      } else {
        fail(new ConnectionFailedError({ url, statusCode }));
      }
    });
    socket.on('open', () => {
      opened = true;
      unfollow = config.gate?.follow((paused) => (paused ? socket.pause() : socket.resume()));
      subscriber.next({
        type: 'open',
        connectionId,
        send: (text) => {
          if (socket.readyState === WebSocket.OPEN) socket.send(text);
        },
        ping: () =>
          pings.ping((payload) => {
            if (socket.readyState !== WebSocket.OPEN) return false;
            socket.ping(payload);
            return true;
          }),
      });
    });
    socket.on('pong', (data) => pings.answered(data.toString('utf8')));
    socket.on('message', (data, isBinary) => {
      if (finished || isBinary) return;
      const text = Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : Buffer.isBuffer(data)
          ? data.toString('utf8')
          : Buffer.from(data).toString('utf8');
      subscriber.next({ type: 'frame', connectionId, text, receivedTs: clock() });
    });
    socket.on('error', (error) => {
      lastError = error;
      if (!opened) fail(new ConnectionFailedError({ url }, error));
    });
    socket.on('close', (code, reason) => {
      if (!opened) {
        fail(new ConnectionFailedError({ url }, lastError));
        return;
      }
      // ws reports its own 1009 (message too big) to the peer but 1006 locally.
      const closeCode = code === 1006 && errorCode(lastError) === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 1009 : code;
      fail(new ConnectionClosedError({ url, connectionId, code: closeCode, reason: reason.toString('utf8') || errorText(lastError) }));
    });

    socket.on('close', () => {
      unfollow?.();
      pings.closed();
    });

    return () => {
      finished = true;
      unfollow?.();
      pings.closed();
      if (socket.readyState === WebSocket.OPEN) socket.close(1000, 'client closed');
      else if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
    };
  });
}

/** A socket's pings awaiting their pong, numbered: a pong answers its own ping and every one sent before it. */
class SocketPings {
  private sent = 0;
  private readonly waiting = new Map<number, { readonly resolve: () => void; readonly reject: (error: Error) => void }>();

  /** Sends the next ping with `send` (false: the socket is not open). */
  ping(send: (payload: string) => boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const n = ++this.sent;
      if (!send(String(n))) return reject(new Error('socket not open'));
      this.waiting.set(n, { resolve, reject });
    });
  }

  /** A pong read, with its payload: the pings up to its number are answered (another's pong, not a number, answers none). */
  answered(payload: string): void {
    const n = Number(payload);
    if (!Number.isInteger(n)) return;
    for (const [sent, ping] of this.waiting) {
      if (sent > n) break;
      this.waiting.delete(sent);
      ping.resolve();
    }
  }

  closed(): void {
    for (const ping of this.waiting.values()) ping.reject(new Error('socket closed'));
    this.waiting.clear();
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : '';
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? (error as { readonly code: unknown }).code : undefined;
}
