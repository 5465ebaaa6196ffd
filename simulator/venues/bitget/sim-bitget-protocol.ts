import type { BookMessage } from '../../book-channels.js';
import type { PerpetualMarket } from '../../perpetual/perpetual-market.js';
import type { SimConnection } from '../../sim-connection.js';
import type { FaultTrade, ProtocolContext, TradeFrame, VenueProtocol } from '../../sim-venue-protocol.js';
import type { SimulatedMarket, SimulatedTrade, SymbolState } from '../../simulated-market.js';
import { SlidingWindow } from '../../sliding-window.js';
import type { TickAudience } from '../../tick-audience.js';
import type { VenueCounters } from '../../venue-counters.js';
import {
  BITGET_CHANNELS,
  bitgetAck,
  bitgetBooks1,
  bitgetError,
  bitgetFaultTrade,
  bitgetFuturesTicker,
  bitgetMalformedFrame,
  bitgetSpotTicker,
  bitgetTopic,
  bitgetTopicParts,
  bitgetTradeFrames,
  bitgetTradeId,
  bitgetTradeSnapshot,
  bitgetUnknownArg,
  type BitgetArg,
} from './bitget-frames.js';
import type { BitgetVenueLimits } from './bitget-limits.js';
import type { BitgetUnits } from './bitget-units.js';

/**
 * How long a connection may go without sending `ping`, ms (docs "Websocket API", Connect: "If the
 * server does not receive a "ping" within 2 minutes, the connection will be disconnected").
 */
export const BITGET_IDLE_CLOSE_MS = 120_000;

/** "The connection will be forcibly disconnected every 24 hours" (docs "Websocket API", Connect). */
export const BITGET_LIFETIME_MS = 86_400_000;

/** Trades in the `snapshot` a subscriber of `trade` gets first (the docs' example is trimmed; the simulator's choice). */
export const BITGET_TRADE_SNAPSHOT = 50;

/** How the venue closes a connection: the docs say it is "disconnected" and give no code; the simulator's codes and reasons. */
export const BITGET_CLOSES = {
  idle: { code: 1000, reason: 'no ping in 2 minutes' },
  requests: { code: 1008, reason: 'request over limit,connection close' },
  connections: { code: 1008, reason: 'too many connections from this IP' },
} as const;

/** Open connections of one IP to Bitget's socket, both markets together (the simulator's clients are one IP, loopback). */
export interface BitgetIpConnections {
  open: number;
}

export interface SimBitgetProtocolConfig {
  /** The venue's market, its symbols written as Bitget does (`BTCUSDT`). */
  readonly market: SimulatedMarket;
  readonly units: BitgetUnits;
  /** The path it answers on. */
  readonly path: string;
  /** USDT-M futures' mark, index, funding and open interest; none on spot. */
  readonly perpetual?: PerpetualMarket;
  /** A connection that sent no `ping` this long is closed, ms; 0 never. */
  readonly idleCloseMs: number;
  /** The venue's limits as built (the per-IP connections are counted here). */
  readonly limits: BitgetVenueLimits;
  readonly counters: VenueCounters;
  /** The IP's open connections, shared with the other Bitget market. */
  readonly ipConnections: BitgetIpConnections;
}

/** What the venue keeps per connection. */
interface BitgetSession {
  /** When it last sent `ping` (or, until it did, when the venue first looked), ms. */
  lastPingAt: number | undefined;
  /** Its subscribe and unsubscribe requests of the last hour, once it sent one. */
  requests?: SlidingWindow;
}

/** A client request read: the text `ping`, a subscribe or unsubscribe with its arguments, or what Bitget refuses. */
type BitgetRequest =
  | { readonly kind: 'ping' }
  | { readonly kind: 'subscribe' | 'unsubscribe'; readonly args: readonly BitgetArg[] }
  | { readonly kind: 'invalid'; readonly code: number; readonly msg: string };

const isObject = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads a client frame as Bitget takes it (docs "Websocket API", Subscribe, Unsubscribe): the text
 * `ping`, or `{"op":"subscribe"|"unsubscribe","args":[{"instType","channel","instId"}]}`. Text that is
 * no such JSON is 30002 "illegal request"; another `op` 30003 "invalid op".
 */
