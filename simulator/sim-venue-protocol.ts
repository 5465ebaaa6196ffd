import type { SimCandle } from './sim-candles.js';
import type { SimulatedTrade, SymbolState } from './simulated-market.js';
import type { BookMessage } from './book-channels.js';
import type { SimConnection } from './sim-connection.js';
import type { LimitKind, VenueLimits } from './venue-limits.js';
import type { TickAudience } from './tick-audience.js';

/**
 * One trade frame in a venue's own framing with `fields` laid over the trade's, and the names the venue
 * gives a trade's price, quantity, time and side: what the control API damages to make garbage.
 */
export interface FaultTrade {
  frame(symbol: string, now: number, fields?: Readonly<Record<string, unknown>>): string;
  readonly names: { readonly price: string; readonly quantity: string; readonly time: string; readonly side: string };
}

/** What a venue's wire protocol contributes to the simulator: handshake, requests, frame encoding. */
export interface VenueProtocol {
  /** True when the upgrade path belongs to this venue. */
  accepts(pathname: string): boolean;
  /** Subscriptions given in the URL (Binance `?streams=`, `/ws/<stream>`), and whether frames are wrapped. */
  onConnect(connection: SimConnection, url: URL): void;
  /** The topics an upgrade URL subscribes (checked against the topic limit before the upgrade); none by default. */
  readonly urlTopics?: (url: URL) => readonly string[];
  /**
   * The market symbol a topic is about (`publicTrade.BTCUSDT`, `btcusdt@trade` -> `BTCUSDT`), if any;
   * for a topic of a group of instruments, the group (`tradeGroupOf`).
   */
  symbolOf(topic: string): string | undefined;
  /**
   * The group whose topics carry a symbol's trades besides its own (OKX options' family `BTC-USD`,
   * whose `option-trades` carries every trade of it), as `symbolOf` names a group topic's; absent: none.
   * The holders of a topic of the group are given the symbol's trades too (`tradeFrames`).
   */
  readonly tradeGroupOf?: (symbol: string) => string | undefined;
  /**
   * The group a symbol belongs to, where one topic carries a whole group's frames (Bybit's options:
   * `publicTrade.BTC` every BTC option's trades, `symbolOf` giving `BTC`): a holder of the group's
   * topic holds a topic of each of its symbols. Absent: no topic carries a group.
   */
  readonly symbolGroupOf?: (symbol: string) => string | undefined;
  /** True for a candle topic (`kline.1.BTCUSDT`, `btcusdt@kline_1m`). */
  isKlineTopic(topic: string): boolean;
  /** A client text frame: subscribe, ping, ... */
  onMessage(connection: SimConnection, text: string, context: ProtocolContext): void;
  /**
   * The frames of one tick's trades on this connection (none when it is not subscribed), each with
   * the trades it carries: Bybit packs up to 1024 trades of a symbol into one frame, Binance sends
   * one frame per trade and stream. `trades` are in trade-id order per symbol.
   */
  tradeFrames(connection: SimConnection, trades: readonly SimulatedTrade[], now: number): readonly TradeFrame[];
  /** Ticker and best-bid/ask frames for a symbol's current state on this connection. */
  stateFrames(connection: SimConnection, state: SymbolState, now: number, kind: 'ticker' | 'book'): readonly string[];
  /** The frames of one candle (open or closed) on this connection (none when it is not subscribed). */
  readonly klineFrames?: (connection: SimConnection, candle: SimCandle, now: number) => readonly string[];
  /** A frame the client must refuse; `n` picks which kind of damage. */
  malformedFrame(n: number, symbol: string, now: number): string;
  /** One trade in the venue's framing, for the control API's garbage (`garbage-frames.ts`). */
  readonly faultTrade: FaultTrade;
  /** The id the venue writes for a trade its market made (Bybit linear's UUID); absent: the market's number. */
  readonly venueTradeId?: (symbol: string, tradeId: number) => string;
  /** The venue's notice that it will close its connections soon (Binance's `serverShutdown`); absent: it sends none. */
  readonly shutdownFrame?: (connection: SimConnection, now: number) => string;
  /** An order-book message in this connection's framing (Binance wraps it on combined streams). */
  bookFrame(connection: SimConnection, message: BookMessage): string;
  /**
   * After each generation step, the frames the venue pushes on its own clock, written to the
   * holders in `audience` (Bybit linear's `tickers` every 100 ms and `allLiquidation` every 500 ms,
   * Binance USD-M's mark price every second); absent: none.
   */
  readonly clockFrames?: (elapsedMs: number, now: number, audience: TickAudience) => void;
}

/**
 * A venue that serves each kind of stream on one URL route only (Binance USD-M's `/public` and
 * `/market`, since 2026-04-23): which route serves which kind, changed at run time. A stream asked
 * for on the wrong route is acknowledged and never delivers.
 */
export interface StreamRoutes {
  /** The routes, e.g. `public`, `market`. */
  readonly routes: readonly string[];
  /** The kinds of stream, e.g. `aggTrade`, `depth`. */
  readonly kinds: readonly string[];
  /** Which route serves each kind now. */
  table(): Readonly<Record<string, string>>;
  /** Serves `kind` on `route` from now on: streams held go silent or start delivering at once; returns how many held streams changed. */
  move(kind: string, route: string): number;
}

/** A frame of trades and the trades it carries, so that the simulator counts and logs each trade sent. */
export interface TradeFrame {
  /** The frame's JSON text, or its UTF-8 bytes (sent as a text frame all the same). */
  readonly payload: string | Buffer;
  readonly trades: readonly SimulatedTrade[];
}

/** What a protocol may ask of the simulator while handling a request. */
export interface ProtocolContext {
  readonly now: number;
  hasSymbol(symbol: string): boolean;
  /** Current state of a symbol, for snapshots pushed on subscribe. */
  state(symbol: string): SymbolState | undefined;
  /** Records a subscribe request (its topics) in the simulator's counters. */
  recordSubscribe(topics: readonly string[], accepted: boolean): void;
  /**
   * Puts trades sent to this connection as the venue's backlog of recent trades on subscribe (not as
   * new trades) on the tape, marked `backlog`; they are not counted as trades sent. Absent: the venue
   * sends no backlog.
   */
  readonly recordBacklog?: (trades: readonly { readonly symbol: string; readonly tradeId: number; readonly ts: number }[]) => void;
  /** Counts an application-level ping (Bybit `{"op":"ping"}`). */
  recordPing(): void;
  /** True when `topic` is one of the venue's depth-book topics or streams for a known symbol. */
  isBookTopic(topic: string): boolean;
  /** The frames a new subscriber of a depth-book topic gets first (Bybit's snapshot), in this connection's framing. */
  bookSubscribed(topic: string): readonly string[];
  /** The venue's limits (absent ones are not enforced). */
  readonly limits: VenueLimits;
  /** Counts a request refused by a limit. */
  refused(kind: LimitKind): void;
}

/** A price or size written as a venue decimal string. */
export function decimal(value: number, decimals: number): string {
  return value.toFixed(decimals);
}
