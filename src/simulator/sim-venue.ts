import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { serverShutdownFrame } from './binance-protocol.js';
import type { BinanceDepthRest } from './binance-depth-rest.js';
import type { BookChannels } from './book-channels.js';
import { MarketTicker } from './market-ticker.js';
import { SentTradeLog } from './sent-trade-log.js';
import { SimCandles } from './sim-candles.js';
import type { SimConnection } from './sim-connection.js';
import { SimConnections, type ConnectionReplay, type SubscribeRecord } from './sim-connections.js';
import type { SimulatedMarket } from './simulated-market.js';
import { createVenueCounters, type VenueCounters } from './venue-counters.js';
import { createVenueFaults, type VenueFaults } from './venue-faults.js';
import type { ProtocolContext, SimVenueName, VenueProtocol } from './venue-protocol.js';

export type { SentTrade } from './sent-trade-log.js';

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
  readonly replay?: ConnectionReplay;
  /** The venue's depth-book channels over its simulated books; none serves no depth topics. */
  readonly books?: BookChannels;
  /** The venue's REST API (Binance `GET /api/v3/depth`), served on the simulator's HTTP port. */
  readonly rest?: BinanceDepthRest;
  /** How many sent trades are kept in the log (oldest dropped first). */
  readonly logCapacity: number;
  readonly clock: () => number;
}

/**
 * A simulated venue: its connections and what each subscribed ({@link SimConnections}), its market
 * per symbol and the frames each tick generates from it ({@link MarketTicker}), its faults, and
 * what it sent.
 */
export class SimVenue {
  readonly faults: VenueFaults = createVenueFaults();
  readonly counters: VenueCounters = createVenueCounters();
  /** Each trade per frame that carried it, the last `logCapacity`. */
  readonly sentTrades: SentTradeLog;
  /** Candles of the trades this venue generated, for its kline streams. */
  readonly candles = new SimCandles();
  readonly connections: SimConnections;
  private readonly ticker: MarketTicker;
  private malformedCount = 0;

  constructor(readonly config: SimVenueConfig) {
    this.sentTrades = new SentTradeLog(config.logCapacity);
    this.connections = new SimConnections({
      venue: config.name, protocol: config.protocol, faults: () => this.faults, counters: this.counters, clock: config.clock,
      pingIntervalMs: config.pingIntervalMs, maxConnectionLifetimeMs: config.maxConnectionLifetimeMs,
      ...(config.replay === undefined ? {} : { replay: config.replay }),
      context: (connection) => this.context(connection),
    });
    this.ticker = new MarketTicker({
      protocol: config.protocol, market: config.market, ...(config.books === undefined ? {} : { books: config.books }),
      candles: this.candles, sentTrades: this.sentTrades, counters: this.counters,
      tradesPerSecond: () => this.faults.tradesPerSecond ?? config.tradesPerSecond, tickerIntervalMs: config.tickerIntervalMs,
    });
  }

  /** Each subscribe request, in the order received. */
  get subscribeLog(): readonly SubscribeRecord[] {
    return this.connections.subscribeLog;
  }

  /** Serves a new client; `stream` is its TCP socket, corked while a tick writes (see `SimConnection.cork`). */
  attach(socket: WebSocket, url: URL, id: string, stream?: Duplex): void {
    this.connections.attach(socket, url, id, stream);
  }

  /**
   * Advances the market by `elapsedMs` and pushes what it generated (see `MarketTicker.tick`), then
   * the malformed frames the fault rate asks for. Each socket is corked for the tick, so its frames
   * leave in one write. A replaying venue generates nothing.
   */
  tick(elapsedMs: number): void {
    if (this.config.replay !== undefined) return;
    this.connections.cork();
    try {
      this.ticker.tick(elapsedMs, this.config.clock(), this.connections);
      if (this.faults.malformedRate > 0 && this.config.random() < this.faults.malformedRate) this.sendMalformed(1);
    } finally {
      this.connections.uncork();
    }
  }

  /** Sends `count` malformed frames to every connection. */
  sendMalformed(count: number): void {
    const symbol = this.config.market.symbols[0] ?? 'BTCUSDT';
    for (let i = 0; i < count; i += 1) {
      const frame = this.config.protocol.malformedFrame(this.malformedCount, symbol, this.config.clock());
      this.malformedCount += 1;
      this.counters.malformedSent += this.connections.broadcast(frame);
    }
  }

  /** Sends Binance's `serverShutdown` event to every connection. */
  announceShutdown(): void {
    for (const connection of this.connections) connection.reply(serverShutdownFrame(connection, this.config.clock()));
  }

  /** Terminates every socket without a close frame (the client sees 1006). */
  drop(): number {
    return this.connections.drop();
  }

  /** Closes every socket with `code`. */
  close(code: number, reason: string): number {
    return this.connections.close(code, reason);
  }

  /** What the protocol may ask while handling a request of `connection`: the venue's symbols, states and books. */
  private context(connection: SimConnection): ProtocolContext {
    const { market, books, protocol, clock } = this.config;
    return {
      now: clock(),
      hasSymbol: (symbol) => market.has(symbol),
      state: (symbol) => market.state(symbol),
      recordPing: () => {
        this.counters.pingsReceived += 1;
      },
      isBookTopic: (topic) => books?.accepts(topic) ?? false,
      bookSubscribed: (topic) => {
        const messages = books?.onSubscribe(topic, clock()) ?? [];
        this.counters.bookFramesSent += messages.length;
        return messages.map((m) => protocol.bookFrame(connection, m));
      },
      recordSubscribe: (topics, accepted) => this.connections.recordSubscribe(connection, topics, accepted),
    };
  }
}
