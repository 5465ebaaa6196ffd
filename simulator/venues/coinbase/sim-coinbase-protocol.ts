import type { BookMessage } from '../../book-channels.js';
import type { SimConnection } from '../../sim-connection.js';
import type { FaultTrade, ProtocolContext, TradeFrame, VenueProtocol } from '../../sim-venue-protocol.js';
import type { SimulatedMarket, SimulatedTrade, SymbolState } from '../../simulated-market.js';
import { SlidingWindow } from '../../sliding-window.js';
import type { WindowLimit } from '../../venue-limits.js';
import { CoinbaseFrameWriter } from './coinbase-frame-writer.js';
import { coinbaseError, coinbaseTopic } from './coinbase-frames.js';
import type { CoinbaseLimits } from './coinbase-limits.js';
import { COINBASE_LEVEL2 } from './coinbase-level2.js';
import { coinbaseMalformedFrame, coinbaseTradeFrame } from './coinbase-malformed-frames.js';
import { parseCoinbaseRequest, type CoinbaseRequest } from './coinbase-request.js';
import type { CoinbaseSequence } from './coinbase-sequence.js';
import { CoinbaseSessions, type CoinbaseSessionCounters } from './coinbase-sessions.js';

/** The upgrade path of the simulated venue (the real endpoint is the root of `wss://advanced-trade-ws.coinbase.com`). */
export const COINBASE_WS_PATH = '/coinbase';
/** The refusal of a `level2` subscribe past the per-connection cap, as recorded (JKorf/Coinbase.Net#19). */
export const TOO_MANY_L2_STREAMS = 'too many L2 streams requested in a single session';

export interface SimCoinbaseProtocolConfig {
  /** The venue's market: recent trades for `market_trades` snapshots, each product's size decimals. */
  readonly market: SimulatedMarket;
  readonly clock: () => number;
  /** The venue's limits, the same object the venue enforces (`context.limits`): the subscribe deadline and idle cut are timed from here. */
  readonly limits: CoinbaseLimits;
  /** Heartbeat period, ms; default 1000 (one a second, as recorded). */
  readonly heartbeatIntervalMs?: number;
  /** How long the simulated server has been up when the simulator starts, ms; default 41,690,000 as recorded. */
  readonly uptimeAtStartMs?: number;
}

/**
 * Coinbase Advanced Trade market data on `/coinbase`: one channel per subscribe or unsubscribe
 * message (`market_trades`, `ticker`, `level2` with frames on `l2_data`, `heartbeats`), each request
 * answered, after the channel's snapshots, by the connection's cumulative `subscriptions` ack, and
 * refusals as `{"type":"error","message"}`. Every frame of a connection carries the next
 * `sequence_num` of its one counter (see {@link CoinbaseFrameWriter}). Topics inside the simulator
 * are `<channel>:<product>` (`market_trades:BTC-USD`) and `heartbeats`.
 *
 * `market_trades` updates carry one tick's trades of a product (the venue batches 250 ms), newest
 * first; `side` is the maker's. Tickers are pushed as the venue's ticker interval pushes them (on
 * trades and refreshes), not on every match. `level2` is the venue's `CoinbaseLevel2` book channel.
 */
export class SimCoinbaseProtocol implements VenueProtocol {
  readonly sessions: CoinbaseSessions;
  private readonly writer: CoinbaseFrameWriter;
  /** Client messages of the last window: every client of the loopback simulator shares one IP. */
  private messages: SlidingWindow | undefined;
  private lost = 0;

  constructor(private readonly config: SimCoinbaseProtocolConfig) {
    this.writer = new CoinbaseFrameWriter({
      market: config.market,
      clock: config.clock,
      ...(config.uptimeAtStartMs === undefined ? {} : { uptimeAtStartMs: config.uptimeAtStartMs }),
    });
    this.sessions = new CoinbaseSessions({
      clock: config.clock,
      limits: config.limits,
      sequence: this.writer.sequence,
      heartbeat: (connection) => this.writer.heartbeat(connection, config.clock()),
      heartbeatIntervalMs: config.heartbeatIntervalMs ?? 1000,
    });
  }

  /** Each connection's `sequence_num` counter. */
  get sequence(): CoinbaseSequence {
    return this.writer.sequence;
  }

  accepts(pathname: string): boolean {
    return pathname === COINBASE_WS_PATH;
  }

  onConnect(connection: SimConnection): void {
    this.writer.sequence.track(connection, this.config.clock());
    this.sessions.open(connection);
  }

  symbolOf(topic: string): string | undefined {
    const at = topic.indexOf(':');
    return at === -1 ? undefined : topic.slice(at + 1);
  }

  isKlineTopic(): boolean {
    return false;
  }

  onMessage(connection: SimConnection, text: string, context: ProtocolContext): void {
    const limits: CoinbaseLimits = context.limits;
    if (limits.messagesPerIp !== undefined && this.window(limits.messagesPerIp).record(context.now) > limits.messagesPerIp.max) {
      context.refused('messageRate');
      const { max, windowMs } = limits.messagesPerIp;
      connection.reply(coinbaseError(`rate limit exceeded: at most ${max} messages per ${windowMs} ms`));
      return;
    }
    const parsed = parseCoinbaseRequest(text);
    if (!parsed.ok) return connection.reply(coinbaseError(parsed.message));
    if (parsed.request.type === 'subscribe') this.subscribe(connection, parsed.request, context);
    else this.unsubscribe(connection, parsed.request, context.now);
  }

