import type { BookMessage } from '../../book-channels.js';
import { IntervalClock } from '../../perpetual/perpetual-venue.js';
import type { SimConnection } from '../../sim-connection.js';
import type { FaultTrade, ProtocolContext, TradeFrame, VenueProtocol } from '../../sim-venue-protocol.js';
import type { SimulatedMarket, SimulatedTrade, SymbolState } from '../../simulated-market.js';
import type { TickAudience } from '../../tick-audience.js';
import { OKX_MARKET_CHANNELS, okxTopic, topicParts, type OkxChannel, type OkxRoute } from './okx-channels.js';
import { okxCandleFrames } from './okx-candles.js';
import { OKX_FAULT_TRADE, okxMalformedFrame } from './okx-malformed-frames.js';
import { noticeFrame } from './okx-replies.js';
import type { OkxArg } from './okx-request.js';
import { handleOkxMessage, type OkxTopics } from './okx-request-handler.js';
import { OkxSessions } from './okx-sessions.js';
import { okxBboFrame, okxTickerFrame, type OkxInstType } from './okx-ticker-frames.js';
import { okxAggregatedTradeFrames, okxTradesAllFrames } from './okx-trade-frames.js';
import type { OkxUnits } from './okx-units.js';

/** `tickers`: "The fastest rate is 1 update/100ms ... The events which can trigger update: trade, the change on best ask/bid" (okx docs-v5 `#order-book-trading-market-data-ws-tickers-channel`). */
export const OKX_TICKERS_INTERVAL_MS = 100;

/** Channels a venue adds to the market's (a swap's derivative channels), with their frames. */
export interface OkxExtraChannels {
  readonly channels: Readonly<Record<string, OkxChannel>>;
  /** The market symbol an arg of one of its channels is about (an index names its swap); undefined for none. */
  symbolOf(channel: string, key: string): string | undefined;
  /** The frames a new subscriber of `channel` for `key` gets at once. */
  firstFrames(channel: string, key: string, now: number): readonly string[];
  /** Pushes its frames due after a generation step. */
  clockFrames(elapsedMs: number, now: number, audience: TickAudience): void;
}

export interface SimOkxProtocolConfig {
  /** The venue's market, its symbols in OKX's spelling (`BTC-USDT`, `BTC-USDT-SWAP`). */
  readonly market: SimulatedMarket;
  readonly instType: OkxInstType;
  /** The venue's WebSocket base: its routes are `<path>/public` and `<path>/business`. */
  readonly path: string;
  readonly units: OkxUnits;
  /** Seeded source of `connId`s. */
  readonly random: () => number;
  /** A connection that sent nothing this long is closed (4004), ms; 0 never. */
  readonly idleCloseMs: number;
  readonly extra?: OkxExtraChannels;
}

/**
 * OKX v5 public WebSocket on `<path>/public` and `<path>/business`: `{"op":"subscribe"|"unsubscribe",
 * "args":[...]}` answered per arg (`{"event":"subscribe","arg","connId"}`, or 60018 for a channel or
 * instrument the route does not serve), the text `ping` answered `pong`, a connection silent for
 * `idleCloseMs` closed with 4004, past `subscribeRequests` an error 60014 and a close. Topics are
 * `<channel>:<instId|instType>`. Trades, `tickers` (each 100 ms boundary after a trade) and
 * `bbo-tbt` (each step its best bid or ask moved) are written here, `books` by `OkxBooks`, the
 * candles by `okxCandleFrames`, a swap's own channels by its `extra`.
 */
export class SimOkxProtocol implements VenueProtocol {
  private readonly channels: Readonly<Record<string, OkxChannel>>;
  private readonly sessions: OkxSessions;
  private readonly encoded = new WeakMap<readonly SimulatedTrade[], { all?: TradeFrame[]; aggregated?: TradeFrame[] }>();
  private readonly written = new WeakMap<object, string>();
  private readonly sequences = new Map<string, number>();
  private readonly bboMoved: Set<string>;
  private readonly tickerMoved: Set<string>;
  private readonly clock = new IntervalClock();
  /** Candle frames, each open candle every second and each closed one at its end (`okxCandleFrames`). */
  readonly klineFrames: NonNullable<VenueProtocol['klineFrames']>;
  private readonly topics: OkxTopics = {
    topicOf: (arg, route) => this.topicOf(arg, route),
    firstFrames: (topic, context) => this.firstFrames(topic, context),
  };

  constructor(private readonly config: SimOkxProtocolConfig) {
    this.channels = { ...OKX_MARKET_CHANNELS, ...config.extra?.channels };
    this.klineFrames = okxCandleFrames(config.instType, config.units);
    this.sessions = new OkxSessions(config.random);
    this.bboMoved = config.market.watch();
    this.tickerMoved = config.market.watch();
  }

  accepts(pathname: string): boolean {
    return pathname === `${this.config.path}/public` || pathname === `${this.config.path}/business`;
  }

  onConnect(connection: SimConnection, url: URL): void {
    this.sessions.open(connection, url.pathname.endsWith('/business') ? 'business' : 'public');
  }

  symbolOf(topic: string): string | undefined {
    const parts = topicParts(topic);
    if (parts === undefined) return undefined;
    return Object.hasOwn(OKX_MARKET_CHANNELS, parts.channel) ? parts.key : this.config.extra?.symbolOf(parts.channel, parts.key);
  }

