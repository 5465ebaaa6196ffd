import type { BookMessage } from '../../book-channels.js';
import type { SimConnection } from '../../sim-connection.js';
import type { SimulatedMarket, SimulatedTrade, SymbolState } from '../../simulated-market.js';
import type { FaultTrade, ProtocolContext, TradeFrame, VenueProtocol } from '../../sim-venue-protocol.js';
import { KRAKEN_BOOK_DEPTHS, krakenBookTopic } from './kraken-book.js';
import { krakenJson } from './kraken-json.js';
import { TokenBucket, type KrakenVenueLimits } from './kraken-limits.js';
import { krakenFaultTradeFrame, krakenMalformedFrame } from './kraken-malformed-frames.js';
import { ackReply, errorReply, HEARTBEAT_FRAME, krakenConnectionId, pongReply, statusFrame, type ReplyTimes } from './kraken-replies.js';
import { parseKrakenRequest, type KrakenSubscription } from './kraken-request.js';
import { krakenTickerFrame, tickerDue, type KrakenTickerTrigger, type TickerMark } from './kraken-ticker-frames.js';
import { KRAKEN_TRADE_SNAPSHOT_SIZE, krakenTradeFrame, type PairDecimals } from './kraken-trade-frames.js';

export interface KrakenProtocolConfig {
  /** The venue's market, its symbols Kraken v2 names (`BTC/USD`), each listing with the pair's price and lot decimals. */
  readonly market: SimulatedMarket;
  /** Seeded source of the connections' `connection_id`s. */
  readonly random: () => number;
  /** How often a connection with subscriptions that sent nothing is sent a heartbeat, ms. Default 1000 ("approximately once every second"); 0: none. */
  readonly heartbeatMs?: number;
}

/** What the protocol keeps per connection. */
interface ConnectionState {
  readonly connectionId: string;
  /** Per symbol with a `ticker` subscription: its trigger and what it got last. */
  readonly tickers: Map<string, { readonly trigger: KrakenTickerTrigger; mark?: TickerMark }>;
  bucket?: TokenBucket;
}

/** The simulator's topic of a subscription's symbol: `trade:BTC/USD`, `ticker:BTC/USD`, `book.25:BTC/USD`. */
function topicOf(request: KrakenSubscription, symbol: string): string {
  return request.channel === 'book' ? krakenBookTopic(request.depth, symbol) : `${request.channel}:${symbol}`;
}

/** Time between receiving a request and answering it, µs (the recorded acks show 34 to 48 µs). */
const ANSWER_MICROS = 40;

/**
 * Kraken Spot WebSocket v2 (`/v2`): a `status` frame first; `subscribe`/`unsubscribe` of `trade`,
 * `ticker` and `book` with a list of symbols, answered with one acknowledgement or error per symbol,
 * then the snapshot asked for; `ping` answered with `pong`; a `heartbeat` about once a second on a
 * connection with subscriptions when nothing else was sent. Topics: `trade:BTC/USD`,
 * `ticker:BTC/USD`, `book.10:BTC/USD` (see `KrakenBook`). Past `wsRequestRate` a request is answered
 * `Exceeded msg rate` and not served, the connection kept.
 */
export class SimKrakenProtocol implements VenueProtocol {
  private readonly connections = new WeakMap<SimConnection, ConnectionState>();
  private readonly decimalsBySymbol = new Map<string, PairDecimals>();
  /** The last batch of trades and its frame per symbol: every connection gets the same text. */
  private batch: { readonly trades: readonly SimulatedTrade[]; readonly frames: Map<string, TradeFrame> } | undefined;

  constructor(private readonly config: KrakenProtocolConfig) {}

  accepts(pathname: string): boolean {
    return pathname === '/v2';
  }

  symbolOf(topic: string): string | undefined {
    const at = topic.indexOf(':');
    return at <= 0 ? undefined : topic.slice(at + 1);
  }

  isKlineTopic(): boolean {
    return false;
  }