  tradeFrames(connection: SimConnection, trades: readonly SimulatedTrade[], now: number): readonly TradeFrame[] {
    const frames: TradeFrame[] = [];
    for (let start = 0, end = 0; start < trades.length; start = end) {
      const symbol = (trades[start] as SimulatedTrade).symbol;
      end = start + 1;
      while (end < trades.length && (trades[end] as SimulatedTrade).symbol === symbol) end += 1;
      if (!connection.subscriptions.has(coinbaseTopic('market_trades', symbol))) continue;
      const chunk = start === 0 && end === trades.length ? trades : trades.slice(start, end);
      frames.push({ payload: this.writer.trades(connection, chunk, now), trades: chunk });
    }
    return frames;
  }

  stateFrames(connection: SimConnection, state: SymbolState, now: number, kind: 'ticker' | 'book'): readonly string[] {
    if (kind !== 'ticker' || !connection.subscriptions.has(coinbaseTopic('ticker', state.symbol))) return [];
    return [this.writer.ticker(connection, state, now, 'update')];
  }

  bookFrame(connection: SimConnection, message: BookMessage): string {
    return this.writer.book(connection, message, this.config.clock());
  }

  malformedFrame(n: number, symbol: string, now: number): string {
    return coinbaseMalformedFrame(n, symbol, now);
  }

  readonly faultTrade: FaultTrade = { frame: coinbaseTradeFrame, names: { price: 'price', quantity: 'size', time: 'time', side: 'side' } };

  /** A frame of `topic` was lost on its way (a `drop` fault): every connection holding it uses up the number it had. */
  frameLost(topic: string, now: number): void {
    this.lost += this.writer.sequence.skip(topic, now);
  }

  /** Forgets the message-rate window (the control API's `reset`). */
  resetWindows(): void {
    this.messages?.clear();
  }

  /** What the protocol did on its own: deadline and idle closes, heartbeats sent, sequence numbers lost to `drop` faults. */
  counters(): CoinbaseSessionCounters & { readonly framesLost: number } {
    return { ...this.sessions.counters, framesLost: this.lost };
  }

  private subscribe(connection: SimConnection, request: CoinbaseRequest, context: ProtocolContext): void {
    const { channel, productIds } = request;
    const topics = channel === 'heartbeats' ? ['heartbeats'] : productIds.map((id) => coinbaseTopic(channel, id));
    const refusal = this.subscribeRefusal(connection, request, topics, context);
    context.recordSubscribe(topics, refusal === undefined);
    if (refusal !== undefined) return connection.reply(coinbaseError(refusal));
    // Products held already get no second snapshot (observed: a repeated level2 subscribe is accepted, with no snapshot).
    const fresh = topics.filter((topic) => !connection.subscriptions.has(topic));
    for (const topic of fresh) connection.subscriptions.add(topic);
    this.sessions.subscribed(connection);
    for (const topic of fresh) {
      const symbol = this.symbolOf(topic) ?? '';
      if (channel === 'heartbeats') this.sessions.heartbeats(connection, true);
      else if (channel === COINBASE_LEVEL2) for (const frame of context.bookSubscribed(topic)) connection.sendData(frame);
      else if (channel === 'market_trades') connection.sendData(this.writer.tradesSnapshot(connection, symbol, context.now));
      else {
        const state = context.state(symbol);
        if (state !== undefined) connection.sendData(this.writer.ticker(connection, state, context.now, 'snapshot'));
      }
    }
    connection.reply(this.writer.ack(connection, context.now));
  }

  /**
   * Why the venue refuses a subscribe, if it does: a product it does not list (the simulator's
   * wording), or `level2` past the products one connection may hold (the recorded wording).
   */
  private subscribeRefusal(connection: SimConnection, request: CoinbaseRequest, topics: readonly string[], context: ProtocolContext): string | undefined {
    const unknown = request.productIds.find((id) => !context.hasSymbol(id));
    if (unknown !== undefined) return `failure to subscribe: unknown product_id ${unknown}`;
    if (request.channel !== COINBASE_LEVEL2) return undefined;
    if (!topics.every((topic) => context.isBookTopic(topic))) return `failure to subscribe: channel ${COINBASE_LEVEL2} is not served`;
    const limits: CoinbaseLimits = context.limits;
    const cap = limits.maxLevel2ProductsPerConnection;
    if (cap === undefined) return undefined;
    const held = [...connection.subscriptions].filter((topic) => topic.startsWith(`${COINBASE_LEVEL2}:`)).length;
    if (held + topics.filter((topic) => !connection.subscriptions.has(topic)).length <= cap) return undefined;
    context.refused('topicsPerConnection');
    return TOO_MANY_L2_STREAMS;
  }

  /** Unsubscribes the products named, or the whole channel when none are; answered with the ack, as the venue answers. */
  private unsubscribe(connection: SimConnection, request: CoinbaseRequest, now: number): void {
    const { channel, productIds } = request;
    const held = [...connection.subscriptions].filter((topic) => topic === channel || topic.startsWith(`${channel}:`));
    const leaving = productIds.length === 0 ? held : productIds.map((id) => coinbaseTopic(channel, id));
    for (const topic of leaving) connection.subscriptions.delete(topic);
    if (channel === 'heartbeats') this.sessions.heartbeats(connection, false);
    connection.reply(this.writer.ack(connection, now));
  }

  private window(limit: WindowLimit): SlidingWindow {
    if (this.messages?.windowMs !== limit.windowMs) this.messages = new SlidingWindow(limit.windowMs, limit.max * 2);
    return this.messages;
  }
}
