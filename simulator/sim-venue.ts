import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { BookChannels } from './book-channels.js';
import { ConnectionGate } from './connection-gate.js';
import { MarketTicker } from './market-ticker.js';
import type { PerIpWindows } from './per-ip-windows.js';
import { SentTradeLog } from './sent-trade-log.js';
import type { SimRestApi, SimRestFaults } from './sim-rest-api.js';
import { SimCandles } from './sim-candles.js';
import type { SimConnection } from './sim-connection.js';
import { SimConnections, type ConnectionReplay, type SubscribeRecord } from './sim-connections.js';
import type { SimulatedMarket } from './simulated-market.js';
import type { SimUniverse } from './sim-universe.js';
import { TopicAudience } from './topic-audience.js';
import { createVenueCounters, type VenueCounters } from './venue-counters.js';
import { createVenueFaults, type VenueFaults } from './venue-faults.js';
import type { VenueLimits } from './venue-limits.js';
import type { ProtocolContext, StreamRoutes, VenueProtocol } from './sim-venue-protocol.js';
import type { PerpetualVenue } from './perpetual/perpetual-venue.js';
import type { VenueOwnActions } from './venue-own-actions.js';
import type { SimVenueId } from './sim-venue-id.js';

export type { SentTrade } from './sent-trade-log.js';

export interface SimVenueConfig {
  readonly name: SimVenueId;
  /** How the venue writes an instrument's symbol (`BTCUSDT`, `BTC-USD`), for instruments listed at run time. */
  readonly symbolOf: (base: string, quote: string) => string;
  readonly protocol: VenueProtocol;
  readonly market: SimulatedMarket;
  readonly random: () => number;
  /** Generated trades per second of each symbol without a rate of its own (0 stops generation). */
  readonly tradesPerSecond: number;
  /** How often tickers and best bid/ask are pushed, ms. */
  readonly tickerIntervalMs: number;
  /** An unchanged symbol's ticker is pushed again after this long, ms; default every interval (`MarketTickerConfig.tickerRefreshMs`). */
  readonly tickerRefreshMs?: number;
  /** Counters to count into (shared with the venue's REST API); default fresh ones. */
  readonly counters?: VenueCounters;
  /** The venue's limits; default none enforced. */
  readonly limits?: VenueLimits;
  /** Connection attempts per IP counted with another venue's, where both are one venue's markets on one URL (Bitget's); default its own. */
  readonly connectionAttempts?: PerIpWindows;
  /** The instruments this venue can list at run time (the control API's `list`). */
  readonly universe?: SimUniverse;
  /** Server ping frames every this many ms; 0 for none. */
  readonly pingIntervalMs: number;
  /** Close each connection with 1000 after this long (Binance's 24 h cut); 0 for never. */
  readonly maxConnectionLifetimeMs: number;
  /** Frames replayed, in order, to every new connection instead of generated data. */
  readonly replay?: ConnectionReplay;
  /** The venue's depth-book channels over its simulated books; none serves no depth topics. */
  readonly books?: BookChannels;
  /** The venue's REST API with the control API's REST faults (Binance's), when it has them; also its `restApi`. */
  readonly rest?: SimRestFaults;
  /** The venue's REST API on the simulator's HTTP port (Binance `/api/v3/...`, Bybit `/v5/market/...`). */
  readonly restApi?: SimRestApi;
  /** A perpetual-futures venue's mark, index, funding, open interest and liquidations (Bybit linear, Binance USD-M); none on spot venues. */
  readonly perpetual?: PerpetualVenue;
  /** The stream routes of a venue that routes streams by URL path (Binance USD-M), for the control API's `route`; none elsewhere. */
  readonly routes?: StreamRoutes;
  /** What only this venue does (expiries, heartbeat faults), for the control API's `expire` and `heartbeat-fault`; none: neither. */
  readonly own?: VenueOwnActions;
  /** How many sent trades (and liquidations made) are kept in the logs (oldest dropped first). */
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
  readonly counters: VenueCounters;
  /** Each trade per frame that carried it, the last `logCapacity`. */
  readonly sentTrades: SentTradeLog;
  /** Candles of the trades this venue generated, for its kline streams. */
  readonly candles = new SimCandles();
  readonly connections: SimConnections;
  /** Who holds which topic. */
  readonly audience: TopicAudience;
  /** Upgrade attempts and the limits on them. */
  readonly gate: ConnectionGate;
  readonly limits: VenueLimits;
  private readonly ticker: MarketTicker;
  private malformedCount = 0;