  onConnect(connection: SimConnection): void {
    connection.reply(statusFrame(this.stateOf(connection).connectionId));
    const every = this.config.heartbeatMs ?? 1000;
    if (every <= 0) return;
    let seen = connection.framesSent;
    const timer = setInterval(() => {
      if (connection.subscriptions.size > 0 && connection.framesSent === seen) connection.sendData(HEARTBEAT_FRAME);
      seen = connection.framesSent;
    }, every);
    timer.unref();
    connection.socket.on('close', () => clearInterval(timer));
  }

  onMessage(connection: SimConnection, text: string, context: ProtocolContext): void {
    const at: ReplyTimes = { inMicros: context.now * 1000, outMicros: context.now * 1000 + ANSWER_MICROS };
    const request = parseKrakenRequest(text);
    const method = request.kind === 'invalid' ? request.method : request.kind;
    const rate = (context.limits as KrakenVenueLimits).wsRequestRate;
    const state = this.stateOf(connection);
    if (rate !== undefined && !(state.bucket ??= new TokenBucket(rate, context.now)).take(context.now)) {
      context.refused('messageRate');
      return connection.reply(errorReply('Exceeded msg rate', method, request.reqId, undefined, at));
    }
    if (request.kind === 'invalid') return connection.reply(errorReply(request.error, request.method, request.reqId, undefined, at));
    if (request.kind === 'ping') {
      context.recordPing();
      return connection.reply(pongReply(request.reqId, at));
    }
    if (request.kind === 'unsubscribe') return this.unsubscribe(connection, request, at);
    let refusals = 0;
    for (const symbol of request.symbols) {
      const topic = topicOf(request, symbol);
      const refusal = this.refusal(connection, request, symbol, topic, context);
      if (refusal !== undefined) {
        refusals += 1;
        connection.reply(errorReply(refusal, 'subscribe', request.reqId, symbol, at));
        continue;
      }
      connection.subscriptions.add(topic);
      connection.reply(ackReply(request, symbol, at));
      this.sendSnapshot(connection, request, symbol, topic, context);
    }
    context.recordSubscribe(
      request.symbols.map((s) => topicOf(request, s)),
      refusals === 0,
    );
  }

  tradeFrames(connection: SimConnection, trades: readonly SimulatedTrade[]): readonly TradeFrame[] {
    if (this.batch?.trades !== trades) this.batch = { trades, frames: new Map() };
    const frames: TradeFrame[] = [];
    for (let start = 0, end = 0; start < trades.length; start = end) {
      const symbol = (trades[start] as SimulatedTrade).symbol;
      for (end = start + 1; end < trades.length && (trades[end] as SimulatedTrade).symbol === symbol;) end += 1;
      if (!connection.subscriptions.has(`trade:${symbol}`)) continue;
      let frame = this.batch.frames.get(symbol);
      if (frame === undefined) {
        const chunk = start === 0 && end === trades.length ? trades : trades.slice(start, end);
        frame = { payload: krakenTradeFrame(this.config.market, 'update', symbol, chunk, this.decimals(symbol)), trades: chunk };
        this.batch.frames.set(symbol, frame);
      }
      frames.push(frame);
    }
    return frames;
  }

  stateFrames(connection: SimConnection, state: SymbolState, now: number, kind: 'ticker' | 'book'): readonly string[] {
    const ticker = kind === 'ticker' ? this.connections.get(connection)?.tickers.get(state.symbol) : undefined;
    if (ticker === undefined || !connection.subscriptions.has(`ticker:${state.symbol}`) || !tickerDue(ticker.trigger, state, ticker.mark)) return [];
    ticker.mark = { lastTradeId: state.lastTradeId, bid: state.bid, ask: state.ask };
    return [krakenTickerFrame('update', state, this.decimals(state.symbol), now)];
  }

  bookFrame(_connection: SimConnection, message: BookMessage): string {
    return krakenJson(message.payload);
  }

  malformedFrame(n: number, symbol: string, now: number): string {
    return krakenMalformedFrame(n, symbol, now);
  }

