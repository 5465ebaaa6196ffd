import type { SimConnection } from '../../sim-connection.js';
import { SlidingWindow } from '../../sliding-window.js';
import type { HyperliquidVenueLimits } from './hyperliquid-limits.js';

/**
 * How long a connection may send nothing before the venue closes it, ms: "The server will close any
 * connection if it hasn't sent a message to it in the last 60 seconds. If you are subscribing to a
 * channel that doesn't receive messages every 60 seconds, you can send heartbeat messages"
 * (hyperliquid.gitbook.io `api/websocket/timeouts-and-heartbeats`). The simulator counts the client's
 * text messages only (a ping, a subscribe), so a client must ping within 60 s of its last message
 * however busy its streams are: stricter than the venue, which also counts what it sends. The close
 * code is not documented; the simulator closes with 1000.
 */
export const HYPERLIQUID_IDLE_CLOSE_MS = 60_000;

/** The close of a connection past `maxOpenConnections` (not documented: the simulator's choice). */
export const TOO_MANY_CONNECTIONS = { code: 1008, reason: 'Too many connections' } as const;

/**
 * What the venue counts of its one IP (every client of the simulator is 127.0.0.1) across its
 * connections: the connections open, the subscriptions held, the messages sent in the window, each
 * connection's last message, and the peaks of each, so that a test can say the client never passed a
 * limit, not only that it was never refused.
 */
export class HyperliquidIp {
  private readonly open = new Set<SimConnection>();
  private readonly heard = new WeakMap<SimConnection, number>();
  private messages: SlidingWindow | undefined;
  private newConnections: SlidingWindow | undefined;
  private readonly tally = {
    openConnectionsPeak: 0,
    newConnectionsInWindowPeak: 0,
    subscriptionsPeak: 0,
    messagesInWindowPeak: 0,
    connectionsRefused: 0,
    subscriptionsRefused: 0,
    messagesRefused: 0,
    idleClosed: 0,
    backlogTradesSent: 0,
  };

  constructor(private readonly limits: HyperliquidVenueLimits) {}

  /**
   * A connection opened at `now` (counted among the new connections of the `connectionAttempts`
   * window, whose most is kept); false when it is one past `maxOpenConnections` (it is closed at once).
   */
  opened(connection: SimConnection, now: number): boolean {
    this.newConnections ??= new SlidingWindow(this.limits.connectionAttempts?.windowMs ?? 60_000);
    this.tally.newConnectionsInWindowPeak = Math.max(this.tally.newConnectionsInWindowPeak, this.newConnections.record(now));
    const max = this.limits.maxOpenConnections;
    if (max !== undefined && this.open.size >= max) {
      this.tally.connectionsRefused += 1;
      connection.socket.close(TOO_MANY_CONNECTIONS.code, TOO_MANY_CONNECTIONS.reason);
      return false;
    }
    this.open.add(connection);
    this.heard.set(connection, now);
    this.tally.openConnectionsPeak = Math.max(this.tally.openConnectionsPeak, this.open.size);
    connection.socket.on('close', () => this.open.delete(connection));
    return true;
  }

  /** True for a connection the venue took (not one closed past the connection limit). */
  holds(connection: SimConnection): boolean {
    return this.open.has(connection);
  }

  /** Counts a message of `connection` at `now` in the IP's window; false when it is past `messagesPerWindow` (not taken). */
  message(connection: SimConnection, now: number): boolean {
    this.heard.set(connection, now);
    const limit = this.limits.messagesPerWindow;
    if (limit === undefined) return true;
    this.messages ??= new SlidingWindow(limit.windowMs, limit.max * 2);
    const count = this.messages.record(now);
    this.tally.messagesInWindowPeak = Math.max(this.tally.messagesInWindowPeak, count);
    if (count <= limit.max) return true;
    this.tally.messagesRefused += 1;
    return false;
  }

  /** Subscriptions held now over every open connection. */
  subscriptions(): number {
    let held = 0;
    for (const connection of this.open) held += connection.subscriptions.size;
    return held;
  }

  /** True when one more subscription stays within `maxSubscriptions`; a refusal is counted. */
  admitSubscription(): boolean {
    const max = this.limits.maxSubscriptions;
    if (max === undefined || this.subscriptions() < max) return true;
    this.tally.subscriptionsRefused += 1;
    return false;
  }

  /** A subscription was added: the peak follows. */
  subscribed(): void {
    this.tally.subscriptionsPeak = Math.max(this.tally.subscriptionsPeak, this.subscriptions());
  }

  /** Counts trades sent as a backlog on subscribe. */
  backlogSent(trades: number): void {
    this.tally.backlogTradesSent += trades;
  }

  /** Closes each open connection that sent nothing for `idleMs` (0: never). */
  closeIdle(now: number, idleMs: number): void {
    if (idleMs <= 0) return;
    for (const connection of [...this.open]) {
      if (connection.socket.readyState !== connection.socket.OPEN || now - (this.heard.get(connection) ?? now) < idleMs) continue;
      this.tally.idleClosed += 1;
      connection.socket.close(1000, '');
    }
  }

  /** The counts and peaks, and what is held and sent in the window now. */
  counters(now: number): Readonly<Record<string, number>> {
    return { ...this.tally, openConnectionsNow: this.open.size, subscriptionsNow: this.subscriptions(), messagesInWindow: this.messages?.count(now) ?? 0 };
  }

  /** Forgets the message window (the control API's `reset`); peaks stay. */
  clear(): void {
    this.messages?.clear();
  }
}
