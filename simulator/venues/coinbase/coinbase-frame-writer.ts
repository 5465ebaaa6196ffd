import type { BookMessage } from '../../book-channels.js';
import type { SimConnection } from '../../sim-connection.js';
import type { SimulatedMarket, SimulatedTrade, SymbolState } from '../../simulated-market.js';
import { coinbaseEnvelope, heartbeatEvents, marketTradesEvents, subscriptionsEvents, tickerEvents, type YearRange } from './coinbase-frames.js';
import { CoinbaseSequence } from './coinbase-sequence.js';
import { goTimeString } from './coinbase-time.js';

/** Trades of a `market_trades` snapshot: the venue sends the last 100 (memo §2). */
export const COINBASE_SNAPSHOT_TRADES = 100;

export interface CoinbaseFrameWriterConfig {
  /** The venue's market: recent trades for `market_trades` snapshots, each product's size decimals. */
  readonly market: SimulatedMarket;
  readonly clock: () => number;
  /** How long the simulated server has been up when the simulator starts, ms (the heartbeat counter counts its seconds); default 41,690,000 as recorded. */
  readonly uptimeAtStartMs?: number;
}

/**
 * Writes each frame of a Coinbase connection in the venue's envelope, stamped with the
 * connection's next `sequence_num` and `timestamp` ({@link CoinbaseSequence}) the moment it is
 * written, and keeps what the frames need between them: each product's size decimals and 52-week
 * range, each connection's heartbeat counter, each book message's events as JSON (written once for
 * all the connections it goes to).
 */
export class CoinbaseFrameWriter {
  readonly sequence = new CoinbaseSequence();
  private readonly startedAt: number;
  private readonly sizeDecimalsBySymbol = new Map<string, number>();
  private readonly years = new Map<string, YearRange>();
  private readonly heartbeatCounters = new WeakMap<SimConnection, number>();
  private readonly eventsJson = new WeakMap<object, string>();

  constructor(private readonly config: CoinbaseFrameWriterConfig) {
    this.startedAt = config.clock() - (config.uptimeAtStartMs ?? 41_690_000);
  }

  /** A `market_trades` update of one product's trades (given oldest first), written newest first as the venue does. */
  trades(connection: SimConnection, trades: readonly SimulatedTrade[], now: number): string {
    const first = trades[0];
    if (first === undefined) throw new RangeError('a market_trades update needs a trade');
    const events = marketTradesEvents('update', first.symbol, [...trades].reverse(), first.priceDecimals, this.sizeDecimals(first.symbol));
    return coinbaseEnvelope('market_trades', this.sequence.stamp(connection, now), events);
  }

  /** The `market_trades` snapshot of a product: its last 100 trades (or fewer, all the market made), newest first. */
  tradesSnapshot(connection: SimConnection, symbol: string, now: number): string {
    const { market } = this.config;
    const trades = market.recentTrades(symbol, COINBASE_SNAPSHOT_TRADES).reverse();
    const events = marketTradesEvents('snapshot', symbol, trades, market.state(symbol)?.priceDecimals ?? 2, this.sizeDecimals(symbol));
    return coinbaseEnvelope('market_trades', this.sequence.stamp(connection, now), events);
  }

  ticker(connection: SimConnection, state: SymbolState, now: number, type: 'snapshot' | 'update'): string {
    return coinbaseEnvelope('ticker', this.sequence.stamp(connection, now), tickerEvents(type, state, this.year(state), this.sizeDecimals(state.symbol)));
  }

  /** An `l2_data` frame of a level2 message (`payload.events`). */
  book(connection: SimConnection, message: BookMessage, now: number): string {
    let events = this.eventsJson.get(message.payload);
    if (events === undefined) {
      events = JSON.stringify(message.payload['events'] ?? []);
      this.eventsJson.set(message.payload, events);
    }
    return coinbaseEnvelope('l2_data', this.sequence.stamp(connection, now), events);
  }

  /** The cumulative `subscriptions` ack of what the connection holds now (a control frame: it does not count as data). */
  ack(connection: SimConnection, now: number): string {
    return coinbaseEnvelope('subscriptions', this.sequence.stamp(connection, now, false), subscriptionsEvents(connection.subscriptions));
  }

  /** A heartbeat: the counter counts the simulated server's seconds up, + 1 at least per frame on a connection. */
  heartbeat(connection: SimConnection, now: number): string {
    const uptime = now - this.startedAt;
    const counter = Math.max((this.heartbeatCounters.get(connection) ?? -1) + 1, Math.floor(uptime / 1000));
    this.heartbeatCounters.set(connection, counter);
    const stamp = this.sequence.stamp(connection, now);
    // The venue reads the time a little before it stamps the frame (recorded: 1.5 ms).
    const currentTime = goTimeString(now - 1, (counter * 104_729) % 1_000_000, uptime - 1);
    return coinbaseEnvelope('heartbeats', stamp, heartbeatEvents(currentTime, counter));
  }

  /** A product's 52-week range: seeded wide around the day's first figures, then widened by the day's extremes. */
  private year(state: SymbolState): YearRange {
    const known = this.years.get(state.symbol);
    const range = {
      low: Math.min(known?.low ?? Math.min(state.low, state.open) * 0.62, state.low),
      high: Math.max(known?.high ?? Math.max(state.high, state.open) * 1.94, state.high),
    };
    this.years.set(state.symbol, range);
    return range;
  }

  private sizeDecimals(symbol: string): number {
    let decimals = this.sizeDecimalsBySymbol.get(symbol);
    if (decimals === undefined) {
      decimals = this.config.market.listing(symbol)?.sizeDecimals ?? 8;
      this.sizeDecimalsBySymbol.set(symbol, decimals);
    }
    return decimals;
  }
}