  readonly faultTrade: FaultTrade = { frame: krakenFaultTradeFrame, names: { price: 'price', quantity: 'qty', time: 'timestamp', side: 'side' } };

  /** Kraken's notice of maintenance: a `status` update with `system: "maintenance"` (sent when the engine's status changes). */
  readonly shutdownFrame = (connection: SimConnection): string => statusFrame(this.stateOf(connection).connectionId, 'maintenance');

  /** Why a symbol of a subscribe request is refused, in the venue's words where known. */
  private refusal(connection: SimConnection, request: KrakenSubscription, symbol: string, topic: string, context: ProtocolContext): string | undefined {
    if (!context.hasSymbol(symbol) || (request.channel === 'book' && !context.isBookTopic(topic))) return `Currency pair not supported ${symbol}`;
    const held =
      request.channel === 'book'
        ? KRAKEN_BOOK_DEPTHS.some((d) => connection.subscriptions.has(krakenBookTopic(d, symbol)))
        : connection.subscriptions.has(topic);
    // The simulator's wording: the venue's answer to a repeated subscription is not documented.
    if (held) return 'Already subscribed';
    const max = context.limits.maxTopicsPerConnection;
    if (max !== undefined && connection.subscriptions.size >= max) {
      context.refused('topicsPerConnection');
      return 'Exceeded max subscriptions';
    }
    return undefined;
  }

  private sendSnapshot(connection: SimConnection, request: KrakenSubscription, symbol: string, topic: string, context: ProtocolContext): void {
    if (request.channel === 'book') {
      const frames = context.bookSubscribed(topic);
      if (request.snapshot) for (const frame of frames) connection.sendData(frame);
      return;
    }
    if (request.channel === 'trade') {
      if (!request.snapshot) return;
      const trades = this.config.market.recentTrades(symbol, KRAKEN_TRADE_SNAPSHOT_SIZE);
      connection.sendData(krakenTradeFrame(this.config.market, 'snapshot', symbol, trades, this.decimals(symbol)));
      return;
    }
    const state = context.state(symbol);
    const mark = state === undefined ? undefined : { lastTradeId: state.lastTradeId, bid: state.bid, ask: state.ask };
    this.stateOf(connection).tickers.set(symbol, { trigger: request.eventTrigger, ...(mark === undefined ? {} : { mark }) });
    if (request.snapshot && state !== undefined) connection.sendData(krakenTickerFrame('snapshot', state, this.decimals(symbol), context.now));
  }

  private unsubscribe(connection: SimConnection, request: KrakenSubscription, at: ReplyTimes): void {
    for (const symbol of request.symbols) {
      const depth = KRAKEN_BOOK_DEPTHS.find((d) => connection.subscriptions.has(krakenBookTopic(d, symbol)));
      const topic = request.channel === 'book' ? (depth === undefined ? undefined : krakenBookTopic(depth, symbol)) : `${request.channel}:${symbol}`;
      // The simulator's wording (v1 answered "Subscription Not Found").
      if (topic === undefined || !connection.subscriptions.delete(topic))
        connection.reply(errorReply('Subscription Not Found', 'unsubscribe', request.reqId, symbol, at));
      else connection.reply(ackReply({ ...request, depth: depth ?? request.depth }, symbol, at));
      if (request.channel === 'ticker') this.connections.get(connection)?.tickers.delete(symbol);
    }
  }

  private stateOf(connection: SimConnection): ConnectionState {
    let state = this.connections.get(connection);
    if (state === undefined) {
      state = { connectionId: krakenConnectionId(this.config.random), tickers: new Map() };
      this.connections.set(connection, state);
    }
    return state;
  }

  /** The pair's price and lot decimals, from its listing. */
  private decimals(symbol: string): PairDecimals {
    let decimals = this.decimalsBySymbol.get(symbol);
    if (decimals === undefined) {
      const listing = this.config.market.listing(symbol);
      decimals = { price: listing?.priceDecimals ?? 2, qty: listing?.sizeDecimals ?? 8 };
      this.decimalsBySymbol.set(symbol, decimals);
    }
    return decimals;
  }
}