  constructor(readonly config: SimVenueConfig) {
    this.counters = config.counters ?? createVenueCounters();
    this.sentTrades = new SentTradeLog(config.logCapacity);
    this.limits = config.limits ?? {};
    this.audience = new TopicAudience(
      (topic) => config.protocol.symbolOf(topic),
      (topic) => config.protocol.isKlineTopic(topic),
      config.protocol.symbolGroupOf,
    );
    this.gate = new ConnectionGate(this.limits, this.counters, config.connectionAttempts);
    this.connections = new SimConnections({
      venue: config.name,
      protocol: config.protocol,
      faults: () => this.faults,
      counters: this.counters,
      clock: config.clock,
      audience: this.audience,
      limits: this.limits,
      pingIntervalMs: config.pingIntervalMs,
      maxConnectionLifetimeMs: config.maxConnectionLifetimeMs,
      ...(config.replay === undefined ? {} : { replay: config.replay }),
      context: (connection) => this.context(connection),
    });
    this.ticker = new MarketTicker({
      protocol: config.protocol,
      market: config.market,
      ...(config.books === undefined ? {} : { books: config.books }),
      candles: this.candles,
      sentTrades: this.sentTrades,
      counters: this.counters,
      rateOverride: () => this.faults.tradesPerSecond,
      tradesPerSecond: config.tradesPerSecond,
      random: config.random,
      tickerIntervalMs: config.tickerIntervalMs,
      ...(config.tickerRefreshMs === undefined ? {} : { tickerRefreshMs: config.tickerRefreshMs }),
    });
  }

  /** Each subscribe request, in the order received. */
  get subscribeLog(): readonly SubscribeRecord[] {
    return this.connections.subscribeLog;
  }

  /** Serves a new client; `stream` is its TCP socket, corked while a tick writes (see `SimConnection.cork`). */
  attach(socket: WebSocket, url: URL, id: string, stream?: Duplex): void {
    // Depth streams named in the URL (Binance) start their books' sequences once the venue took them.
    this.connections.attach(socket, url, id, stream, (connection) => {
      const books = this.config.books;
      for (const topic of connection.subscriptions)
        if (books?.accepts(topic) === true) books.onSubscribe(topic, this.config.clock(), this.audience.holders(topic) > 1);
    });
  }

  /**
   * Advances the market by `elapsedMs` and pushes what it generated (see `MarketTicker.tick`), then
   * the frames the venue pushes on its own clock (`VenueProtocol.clockFrames`), then the malformed
   * frames the fault rate asks for. Each socket is corked for the tick, so its frames leave in one
   * write. A replaying venue generates nothing.
   */
  tick(elapsedMs: number): void {
    if (this.config.replay !== undefined) return;
    this.connections.cork();
    try {
      const now = this.config.clock();
      this.ticker.tick(elapsedMs, now, this.connections);
      this.config.protocol.clockFrames?.(elapsedMs, now, this.connections);
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

  /** Sends the venue's notice of a coming shutdown (Binance's `serverShutdown`) to every connection; false when the venue has none. */
  announceShutdown(): boolean {
    const notice = this.config.protocol.shutdownFrame;
    if (notice === undefined) return false;
    for (const connection of this.connections) connection.reply(notice(connection, this.config.clock()));
    return true;
  }

  /** Terminates every socket (or those holding a topic of `symbol`) without a close frame (the client sees 1006); returns how many. */
  drop(symbol?: string): number {
    return this.connections.drop(symbol);
  }

  /**
   * Stops (or resumes) data frames while keeping sockets open and answering pings: on the whole
   * venue, sockets opened later included, or on the sockets holding a topic of `symbol` now.
   * Resuming the venue resumes those sockets too. Returns how many open sockets it stalled or resumed.
   */
  stall(stalled: boolean, symbol?: string): number {
    if (symbol !== undefined) return this.connections.stallSockets(stalled, symbol);
    const wasStalled = this.faults.stalled;
    this.faults.stalled = stalled;
    if (stalled) return this.connections.size;
    const resumed = this.connections.stallSockets(false);
    return wasStalled ? this.connections.size : resumed;
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
        const messages = books?.onSubscribe(topic, clock(), this.audience.holders(topic) > 1) ?? [];
        this.counters.bookFramesSent += messages.length;
        return messages.map((m) => protocol.bookFrame(connection, m));
      },
      recordSubscribe: (topics, accepted) => this.connections.recordSubscribe(connection, topics, accepted),
      recordBacklog: (trades) => {
        for (const trade of trades) this.sentTrades.push(connection.id, trade, true);
      },
      limits: this.limits,
      refused: (kind) => {
        this.counters.refusals[kind] += 1;
      },
    };
  }
}
