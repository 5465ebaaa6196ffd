import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { SimConnection } from './sim-connection.js';
import type { TopicAudience } from './topic-audience.js';
import type { VenueCounters } from './venue-counters.js';
import type { VenueLimits } from './venue-limits.js';
import type { VenueFaults } from './venue-faults.js';
import type { ProtocolContext, VenueProtocol } from './sim-venue-protocol.js';
import type { SimVenueId } from './sim-venue-id.js';

/** One subscribe request as a connection sent it, and whether the venue took it. */
export interface SubscribeRecord {
  readonly connectionId: string;
  readonly topics: readonly string[];
  readonly accepted: boolean;
}

/** Frames replayed, in order, to every new connection instead of generated data. */
export interface ConnectionReplay {
  readonly lines: readonly string[];
  readonly intervalMs: number;
}

export interface SimConnectionsConfig {
  readonly venue: SimVenueId;
  readonly protocol: VenueProtocol;
  /** The venue's faults, applied by every connection to the data frames it sends. */
  readonly faults: () => VenueFaults;
  /** Counted into: connections accepted and open, pongs received, the most topics and messages per connection. */
  readonly counters: VenueCounters;
  /** Who holds which topic, updated as connections subscribe, unsubscribe and close. */
  readonly audience: TopicAudience;
  /** The venue's limits; this class enforces the incoming message rate. */
  readonly limits: VenueLimits;
  readonly clock: () => number;
  /** Server ping frames every this many ms; 0 for none. */
  readonly pingIntervalMs: number;
  /** Close each connection with 1000 after this long (Binance's 24 h cut); 0 for never. */
  readonly maxConnectionLifetimeMs: number;
  readonly replay?: ConnectionReplay;
  /** What the protocol may ask of the venue while it handles a request of `connection`. */
  readonly context: (connection: SimConnection) => ProtocolContext;
}

/**
 * A venue's open client sockets and what is kept per connection: subscriptions (on each
 * {@link SimConnection}, indexed by topic and symbol in the venue's {@link TopicAudience}), server
 * pings, the lifetime cut, replays, the incoming message rate (over `maxMessagesPerSecond` the
 * connection is closed with 1008 "Too many requests", as Binance does), and the log of subscribe
 * requests. Market state is not kept here; generated frames reach the sockets through
 * {@link broadcast}, the audience, or by iterating the connections.
 */
export class SimConnections implements Iterable<SimConnection> {
  /** Each subscribe request, in the order received. */
  readonly subscribeLog: SubscribeRecord[] = [];
  private readonly open = new Set<SimConnection>();

  constructor(private readonly config: SimConnectionsConfig) {}

  get size(): number {
    return this.open.size;
  }

  [Symbol.iterator](): Iterator<SimConnection> {
    return this.open.values();
  }

  /** Serves a new client; `stream` is its TCP socket, corked while a tick writes (see `SimConnection.cork`). */
  attach(socket: WebSocket, url: URL, id: string, stream?: Duplex, connected?: (connection: SimConnection) => void): SimConnection {
    const { protocol, counters, audience } = this.config;
    const connection = new SimConnection({ id, venue: this.config.venue, socket, faults: this.config.faults, ...(stream === undefined ? {} : { stream }) });
    const timers: NodeJS.Timeout[] = [];
    this.open.add(connection);
    counters.connectionsAccepted += 1;
    counters.openConnections += 1;
    const held = connection.subscriptions;
    held.listen({
      added: (topic) => {
        audience.added(connection, topic);
        counters.maxTopicsPerConnection = Math.max(counters.maxTopicsPerConnection, held.size);
        counters.maxArgsCharsPerConnection = Math.max(counters.maxArgsCharsPerConnection, held.chars);
      },
      removed: (topic) => audience.removed(connection, topic),
    });
    // A venue slow to take requests takes the upgrade's streams, and each message, `requestDelayMs` late (in order).
    const pending: { readonly due: number; readonly take: () => void }[] = [];
    let pendingTimer: NodeJS.Timeout | undefined;
    const takeDue = (): void => {
      pendingTimer = undefined;
      while (pending.length > 0 && pending[0]!.due <= Date.now()) pending.shift()!.take();
      if (pending.length > 0) pendingTimer = setTimeout(takeDue, pending[0]!.due - Date.now());
    };
    const later = (take: () => void): void => {
      const delayMs = this.config.faults().requestDelayMs;
      if (delayMs <= 0 && pending.length === 0) return take();
      // In order: a request never overtakes one received before it, even when the delay shrinks.
      pending.push({ due: Math.max(Date.now() + delayMs, pending.at(-1)?.due ?? 0), take });
      pendingTimer ??= setTimeout(takeDue, delayMs);
    };
    later(() => {
      protocol.onConnect(connection, url);
      connected?.(connection);
    });
    socket.on('message', (data) => {
      if (!this.admitIncoming(connection)) return;
      const text = (data as Buffer).toString('utf8');
      later(() => protocol.onMessage(connection, text, this.config.context(connection)));
    });
    socket.on('ping', () => this.admitIncoming(connection));
    socket.on('pong', () => {
      counters.pongsReceived += 1;
      this.admitIncoming(connection);
    });
    socket.on('close', () => {
      clearTimeout(pendingTimer);
      pending.length = 0;
      timers.forEach(clearTimeout);
      timers.forEach(clearInterval);
      this.open.delete(connection);
      held.clear();
      counters.openConnections -= 1;
    });
    if (this.config.pingIntervalMs > 0) {
      timers.push(setInterval(() => socket.ping(String(this.config.clock())), this.config.pingIntervalMs));
    }
    if (this.config.maxConnectionLifetimeMs > 0) {
      timers.push(setTimeout(() => socket.close(1000, 'connection lifetime reached'), this.config.maxConnectionLifetimeMs));
    }
    if (this.config.replay !== undefined) timers.push(replayTo(connection, this.config.replay));
    return connection;
  }