  isKlineTopic(topic: string): boolean {
    return topic.startsWith('candle');
  }

  onMessage(connection: SimConnection, text: string, context: ProtocolContext): void {
    handleOkxMessage(connection, text, context, this.sessions, this.topics);
  }

  tradeFrames(connection: SimConnection, trades: readonly SimulatedTrade[]): readonly TradeFrame[] {
    const symbol = trades[0]?.symbol;
    if (symbol === undefined) return [];
    const all = connection.subscriptions.has(okxTopic('trades-all', symbol));
    const aggregated = connection.subscriptions.has(okxTopic('trades', symbol));
    if (!all && !aggregated) return [];
    let encoded = this.encoded.get(trades);
    if (encoded === undefined) this.encoded.set(trades, (encoded = {}));
    const { units } = this.config;
    if (all) encoded.all ??= okxTradesAllFrames(symbol, trades, units);
    if (aggregated) encoded.aggregated ??= okxAggregatedTradeFrames(symbol, trades, units, () => this.nextSeqId(symbol));
    return [...(all ? (encoded.all ?? []) : []), ...(aggregated ? (encoded.aggregated ?? []) : [])];
  }

  /** Tickers and best bid/ask are pushed on the venue's own clock (`clockFrames`). */
  stateFrames(): readonly string[] {
    return [];
  }

  bookFrame(_connection: SimConnection, message: BookMessage): string {
    let text = this.written.get(message.payload);
    if (text === undefined) this.written.set(message.payload, (text = JSON.stringify(message.payload)));
    return text;
  }

  /** Closes silent connections, pushes `bbo-tbt` of the instruments whose touch moved, `tickers` at each 100 ms boundary, then the extra channels. */
  clockFrames(elapsedMs: number, now: number, audience: TickAudience): void {
    this.sessions.closeIdle(audience, now, this.config.idleCloseMs);
    this.push(this.bboMoved, 'bbo-tbt', audience, (state) => okxBboFrame(state, this.config.units, this.nextSeqId(state.symbol), now));
    this.clock.advance(elapsedMs);
    if (this.clock.ended(OKX_TICKERS_INTERVAL_MS))
      this.push(this.tickerMoved, 'tickers', audience, (state) => okxTickerFrame(this.config.instType, state, this.config.units, now));
    this.config.extra?.clockFrames(elapsedMs, now, audience);
  }

  malformedFrame(n: number, symbol: string, now: number): string {
    return okxMalformedFrame(n, symbol, now);
  }

  readonly faultTrade: FaultTrade = OKX_FAULT_TRADE;

  /** OKX's notice 30 s before a service upgrade closes the connection (event `notice`, code 64008). */
  readonly shutdownFrame = (connection: SimConnection): string => noticeFrame(this.sessions.of(connection).connId);

  /** The topic an arg names on `route`; undefined when the route does not serve its channel or the venue has no such instrument or type. */
  private topicOf(arg: OkxArg, route: OkxRoute): string | undefined {
    const channel = Object.hasOwn(this.channels, arg.channel) ? this.channels[arg.channel] : undefined;
    if (channel === undefined || channel.route !== route) return undefined;
    if (channel.by === 'instType') return arg.instType === this.config.instType && arg.instId === undefined ? okxTopic(arg.channel, arg.instType) : undefined;
    if (arg.instId === undefined) return undefined;
    const topic = okxTopic(arg.channel, arg.instId);
    const symbol = this.symbolOf(topic);
    return symbol !== undefined && this.config.market.has(symbol) ? topic : undefined;
  }

  /** What a new subscriber of `topic` gets at once: the book's snapshot, the current ticker or best bid/ask, a swap channel's current value. */
  private firstFrames(topic: string, context: ProtocolContext): readonly string[] {
    const parts = topicParts(topic);
    if (parts === undefined) return [];
    const { channel, key } = parts;
    if (channel === 'books') return context.bookSubscribed(topic);
    const state = context.state(key);
    if (channel === 'tickers' && state !== undefined) return [okxTickerFrame(this.config.instType, state, this.config.units, context.now)];
    if (channel === 'bbo-tbt' && state !== undefined) return [okxBboFrame(state, this.config.units, this.nextSeqId(key), context.now)];
    return Object.hasOwn(OKX_MARKET_CHANNELS, channel) ? [] : (this.config.extra?.firstFrames(channel, key, context.now) ?? []);
  }

  /** Writes `frame(state)` to the holders of `channel` of each symbol in `moved` that trades, then forgets them. */
  private push(moved: Set<string>, channel: string, audience: TickAudience, frame: (state: SymbolState) => string): void {
    for (const symbol of moved) {
      const topic = okxTopic(channel, symbol);
      const state = audience.subscribed(topic) && this.config.market.isTrading(symbol) ? this.config.market.state(symbol) : undefined;
      if (state === undefined) continue;
      const text = frame(state);
      for (const connection of audience.forTopic(topic)) connection.sendData(text);
    }
    moved.clear();
  }

  /** The instrument's next `seqId` of `bbo-tbt` and `trades` messages. */
  private nextSeqId(symbol: string): number {
    const next = (this.sequences.get(symbol) ?? ((this.config.market.listing(symbol)?.index ?? 0) + 1) * 1_000_000_000) + 1;
    this.sequences.set(symbol, next);
    return next;
  }
}
