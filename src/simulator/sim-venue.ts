import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { serverShutdownFrame } from './binance-protocol.js';
import type { BinanceDepthRest } from './binance-depth-rest.js';
import type { BookChannels } from './book-channels.js';
import type { SimulatedMarket, SimulatedTrade } from './simulated-market.js';
import { SIM_KLINE_PUSH_MS, SimCandles } from './sim-candles.js';
import { SentTradeLog } from './sent-trade-log.js';
import { SimConnection, type VenueFaults } from './sim-connection.js';
import type { ProtocolContext, SimVenueName, VenueProtocol } from './venue-protocol.js';

export type { SentTrade } from './sent-trade-log.js';

/** Counters of one venue, for tests that reconcile what was sent with what arrived. */
export interface VenueCounters {
  connectionsAccepted: number;
  upgradesRefused: number;
  openConnections: number;
  tradesGenerated: number;
  tradesSent: number;
  subscribeRequests: number;
  subscribeRejected: number;
  malformedSent: number;
  pongsReceived: number;
  pingsReceived: number;
  /** Order-book frames (snapshots and deltas) written to sockets. */
  bookFramesSent: number;
}

export interface SimVenueConfig {
  readonly name: SimVenueName;
  readonly protocol: VenueProtocol;
  readonly market: SimulatedMarket;
  readonly random: () => number;
  /** Generated trades per second per symbol (0 stops generation). */
  readonly tradesPerSecond: number;
  /** How often tickers and best bid/ask are pushed, ms. */
  readonly tickerIntervalMs: number;
  /** Server ping frames every this many ms; 0 for none. */
  readonly pingIntervalMs: number;
  /** Close each connection with 1000 after this long (Binance's 24 h cut); 0 for never. */
  readonly maxConnectionLifetimeMs: number;
  /** Frames replayed, in order, to every new connection instead of generated data. */
  readonly replay?: { readonly lines: readonly string[]; readonly intervalMs: number };
  /** The venue's depth-book channels over its simulated books; none serves no depth topics. */
  readonly books?: BookChannels;
  /** The venue's REST API (Binance `GET /api/v3/depth`), served on the simulator's HTTP port. */
  readonly rest?: BinanceDepthRest;
  /** How many sent trades are kept in the log (oldest dropped first). */
  readonly logCapacity: number;
  readonly clock: () => number;
}

/** A simulated venue: its connections, faults, market generation and what it sent. */
export class SimVenue {
  readonly faults: VenueFaults = { stalled: false, slowDownMs: 0, malformedRate: 0 };
  readonly connections = new Set<SimConnection>();
  readonly counters: VenueCounters = {
    connectionsAccepted: 0, upgradesRefused: 0, openConnections: 0, tradesGenerated: 0, tradesSent: 0,
    subscribeRequests: 0, subscribeRejected: 0, malformedSent: 0, pongsReceived: 0, pingsReceived: 0, bookFramesSent: 0,
  };
  /** Each trade per frame that carried it, the last `logCapacity`. */
  readonly sentTrades: SentTradeLog;
  readonly subscribeLog: { readonly connectionId: string; readonly topics: readonly string[]; readonly accepted: boolean }[] = [];
  /** Candles of the trades this venue generated, for its kline streams. */
  readonly candles = new SimCandles();
  private budget = new Map<string, number>();
  private sinceTicker = 0;
  private sinceKline = 0;
  private malformedCount = 0;

  constructor(readonly config: SimVenueConfig) {
    this.sentTrades = new SentTradeLog(config.logCapacity);
  }

  /** Serves a new client; `stream` is its TCP socket, corked while a tick writes (see `SimConnection.cork`). */
  attach(socket: WebSocket, url: URL, id: string, stream?: Duplex): void {
    const connection = new SimConnection({ id, venue: this.config.name, socket, faults: () => this.faults, ...(stream === undefined ? {} : { stream }) });
    const timers: NodeJS.Timeout[] = [];
    this.connections.add(connection);
    this.counters.connectionsAccepted += 1;
    this.counters.openConnections += 1;
    this.config.protocol.onConnect(connection, url);
    socket.on('message', (data) => {
      const context = this.context(connection);
      this.config.protocol.onMessage(connection, (data as Buffer).toString('utf8'), context);
    });
    socket.on('pong', () => {
      this.counters.pongsReceived += 1;
    });
    socket.on('close', () => {
      timers.forEach(clearTimeout);
      timers.forEach(clearInterval);
      this.connections.delete(connection);
      this.counters.openConnections -= 1;
    });
    if (this.config.pingIntervalMs > 0) {
      timers.push(setInterval(() => socket.ping(String(this.config.clock())), this.config.pingIntervalMs));
    }
    if (this.config.maxConnectionLifetimeMs > 0) {
      timers.push(setTimeout(() => socket.close(1000, 'connection lifetime reached'), this.config.maxConnectionLifetimeMs));
    }
    const replay = this.config.replay;
    if (replay !== undefined) {
      let next = 0;
      const timer = setInterval(() => {
        const line = replay.lines[next];
        next += 1;
        if (line === undefined) clearInterval(timer);
        else connection.sendData(line);
      }, replay.intervalMs);
      timers.push(timer);
    }
  }