export function parseBitgetRequest(text: string): BitgetRequest {
  if (text === 'ping') return { kind: 'ping' };
  const illegal: BitgetRequest = { kind: 'invalid', code: 30002, msg: 'illegal request' };
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch {
    return illegal;
  }
  if (!isObject(request)) return illegal;
  const op = request['op'];
  if (op !== 'subscribe' && op !== 'unsubscribe') return { kind: 'invalid', code: 30003, msg: 'invalid op' };
  const args = request['args'];
  if (!Array.isArray(args) || args.length === 0) return illegal;
  const read: BitgetArg[] = [];
  for (const arg of args) {
    if (!isObject(arg)) return illegal;
    const { instType, channel, instId } = arg;
    if (typeof instType !== 'string' || typeof channel !== 'string' || typeof instId !== 'string') return illegal;
    read.push({ instType, channel, instId });
  }
  return { kind: op, args: read };
}

/**
 * Bitget's public WebSocket API v2 (`wss://ws.bitget.com/v2/ws/public`) for one instrument type on
 * one path: `{"op":"subscribe"|"unsubscribe","args":[{instType,channel,instId}]}` answered per
 * argument (`{"event":"subscribe","arg"}`, or 30001 for an instrument type, channel or instrument it
 * does not serve), the text `ping` answered `pong`. Channels `trade` (a snapshot of the last trades,
 * then one update a trade), `ticker`, `books1` (each on the simulator's ticker clock) and `books`
 * (`BitgetBooks`). Limits (`DEFAULT_BITGET_LIMITS`): past 240 subscribe or unsubscribe requests an
 * hour 30007 and a close; past 1,000 channels each argument refused with 30006; past 100 open
 * connections of the IP 30007 and a close; a connection silent of `ping` for `idleCloseMs` closed.
 */
export class SimBitgetProtocol implements VenueProtocol {
  private readonly sessions = new WeakMap<SimConnection, BitgetSession>();
  private readonly encoded = new WeakMap<readonly SimulatedTrade[], TradeFrame[]>();
  private readonly written = new WeakMap<object, string>();
  readonly faultTrade: FaultTrade;

  constructor(private readonly config: SimBitgetProtocolConfig) {
    this.faultTrade = bitgetFaultTrade(config.units.instType);
  }

  accepts(pathname: string): boolean {
    return pathname === this.config.path;
  }

  /** Starts the connection's session; one past the IP's open connections is answered 30007 and closed. */
  onConnect(connection: SimConnection): void {
    this.session(connection);
    const { ipConnections, limits, counters } = this.config;
    if (limits.connectionsPerIp !== undefined && ipConnections.open >= limits.connectionsPerIp) {
      counters.refusals.connectionAttempts += 1;
      connection.reply(bitgetError(30007, 'request over limit,connection close'));
      return connection.socket.close(BITGET_CLOSES.connections.code, BITGET_CLOSES.connections.reason);
    }
    ipConnections.open += 1;
    connection.socket.once('close', () => {
      ipConnections.open -= 1;
    });
  }

  symbolOf(topic: string): string | undefined {
    return bitgetTopicParts(topic)?.instId;
  }

  isKlineTopic(): boolean {
    return false;
  }

  onMessage(connection: SimConnection, text: string, context: ProtocolContext): void {
    const request = parseBitgetRequest(text);
    const session = this.session(connection);
    if (request.kind === 'ping') {
      context.recordPing();
      session.lastPingAt = context.now;
      return connection.reply('pong');
    }
    if (request.kind === 'invalid') return connection.reply(bitgetError(request.code, request.msg));
    const limits = context.limits as BitgetVenueLimits;
    if (!this.admitRequest(session, context.now, limits)) {
      context.refused('messageRate');
      connection.reply(bitgetError(30007, 'request over limit,connection close'));
      return connection.socket.close(BITGET_CLOSES.requests.code, BITGET_CLOSES.requests.reason);
    }
    let refusals = 0;
    for (const arg of request.args) {
      if (!this.serves(arg)) {
        refusals += 1;
        connection.reply(bitgetUnknownArg(arg));
        continue;
      }
      const topic = bitgetTopic(arg.channel, arg.instId);
      if (request.kind === 'unsubscribe') {
        connection.subscriptions.delete(topic);
        connection.reply(bitgetAck('unsubscribe', arg));
        continue;
      }
      const max = limits.maxTopicsPerConnection;
      if (max !== undefined && !connection.subscriptions.has(topic) && connection.subscriptions.size >= max) {
        refusals += 1;
        context.refused('topicsPerConnection');
        connection.reply(bitgetError(30006, `request too many: at most ${max} channels a connection`, arg));
        continue;
      }
      connection.subscriptions.add(topic);
      connection.reply(bitgetAck('subscribe', arg));
      for (const frame of this.firstFrames(arg.channel, arg.instId, context)) connection.sendData(frame);
    }
    if (request.kind === 'subscribe')
      context.recordSubscribe(
        request.args.map((arg) => bitgetTopic(arg.channel, arg.instId)),
        refusals === 0,
      );
  }

