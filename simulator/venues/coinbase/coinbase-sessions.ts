import type { SimConnection } from '../../sim-connection.js';
import type { CoinbaseLimits } from './coinbase-limits.js';
import type { CoinbaseSequence } from './coinbase-sequence.js';

export interface CoinbaseSessionsConfig {
  readonly clock: () => number;
  /** `subscribeWithinMs` and `idleCloseMs` are enforced here; absent ones are not. */
  readonly limits: CoinbaseLimits;
  /** When each connection's last data frame was produced. */
  readonly sequence: CoinbaseSequence;
  /** A connection's next heartbeat frame (stamped). */
  readonly heartbeat: (connection: SimConnection) => string;
  /** The heartbeat period, ms (the venue: one a second). */
  readonly heartbeatIntervalMs: number;
}

interface Session {
  subscribed: boolean;
  closed: boolean;
  deadline?: NodeJS.Timeout;
  idle?: NodeJS.Timeout;
  heartbeats?: NodeJS.Timeout;
}

/** What the sessions did, for the venue's counters. */
export interface CoinbaseSessionCounters {
  /** Connections closed for not subscribing in time. */
  subscribeDeadlineCloses: number;
  /** Connections dropped after `idleCloseMs` without a data frame and without `heartbeats`. */
  idleCloses: number;
  heartbeatsSent: number;
}

/**
 * The timers of each Coinbase connection: the subscribe deadline (no subscription accepted within
 * `subscribeWithinMs`: closed with 1008, "you are disconnected in 5 seconds"; the close code and
 * reason are the simulator's), the idle cut (no data frame for `idleCloseMs` while `heartbeats` is not
 * held: the socket is dropped without a close frame, as clients report 1006 on quiet products,
 * ccxt/ccxt#22892) and the heartbeats (one frame per period while the channel is held, sent as data:
 * a stalled socket sends none). Every timer ends with its socket.
 */
export class CoinbaseSessions {
  readonly counters: CoinbaseSessionCounters = { subscribeDeadlineCloses: 0, idleCloses: 0, heartbeatsSent: 0 };
  private readonly sessions = new WeakMap<SimConnection, Session>();

  constructor(private readonly config: CoinbaseSessionsConfig) {}

  /** Starts the connection's deadline and idle timers. */
  open(connection: SimConnection): void {
    const session = this.session(connection);
    const { subscribeWithinMs, idleCloseMs } = this.config.limits;
    if (subscribeWithinMs !== undefined) {
      session.deadline = setTimeout(() => {
        if (session.subscribed || session.closed) return;
        this.counters.subscribeDeadlineCloses += 1;
        connection.socket.close(1008, `no subscription within ${subscribeWithinMs} ms`);
      }, subscribeWithinMs);
    }
    if (idleCloseMs !== undefined) this.watchIdle(connection, session, idleCloseMs, idleCloseMs);
    connection.socket.once('close', () => {
      session.closed = true;
      clearTimeout(session.deadline);
      clearTimeout(session.idle);
      clearInterval(session.heartbeats);
    });
  }

  /** A subscription was accepted: the deadline no longer applies. */
  subscribed(connection: SimConnection): void {
    const session = this.session(connection);
    session.subscribed = true;
    clearTimeout(session.deadline);
  }

  /** Starts (or stops) the connection's heartbeats. */
  heartbeats(connection: SimConnection, on: boolean): void {
    const session = this.session(connection);
    clearInterval(session.heartbeats);
    delete session.heartbeats;
    if (!on || session.closed) return;
    session.heartbeats = setInterval(() => {
      if (connection.sendData(this.config.heartbeat(connection))) this.counters.heartbeatsSent += 1;
    }, this.config.heartbeatIntervalMs);
  }

  /** Looks again after `delayMs`: drops the socket once `idleMs` passed without a data frame and without heartbeats. */
  private watchIdle(connection: SimConnection, session: Session, idleMs: number, delayMs: number): void {
    session.idle = setTimeout(() => {
      if (session.closed) return;
      const now = this.config.clock();
      const quiet = now - (this.config.sequence.lastDataAt(connection) ?? now);
      if (connection.subscriptions.has('heartbeats') || quiet < idleMs) {
        this.watchIdle(connection, session, idleMs, connection.subscriptions.has('heartbeats') ? idleMs : Math.max(1, idleMs - quiet));
        return;
      }
      this.counters.idleCloses += 1;
      connection.socket.terminate();
    }, delayMs);
  }

  private session(connection: SimConnection): Session {
    let session = this.sessions.get(connection);
    if (session === undefined) {
      session = { subscribed: false, closed: false };
      this.sessions.set(connection, session);
    }
    return session;
  }
}