  /** Records a subscribe request of `connection` in the log and the counters. */
  recordSubscribe(connection: SimConnection, topics: readonly string[], accepted: boolean): void {
    this.config.counters.subscribeRequests += 1;
    if (!accepted) this.config.counters.subscribeRejected += 1;
    this.subscribeLog.push({ connectionId: connection.id, topics, accepted });
  }

  /** True when some connection receives `topic`. */
  subscribed(topic: string): boolean {
    return this.config.audience.subscribed(topic);
  }

  /** The connections holding `topic`. */
  forTopic(topic: string): Iterable<SimConnection> {
    return this.config.audience.forTopic(topic);
  }

  /** The connections holding any topic of `symbol`. */
  forSymbol(symbol: string): Iterable<SimConnection> {
    return this.config.audience.forSymbol(symbol);
  }

  /** Every symbol some connection holds a topic of. */
  symbols(): Iterable<string> {
    return this.config.audience.symbols();
  }

  /** Every symbol some connection holds a kline topic of. */
  klineSymbols(): Iterable<string> {
    return this.config.audience.klineSymbols();
  }

  /** Sends a data frame to every connection; returns how many took it (a stalled venue sends none). */
  broadcast(frame: string): number {
    let sent = 0;
    for (const connection of this.open) if (connection.sendData(frame)) sent += 1;
    return sent;
  }

  /**
   * Counts an incoming message of `connection`; false (the connection closed with 1008, counted once)
   * when it passes the venue's message rate, or is already closing for it.
   */
  private admitIncoming(connection: SimConnection): boolean {
    const { counters, limits } = this.config;
    if (connection.socket.readyState !== connection.socket.OPEN) return false;
    const count = connection.incoming.record(this.config.clock());
    counters.maxMessagesPerSecond = Math.max(counters.maxMessagesPerSecond, count);
    if (limits.maxMessagesPerSecond === undefined || count <= limits.maxMessagesPerSecond) return true;
    counters.refusals.messageRate += 1;
    connection.socket.close(1008, 'Too many requests');
    return false;
  }

  /** Holds every socket's writes until {@link uncork}, so that a tick's frames leave in one write each. */
  cork(): void {
    for (const connection of this.open) connection.cork();
  }

  uncork(): void {
    for (const connection of this.open) connection.uncork();
  }

  /**
   * Stalls (or resumes) each whole socket holding a topic of `symbol` now, or (resuming without one)
   * every socket; sockets opened later are not stalled. Returns how many it stalled or resumed.
   */
  stallSockets(stalled: boolean, symbol?: string): number {
    const sockets = [...(symbol === undefined ? this.open : this.forSymbol(symbol))].filter((c) => stalled || c.stalled);
    for (const connection of sockets) connection.stalled = stalled;
    return sockets.length;
  }

  /**
   * Terminates every socket (or each holding a topic of `symbol`) without a close frame (the client
   * sees 1006); returns how many.
   */
  drop(symbol?: string): number {
    const doomed = [...(symbol === undefined ? this.open : this.forSymbol(symbol))];
    for (const connection of doomed) connection.socket.terminate();
    return doomed.length;
  }

  /** Closes every socket with `code`; returns how many. */
  close(code: number, reason: string): number {
    const count = this.open.size;
    for (const connection of this.open) connection.socket.close(code, reason);
    return count;
  }
}

/** Sends the replay's lines to `connection` one per interval, then stops. */
function replayTo(connection: SimConnection, replay: ConnectionReplay): NodeJS.Timeout {
  let next = 0;
  const timer = setInterval(() => {
    const line = replay.lines[next];
    next += 1;
    if (line === undefined) clearInterval(timer);
    else connection.sendData(line);
  }, replay.intervalMs);
  return timer;
}