  tradeFrames(connection: SimConnection, trades: readonly SimulatedTrade[], now: number): readonly TradeFrame[] {
    const symbol = trades[0]?.symbol;
    if (symbol === undefined || !connection.subscriptions.has(bitgetTopic('trade', symbol))) return [];
    let frames = this.encoded.get(trades);
    if (frames === undefined) this.encoded.set(trades, (frames = bitgetTradeFrames(symbol, trades, this.config.units, now)));
    return frames;
  }

  /** `ticker` on the simulator's ticker clock; `books1` on its best bid/ask clock. */
  stateFrames(connection: SimConnection, state: SymbolState, now: number, kind: 'ticker' | 'book'): readonly string[] {
    const channel = kind === 'ticker' ? 'ticker' : 'books1';
    if (!connection.subscriptions.has(bitgetTopic(channel, state.symbol))) return [];
    const frame = kind === 'ticker' ? this.ticker(state, now) : bitgetBooks1(state, this.config.units, now);
    return frame === undefined ? [] : [frame];
  }

  bookFrame(_connection: SimConnection, message: BookMessage): string {
    let text = this.written.get(message.payload);
    if (text === undefined) this.written.set(message.payload, (text = JSON.stringify(message.payload)));
    return text;
  }

  /** Moves the futures' mark, index, funding and open interest on (Bitget's v2 socket serves no liquidations), and closes connections silent of `ping`. */
  clockFrames(_elapsedMs: number, now: number, audience: TickAudience): void {
    this.config.perpetual?.advance(now);
    const idleMs = this.config.idleCloseMs;
    if (idleMs <= 0) return;
    for (const connection of audience) {
      const session = this.session(connection);
      if (session.lastPingAt === undefined) session.lastPingAt = now;
      else if (now - session.lastPingAt >= idleMs) connection.socket.close(BITGET_CLOSES.idle.code, BITGET_CLOSES.idle.reason);
    }
  }

  malformedFrame(n: number, symbol: string, now: number): string {
    return bitgetMalformedFrame(this.config.units.instType, n, symbol, now);
  }

  /** Bitget's 19-digit id of the market's trade. */
  readonly venueTradeId = (_symbol: string, tradeId: number): string => bitgetTradeId(tradeId);

  private session(connection: SimConnection): BitgetSession {
    let session = this.sessions.get(connection);
    if (session === undefined) this.sessions.set(connection, (session = { lastPingAt: undefined }));
    return session;
  }

  /** Counts a subscribe or unsubscribe request at `now`; false when it is past the hour's limit. */
  private admitRequest(session: BitgetSession, now: number, limits: BitgetVenueLimits): boolean {
    const limit = limits.subscribeRequests;
    if (limit === undefined) return true;
    session.requests ??= new SlidingWindow(limit.windowMs, limit.max + 1);
    return session.requests.record(now) <= limit.max;
  }

  /** True for an argument of the venue's instrument type, a channel it serves and an instrument it lists. */
  private serves(arg: BitgetArg): boolean {
    return arg.instType === this.config.units.instType && (BITGET_CHANNELS as readonly string[]).includes(arg.channel) && this.config.market.has(arg.instId);
  }

  private ticker(state: SymbolState, now: number): string | undefined {
    const { perpetual, units } = this.config;
    if (perpetual === undefined) return bitgetSpotTicker(state, units, now);
    const contract = perpetual.state(state.symbol);
    return contract === undefined ? undefined : bitgetFuturesTicker(state, contract, units, now);
  }

  /** What a new subscriber of a channel gets at once: the last trades, the ticker, the best bid and ask, the book's snapshot. */
  private firstFrames(channel: string, symbol: string, context: ProtocolContext): readonly string[] {
    const { market, units } = this.config;
    if (channel === 'books') return context.bookSubscribed(bitgetTopic('books', symbol));
    if (channel === 'trade') {
      const trades = market.recentTrades(symbol, BITGET_TRADE_SNAPSHOT).reverse();
      context.recordBacklog?.(trades.map((t) => ({ symbol, tradeId: t.tradeId, ts: t.ts })));
      return [bitgetTradeSnapshot(symbol, trades, market.listing(symbol)?.priceDecimals ?? 2, units, context.now)];
    }
    const state = market.isTrading(symbol) ? context.state(symbol) : undefined;
    if (state === undefined) return [];
    const frame = channel === 'ticker' ? this.ticker(state, context.now) : bitgetBooks1(state, units, context.now);
    return frame === undefined ? [] : [frame];
  }
}
