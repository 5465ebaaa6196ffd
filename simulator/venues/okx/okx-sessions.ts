import type { SimConnection } from '../../sim-connection.js';
import { SlidingWindow } from '../../sliding-window.js';
import type { WindowLimit } from '../../venue-limits.js';
import type { OkxRoute } from './okx-channels.js';
import { okxConnId } from './okx-replies.js';

/**
 * How long a connection may stay silent before OKX closes it, ms: "The connection will break
 * automatically if the subscription is not established or data has not been pushed for more than
 * 30 seconds ... If the timer is triggered ... send the String 'ping'" (okx docs-v5
 * `#overview-websocket-connect`), with close code 4004 "No data received in 30s" (`#error-code-websocket-public`,
 * "Close Frame"). The simulator counts the client's messages only: a client must ping within 30 s
 * of its last message however busy the stream is (stricter than OKX, which also counts data pushed).
 */
export const OKX_IDLE_CLOSE_MS = 30_000;
export const OKX_IDLE_CLOSE = { code: 4004, reason: 'No data received in 30s' } as const;

/**
 * How a connection is closed past its subscribe requests per hour: not documented; the simulator
 * closes it with OKX's "Invalid Request" close code (`#error-code-websocket-public`, "Close Frame": 4002)
 * after the 60014 error.
 */
export const OKX_REQUESTS_CLOSE = { code: 4002, reason: 'Invalid Request' } as const;

/** What the venue keeps per connection. */
export interface OkxSession {
  /** The connection's id in every answer (`connId`). */
  readonly connId: string;
  /** The route it was opened on. */
  readonly route: OkxRoute;
  /** When it last sent a message, ms; undefined until the venue first looks. */
  lastHeardAt: number | undefined;
  /** Its subscribe and unsubscribe requests of the last hour, once it sent one. */
  requests?: SlidingWindow;
}

/** The venue's connections' sessions: ids, routes, silence and subscribe requests. */
export class OkxSessions {
  private readonly sessions = new WeakMap<SimConnection, OkxSession>();

  constructor(private readonly random: () => number) {}

  /** Starts the session of a connection opened on `route`. */
  open(connection: SimConnection, route: OkxRoute): OkxSession {
    const session: OkxSession = { connId: okxConnId(this.random), route, lastHeardAt: undefined };
    this.sessions.set(connection, session);
    return session;
  }

  /** The connection's session (a `/public` one for a connection never opened here). */
  of(connection: SimConnection): OkxSession {
    return this.sessions.get(connection) ?? this.open(connection, 'public');
  }

  /** The connection sent a message at `now`. */
  heard(connection: SimConnection, now: number): void {
    this.of(connection).lastHeardAt = now;
  }

  /** Counts a subscribe or unsubscribe request at `now`; false when it is past `limit` (none: no limit). */
  admitRequest(connection: SimConnection, now: number, limit: WindowLimit | undefined): boolean {
    if (limit === undefined) return true;
    const session = this.of(connection);
    session.requests ??= new SlidingWindow(limit.windowMs, limit.max + 1);
    return session.requests.record(now) <= limit.max;
  }

  /** Closes each of `connections` that sent nothing for `idleMs` (0: never), as OKX closes them. */
  closeIdle(connections: Iterable<SimConnection>, now: number, idleMs: number): void {
    if (idleMs <= 0) return;
    for (const connection of connections) {
      const session = this.of(connection);
      if (session.lastHeardAt === undefined) session.lastHeardAt = now;
      else if (now - session.lastHeardAt >= idleMs) connection.socket.close(OKX_IDLE_CLOSE.code, OKX_IDLE_CLOSE.reason);
    }
  }
}
