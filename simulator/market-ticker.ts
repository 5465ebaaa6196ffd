import type { BookChannels } from './book-channels.js';
import { RateSchedule } from './rate-schedule.js';
import type { SentTradeLog } from './sent-trade-log.js';
import { SIM_KLINE_PUSH_MS, type SimCandles } from './sim-candles.js';
import type { SimulatedMarket, SimulatedTrade } from './simulated-market.js';
import type { VenueCounters } from './venue-counters.js';
import type { VenueProtocol } from './sim-venue-protocol.js';
import type { TickAudience } from './tick-audience.js';

export type { TickAudience } from './tick-audience.js';

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
  /** Trades per second of every symbol as of now, overriding the symbols' own rates (a load step); undefined: their own. */
  readonly rateOverride: () => number | undefined;
  /** Trades per second of a symbol without a rate of its own. */
  readonly tradesPerSecond: number;
  /** The seeded source of the random gaps of symbols whose trades arrive as a Poisson process (`arrivals: 'poisson'`); none: every symbol's are steady. */
  readonly random?: () => number;
  /** How often tickers and best bid/ask are pushed, ms. */
  readonly tickerIntervalMs: number;
  /**
   * A symbol's ticker is pushed when it traded since its last push, or when this long passed
   * without one (Bybit re-sends an unchanged `orderbook.1` every 3 s). Default `tickerIntervalMs`:
   * every interval.
   */
  readonly tickerRefreshMs?: number;
}

/**
 * Advances a venue's market by each tick and pushes what it generated to the connections that hold
 * its topics: trades, tickers and best bid/ask, depth-book updates, candles. Trades are scheduled
 * per symbol by its rate ({@link RateSchedule}), so a tick visits the symbols due, not every
 * symbol; frames are written only to the connections holding one of the symbol's topics.
 */
export class MarketTicker {
  private readonly schedule = new RateSchedule<string>();
  /** Symbols that traded since the last ticker push. */
  private readonly traded: Set<string>;
  private readonly lastTicker = new Map<string, number>();
  private clock = 0;
  private sinceTicker = 0;
  private sinceKline = 0;
  private synced: { version: number; override: number | undefined } | undefined;

  constructor(private readonly config: MarketTickerConfig) {
    this.traded = config.market.watch();
  }

  /**
   * Advances the market by `elapsedMs` and pushes what it generated. Each symbol accrues
   * `rate * elapsedMs` of trades and carries its fraction, so a late tick generates all it owes and
   * the rate is exact over time. A symbol's trades of one tick reach the protocol together.
   */
  tick(elapsedMs: number, now: number, connections: TickAudience): void {
    const { market } = this.config;
    this.syncRates();
    this.clock += elapsedMs;
    for (const [symbol, count] of this.schedule.due(this.clock)) {
      const trades: SimulatedTrade[] = [];
      for (let n = 0; n < count; n += 1) {
        const trade = market.nextTrade(symbol, now);
        if (trade !== undefined) trades.push(trade);
      }
      if (trades.length > 0) this.publishTrades(symbol, trades, now, connections);
    }
    this.sinceTicker += elapsedMs;
    if (this.sinceTicker >= this.config.tickerIntervalMs) {
      this.sinceTicker = 0;
      this.pushTickers(now, connections);
    }
    this.publishBooks(elapsedMs, now, connections);
    this.pushCandles(now, elapsedMs, connections);
  }

  /** After a listing change or a new override, every symbol's rate as of now (0 for one not trading). */
  private syncRates(): void {
    const { market } = this.config;
    const override = this.config.rateOverride();
    if (this.synced?.version === market.version && this.synced.override === override) return;
    this.synced = { version: market.version, override };
    for (const listing of market.listings()) {
      const rate = listing.status !== 'trading' ? 0 : (override ?? listing.tradesPerSecond ?? this.config.tradesPerSecond);
      this.schedule.set(listing.symbol, rate, this.clock, listing.arrivals === 'poisson' ? this.config.random : undefined);
    }
  }

  private publishTrades(symbol: string, trades: readonly SimulatedTrade[], now: number, connections: TickAudience): void {
    const { counters, candles, sentTrades, protocol } = this.config;
    counters.tradesGenerated += trades.length;
    for (const trade of trades) candles.add(trade);
    const group = protocol.tradeGroupOf?.(symbol);
    const audience = group === undefined ? connections.forSymbol(symbol) : new Set([...connections.forSymbol(symbol), ...connections.forSymbol(group)]);
    for (const connection of audience) {
      for (const frame of protocol.tradeFrames(connection, trades, now)) {
        if (!connection.sendData(frame.payload)) continue;
        counters.tradesSent += frame.trades.length;
        for (const trade of frame.trades) sentTrades.push(connection.id, trade);
      }
    }
  }

  /** Tickers and best bid/ask of the symbols someone follows that traded since, or went unpushed for `tickerRefreshMs`. */
  private pushTickers(now: number, connections: TickAudience): void {
    const { market, protocol } = this.config;
    const refreshMs = this.config.tickerRefreshMs ?? this.config.tickerIntervalMs;
    for (const symbol of connections.symbols()) {
      const last = this.lastTicker.get(symbol);
      if (!this.traded.has(symbol) && last !== undefined && this.clock - last < refreshMs) continue;
      if (!market.isTrading(symbol)) continue;
      const state = market.state(symbol);
      if (state === undefined) continue;
      this.lastTicker.set(symbol, this.clock);
      for (const connection of connections.forSymbol(symbol)) {
        for (const kind of ['ticker', 'book'] as const) {
          for (const frame of protocol.stateFrames(connection, state, now, kind)) connection.sendData(frame);
        }
      }
    }
    this.traded.clear();
  }

  /** Steps the venue's books and sends each update due to the sockets subscribed to its topic. */
  private publishBooks(elapsedMs: number, now: number, connections: TickAudience): void {
    const books = this.config.books;
    if (books === undefined) return;
    for (const message of books.tick(elapsedMs, now, (topic) => connections.subscribed(topic))) {
      for (const connection of connections.forTopic(message.topic)) {
        if (connection.sendData(this.config.protocol.bookFrame(connection, message))) this.config.counters.bookFramesSent += 1;
      }
    }
  }

  /** Closed candles as soon as their period ends; open ones of the symbols someone follows every `SIM_KLINE_PUSH_MS`. */
  private pushCandles(now: number, elapsedMs: number, connections: TickAudience): void {
    const send = this.config.protocol.klineFrames;
    if (send === undefined) return;
    const { candles } = this.config;
    for (const candle of candles.roll(now)) {
      for (const connection of connections.forSymbol(candle.symbol)) for (const frame of send(connection, candle, now)) connection.sendData(frame);
    }
    this.sinceKline += elapsedMs;
    if (this.sinceKline < SIM_KLINE_PUSH_MS) return;
    let pushed = false;
    for (const symbol of connections.klineSymbols()) {
      for (const candle of candles.current(symbol)) {
        pushed = true;
        for (const connection of connections.forSymbol(symbol)) for (const frame of send(connection, candle, now)) connection.sendData(frame);
      }
    }
    if (pushed) this.sinceKline = 0;
  }
}