  /**
   * Advances the market by `elapsedMs` and pushes what it generated. Each symbol's budget of
   * trades accumulates (`tradesPerSecond * elapsedMs`), so a late tick generates all it owes and
   * the rate is exact over time. A symbol's trades of one tick reach the protocol together, and
   * each socket is corked for the tick, so its frames leave in one write.
   */
  tick(elapsedMs: number): void {
    if (this.config.replay !== undefined) return;
    for (const connection of this.connections) connection.cork();
    try {
      this.advance(elapsedMs);
    } finally {
      for (const connection of this.connections) connection.uncork();
    }
  }

  private advance(elapsedMs: number): void {
    const now = this.config.clock();
    const { market, protocol } = this.config;
    const rate = this.faults.tradesPerSecond ?? this.config.tradesPerSecond;
    for (const symbol of market.symbols) {
      const budget = (this.budget.get(symbol) ?? 0) + (rate * elapsedMs) / 1000;
      const count = Math.floor(budget);
      this.budget.set(symbol, budget - count);
      if (count < 1) continue;
      const trades: SimulatedTrade[] = [];
      for (let n = 0; n < count; n += 1) {
        const trade = market.nextTrade(symbol, now);
        if (trade !== undefined) trades.push(trade);
      }
      this.publishTrades(trades, now);
    }
    this.sinceTicker += elapsedMs;
    if (this.sinceTicker >= this.config.tickerIntervalMs) {
      this.sinceTicker = 0;
      for (const symbol of market.symbols) {
        const state = market.state(symbol);
        if (state === undefined) continue;
        for (const connection of this.connections) {
          for (const kind of ['ticker', 'book'] as const) {
            for (const frame of protocol.stateFrames(connection, state, now, kind)) connection.sendData(frame);
          }
        }
      }
    }
    this.publishBooks(elapsedMs, now);
    this.pushCandles(now, elapsedMs);
    if (this.faults.malformedRate > 0 && this.config.random() < this.faults.malformedRate) this.sendMalformed(1);
  }

  /** Closed candles as soon as their period ends; open ones every `SIM_KLINE_PUSH_MS`. */
  private pushCandles(now: number, elapsedMs: number): void {
    const send = this.config.protocol.klineFrames;
    if (send === undefined) return;
    const closed = this.candles.roll(now);
    this.sinceKline += elapsedMs;
    const open = this.sinceKline >= SIM_KLINE_PUSH_MS ? [...this.candles.current()] : [];
    if (open.length > 0) this.sinceKline = 0;
    for (const candle of [...closed, ...open]) {
      for (const connection of this.connections) for (const frame of send(connection, candle, now)) connection.sendData(frame);
    }
  }

  /** Steps the venue's books and sends each update due to the sockets subscribed to its topic. */
  private publishBooks(elapsedMs: number, now: number): void {
    const books = this.config.books;
    if (books === undefined) return;
    const subscribed = (topic: string): boolean => [...this.connections].some((c) => c.subscriptions.has(topic));
    for (const message of books.tick(elapsedMs, now, subscribed)) {
      for (const connection of this.connections) {
        if (!connection.subscriptions.has(message.topic)) continue;
        if (connection.sendData(this.config.protocol.bookFrame(connection, message))) this.counters.bookFramesSent += 1;
      }
    }
  }

  /** Sends `count` malformed frames to every connection. */
  sendMalformed(count: number): void {
    const symbol = this.config.market.symbols[0] ?? 'BTCUSDT';
    for (let i = 0; i < count; i += 1) {
      const frame = this.config.protocol.malformedFrame(this.malformedCount, symbol, this.config.clock());
      this.malformedCount += 1;
      for (const connection of this.connections) if (connection.sendData(frame)) this.counters.malformedSent += 1;
    }
  }

  /** Sends Binance's `serverShutdown` event to every connection. */
  announceShutdown(): void {
    for (const connection of this.connections) connection.reply(serverShutdownFrame(connection, this.config.clock()));
  }

  /** Terminates every socket without a close frame (the client sees 1006). */
  drop(): number {
    const count = this.connections.size;
    for (const connection of this.connections) connection.socket.terminate();
    return count;
  }

  /** Closes every socket with `code`. */
  close(code: number, reason: string): number {
    const count = this.connections.size;
    for (const connection of this.connections) connection.socket.close(code, reason);
    return count;
  }

  private publishTrades(trades: readonly SimulatedTrade[], now: number): void {
    this.counters.tradesGenerated += trades.length;
    for (const trade of trades) this.candles.add(trade);
    for (const connection of this.connections) {
      for (const frame of this.config.protocol.tradeFrames(connection, trades, now)) {
        if (!connection.sendData(frame.payload)) continue;
        this.counters.tradesSent += frame.trades.length;
        for (const trade of frame.trades) this.sentTrades.push(connection.id, trade);
      }
    }
  }

  private context(connection: SimConnection): ProtocolContext {
    return {
      now: this.config.clock(),
      hasSymbol: (symbol) => this.config.market.has(symbol),
      state: (symbol) => this.config.market.state(symbol),
      recordPing: () => {
        this.counters.pingsReceived += 1;
      },
      isBookTopic: (topic) => this.config.books?.accepts(topic) ?? false,
      bookSubscribed: (topic) => {
        const messages = this.config.books?.onSubscribe(topic, this.config.clock()) ?? [];
        this.counters.bookFramesSent += messages.length;
        return messages.map((m) => this.config.protocol.bookFrame(connection, m));
      },
      recordSubscribe: (topics, accepted) => {
        this.counters.subscribeRequests += 1;
        if (!accepted) this.counters.subscribeRejected += 1;
        this.subscribeLog.push({ connectionId: connection.id, topics, accepted });
      },
    };
  }
}
