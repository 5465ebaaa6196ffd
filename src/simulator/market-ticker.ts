import type { BookChannels } from './book-channels.js';
import type { SentTradeLog } from './sent-trade-log.js';
import { SIM_KLINE_PUSH_MS, type SimCandles } from './sim-candles.js';
import type { SimConnection } from './sim-connection.js';
import type { SimulatedMarket, SimulatedTrade } from './simulated-market.js';
import type { VenueCounters } from './venue-counters.js';
import type { VenueProtocol } from './venue-protocol.js';

export interface MarketTickerConfig {
  readonly protocol: VenueProtocol;
  /** The venue's prices and trades, per symbol. */
  readonly market: SimulatedMarket;
  /** The venue's depth-book channels; none serves no depth topics. */
  readonly books?: BookChannels;
  /** Candles of the trades generated, for the kline streams. */
  readonly candles: SimCandles;
  /** Each trade per frame that carried it. */
  readonly sentTrades: SentTradeLog;
  /** Counted into: trades generated and sent, book frames sent. */
  readonly counters: VenueCounters;
  /** Trades per second per symbol as of now (0 stops generation). */
  readonly tradesPerSecond: () => number;
  /** How often tickers and best bid/ask are pushed, ms. */
  readonly tickerIntervalMs: number;
}

/** The connections a tick writes to: each one, and whether any receives a topic. */
export interface TickAudience extends Iterable<SimConnection> {
  subscribed(topic: string): boolean;
}

/**
 * Advances a venue's market by each tick and pushes what it generated to the connections: trades,
 * tickers and best bid/ask, depth-book updates, candles. Keeps what is kept per symbol between
 * ticks (the share of a trade owed); what a connection receives is its protocol's choice, from its
 * subscriptions.
 */
export class MarketTicker {
  private readonly budget = new Map<string, number>();
  private sinceTicker = 0;
  private sinceKline = 0;

  constructor(private readonly config: MarketTickerConfig) {}

  /**
   * Advances the market by `elapsedMs` and pushes what it generated. Each symbol's budget of
   * trades accumulates (`tradesPerSecond * elapsedMs`), so a late tick generates all it owes and
   * the rate is exact over time. A symbol's trades of one tick reach the protocol together.
   */
  tick(elapsedMs: number, now: number, connections: TickAudience): void {
    const { market, protocol } = this.config;
    const rate = this.config.tradesPerSecond();
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
      this.publishTrades(trades, now, connections);
    }
    this.sinceTicker += elapsedMs;
    if (this.sinceTicker >= this.config.tickerIntervalMs) {
      this.sinceTicker = 0;
      for (const symbol of market.symbols) {
        const state = market.state(symbol);
        if (state === undefined) continue;
        for (const connection of connections) {
          for (const kind of ['ticker', 'book'] as const) {
            for (const frame of protocol.stateFrames(connection, state, now, kind)) connection.sendData(frame);
          }
        }
      }
    }
    this.publishBooks(elapsedMs, now, connections);
    this.pushCandles(now, elapsedMs, connections);
  }

  private publishTrades(trades: readonly SimulatedTrade[], now: number, connections: TickAudience): void {
    const { counters, candles, sentTrades, protocol } = this.config;
    counters.tradesGenerated += trades.length;
    for (const trade of trades) candles.add(trade);
    for (const connection of connections) {
      for (const frame of protocol.tradeFrames(connection, trades, now)) {
        if (!connection.sendData(frame.payload)) continue;
        counters.tradesSent += frame.trades.length;
        for (const trade of frame.trades) sentTrades.push(connection.id, trade);
      }
    }
  }

  /** Steps the venue's books and sends each update due to the sockets subscribed to its topic. */
  private publishBooks(elapsedMs: number, now: number, connections: TickAudience): void {
    const books = this.config.books;
    if (books === undefined) return;
    for (const message of books.tick(elapsedMs, now, (topic) => connections.subscribed(topic))) {
      for (const connection of connections) {
        if (!connection.subscriptions.has(message.topic)) continue;
        if (connection.sendData(this.config.protocol.bookFrame(connection, message))) this.config.counters.bookFramesSent += 1;
      }
    }
  }

  /** Closed candles as soon as their period ends; open ones every `SIM_KLINE_PUSH_MS`. */
  private pushCandles(now: number, elapsedMs: number, connections: TickAudience): void {
    const send = this.config.protocol.klineFrames;
    if (send === undefined) return;
    const closed = this.config.candles.roll(now);
    this.sinceKline += elapsedMs;
    const open = this.sinceKline >= SIM_KLINE_PUSH_MS ? [...this.config.candles.current()] : [];
    if (open.length > 0) this.sinceKline = 0;
    for (const candle of [...closed, ...open]) {
      for (const connection of connections) for (const frame of send(connection, candle, now)) connection.sendData(frame);
    }
  }
}
