import type { BookMessage } from '../../book-channels.js';
import type { LiquidationLog } from '../../perpetual/liquidation-log.js';
import type { PerpetualMarket } from '../../perpetual/perpetual-market.js';
import { IntervalClock } from '../../perpetual/perpetual-venue.js';
import type { SimConnection } from '../../sim-connection.js';
import type { FaultTrade, ProtocolContext, TradeFrame, VenueProtocol } from '../../sim-venue-protocol.js';
import type { SimulatedMarket, SimulatedTrade, SymbolState } from '../../simulated-market.js';
import type { TickAudience } from '../../tick-audience.js';
import type { VenueCounters } from '../../venue-counters.js';
import {
  GATE_BOOK_CHANNEL,
  GATE_CHANNELS,
  gateAck,
  gateBookTicker,
  gateConnId,
  gateError,
  gateFaultTrade,
  gateFuturesTicker,
  gateMalformedFrame,
  gatePong,
  gateSpotTicker,
  gateTopic,
  gateTopicParts,
  gateTradeFrames,
} from './gate-frames.js';
import { GATE_ALL_CONTRACTS, GATE_LIQUIDATES_CHANNEL, GATE_LIQUIDATES_WINDOW_MS, GateLiquidates } from './gate-liquidates.js';
import type { GateVenueLimits } from './gate-limits.js';
import type { GateUnits } from './gate-units.js';

/** The interval a book subscription names (`["BTC_USDT","100ms"]`): the one the simulator serves. */
export const GATE_BOOK_INTERVAL = '100ms';
/** The levels a futures book subscription names (`["BTC_USDT","100ms","100"]`): the one the simulator serves. */
export const GATE_BOOK_LEVEL = '100';

/** How the simulator closes a connection past the IP's (undocumented: the simulator's code and reason). */
export const GATE_CLOSES = { connections: { code: 1008, reason: 'too many connections from this IP' } } as const;

/** Open connections of one IP to Gate's sockets, both markets together (the simulator's clients are one IP, loopback). */
export interface GateIpConnections {
  open: number;
}

export interface SimGateProtocolConfig {
  /** The venue's market, its symbols written as Gate does (`BTC_USDT`). */
  readonly market: SimulatedMarket;
  readonly units: GateUnits;
  /** The path it answers on. */
  readonly path: string;
  /** The futures' mark, index, funding and open interest; none on spot. */
  readonly perpetual?: PerpetualMarket;
  /** The log of the liquidations the futures make, each pushed on `futures.public_liquidates`; none on spot. */
  readonly liquidations?: LiquidationLog;
  /** The id Gate writes for the symbol's trade `tradeId` (spot: the venue-wide counter's). */
  readonly tradeIdOf: (symbol: string, tradeId: number) => number;
  readonly limits: GateVenueLimits;
  readonly counters: VenueCounters;
  /** The IP's open connections, shared with the other Gate market. */
  readonly ipConnections: GateIpConnections;
}

/** A client request read: a ping, a subscribe or unsubscribe of one channel, or what Gate refuses. */
type GateRequest =
  | { readonly kind: 'ping'; readonly channel: string }
  | { readonly kind: 'subscribe' | 'unsubscribe'; readonly channel: string; readonly id: number | undefined; readonly payload: readonly string[] }
  | {
      readonly kind: 'invalid';
      readonly channel: string;
      readonly event: string;
      readonly id: number | undefined;
      readonly code: number;
      readonly message: string;
    };

const isObject = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads a client frame as Gate takes it (docs "Request"): `{"time","id"?,"channel","event","payload"}`,
 * or the application ping `{"time","channel":"spot.ping"}`. Text that is no JSON object with a channel
 * is code 1 (invalid request body); an event other than subscribe or unsubscribe, or a payload that is no
 * list of strings, code 1 too.
 */
export function parseGateRequest(text: string): GateRequest {
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch {
    request = undefined;
  }
  if (!isObject(request) || typeof request['channel'] !== 'string')
    return { kind: 'invalid', channel: '', event: '', id: undefined, code: 1, message: 'invalid request body' };
  const { channel, event, payload } = request;
  const rawId = request['id'];
  const id = typeof rawId === 'number' && Number.isSafeInteger(rawId) ? rawId : undefined;
  if (channel.endsWith('.ping')) return { kind: 'ping', channel };
  if (event !== 'subscribe' && event !== 'unsubscribe')
    return { kind: 'invalid', channel, event: typeof event === 'string' ? event : '', id, code: 1, message: 'invalid event' };
  if (!Array.isArray(payload) || !payload.every((p): p is string => typeof p === 'string'))
    return { kind: 'invalid', channel, event, id, code: 1, message: 'invalid request payload' };
  return { kind: event, channel, id, payload };
}

/**
 * Gate's WebSocket API v4 for one market on one path (spot `spot.*`, USDT futures `futures.*`): a request
 * names one channel and its instruments (`order_book_update` one instrument, its interval and, on
 * futures, its levels), answered by an ack echoing its `id` and payload, or refused whole with code 2 for
 * one unknown instrument (`unknown currency pair X`, `unknown contract X`), an unknown channel or an
 * interval not served; `*.ping` answered `*.pong`. Channels `trades` (spot one push a trade, futures a
 * batch), `tickers`, `book_ticker` (each on the simulator's ticker clock) and `order_book_update`
 * (`GateBooks`); on futures `public_liquidates` (`GateLiquidates`), per contract or `!all`. Limits (`DEFAULT_GATE_LIMITS`): past 300 open connections of the IP the connection is
 * closed; no cap on channels or messages.
 */
export class SimGateProtocol implements VenueProtocol {
  private readonly encoded = new WeakMap<readonly SimulatedTrade[], TradeFrame[]>();
  private readonly written = new WeakMap<object, string>();
  private readonly clock = new IntervalClock();
  private readonly liquidates: GateLiquidates;
  readonly faultTrade: FaultTrade;

  constructor(private readonly config: SimGateProtocolConfig) {
    this.faultTrade = gateFaultTrade(config.units.kind);
    this.liquidates = new GateLiquidates(config.units);
  }

  accepts(pathname: string): boolean {
    return pathname === this.config.path;
  }

  /** Counts the connection against the IP's; one past them is closed at once. */
  onConnect(connection: SimConnection): void {
    const { ipConnections, limits, counters } = this.config;
    if (limits.connectionsPerIp !== undefined && ipConnections.open >= limits.connectionsPerIp) {
      counters.refusals.connectionAttempts += 1;
      return connection.socket.close(GATE_CLOSES.connections.code, GATE_CLOSES.connections.reason);
    }
    ipConnections.open += 1;
    connection.socket.once('close', () => {
      ipConnections.open -= 1;
    });
  }

  /** The contract a topic is about; none for every contract's liquidations (`public_liquidates:!all`). */
  symbolOf(topic: string): string | undefined {
    const symbol = gateTopicParts(topic)?.symbol;
    return symbol === GATE_ALL_CONTRACTS ? undefined : symbol;
  }

  isKlineTopic(): boolean {
    return false;
  }

  onMessage(connection: SimConnection, text: string, context: ProtocolContext): void {
    const market = this.config.units.kind;
    const now = context.now;
    const request = parseGateRequest(text);
    if (request.kind === 'ping') {
      if (request.channel !== `${market}.ping`)
        return connection.reply(gateError(request.channel, '', undefined, 2, `unknown channel ${request.channel}`, now));
      context.recordPing();
      return connection.reply(gatePong(market, now));
    }
    if (request.kind === 'invalid') return connection.reply(gateError(request.channel, request.event, request.id, request.code, request.message, now));
    const { channel, id, payload } = request;
    const refusal = this.refusal(channel, payload);
    const name = channel.slice(market.length + 1);
    const symbols = name === GATE_BOOK_CHANNEL ? payload.slice(0, 1) : payload;
    const topics = refusal === undefined ? symbols.map((symbol) => gateTopic(name, symbol)) : [];
    if (request.kind === 'subscribe') context.recordSubscribe(topics.length > 0 ? topics : symbols.map((s) => gateTopic(name, s)), refusal === undefined);
    if (refusal !== undefined) return connection.reply(gateError(channel, request.kind, id, 2, refusal, now));
    const connId = gateConnId(connection.id);
    if (request.kind === 'unsubscribe') {
      for (const topic of topics) connection.subscriptions.delete(topic);
      return connection.reply(gateAck(channel, 'unsubscribe', id, payload, connId, now));
    }
    const fresh = topics.filter((topic) => !connection.subscriptions.has(topic));
    for (const topic of fresh) connection.subscriptions.add(topic);
    connection.reply(gateAck(channel, 'subscribe', id, payload, connId, now));
    for (const topic of fresh) for (const frame of this.firstFrames(topic, context)) connection.sendData(frame);
  }

  tradeFrames(connection: SimConnection, trades: readonly SimulatedTrade[], now: number): readonly TradeFrame[] {
    const symbol = trades[0]?.symbol;
    if (symbol === undefined || !connection.subscriptions.has(gateTopic('trades', symbol))) return [];
    let frames = this.encoded.get(trades);
    if (frames === undefined) {
      const { units, tradeIdOf } = this.config;
      this.encoded.set(trades, (frames = gateTradeFrames(symbol, trades, units, (tradeId) => tradeIdOf(symbol, tradeId), now)));
    }
    return frames;
  }

  /** `tickers` on the simulator's ticker clock; `book_ticker` on its best bid/ask clock. */
  stateFrames(connection: SimConnection, state: SymbolState, now: number, kind: 'ticker' | 'book'): readonly string[] {
    const channel = kind === 'ticker' ? 'tickers' : 'book_ticker';
    if (!connection.subscriptions.has(gateTopic(channel, state.symbol))) return [];
    const frame = kind === 'ticker' ? this.ticker(state, now) : gateBookTicker(state, this.config.units, now);
    return frame === undefined ? [] : [frame];
  }

  bookFrame(_connection: SimConnection, message: BookMessage): string {
    let text = this.written.get(message.payload);
    if (text === undefined) this.written.set(message.payload, (text = JSON.stringify(message.payload)));
    return text;
  }

  /** Moves the futures' mark, index, funding and open interest on; logs the liquidations made and pushes them when due. */
  clockFrames(elapsedMs: number, now: number, audience: TickAudience): void {
    const made = this.config.perpetual?.advance(now) ?? [];
    const { liquidations } = this.config;
    if (liquidations !== undefined) for (const liquidation of made) this.liquidates.add(liquidations.add(liquidation), audience, now);
    this.clock.advance(elapsedMs);
    if (this.clock.ended(GATE_LIQUIDATES_WINDOW_MS)) this.liquidates.windowEnded(audience, now);
  }

  malformedFrame(n: number, symbol: string, now: number): string {
    return gateMalformedFrame(this.config.units.kind, n, symbol, now);
  }

  /** The id Gate writes for the market's trade (spot: the venue-wide counter's). */
  readonly venueTradeId = (symbol: string, tradeId: number): string => String(this.config.tradeIdOf(symbol, tradeId));

  /**
   * Why a request is refused whole (code 2), or undefined: a channel of the other market or not served
   * (liquidations on futures only), a book request whose interval (or futures levels) is not served, an
   * instrument not listed (liquidations also take `!all`).
   */
  private refusal(channel: string, payload: readonly string[]): string | undefined {
    const { market, units } = this.config;
    const prefix = `${units.kind}.`;
    const name = channel.slice(prefix.length);
    const liquidates = name === GATE_LIQUIDATES_CHANNEL && units.kind === 'futures';
    if (!channel.startsWith(prefix) || !(liquidates || (GATE_CHANNELS as readonly string[]).includes(name))) return `unknown channel ${channel}`;
    let symbols = liquidates ? payload.filter((symbol) => symbol !== GATE_ALL_CONTRACTS) : payload;
    if (name === GATE_BOOK_CHANNEL) {
      const [symbol, interval, level] = payload;
      if (interval !== GATE_BOOK_INTERVAL) return `invalid interval ${interval ?? ''}`;
      if (units.kind === 'futures' && level !== GATE_BOOK_LEVEL) return `invalid level ${level ?? ''}`;
      symbols = symbol === undefined ? [] : [symbol];
    }
    const unknown = symbols.find((symbol) => !market.has(symbol));
    if (unknown === undefined) return undefined;
    return units.kind === 'spot' ? `unknown currency pair ${unknown}` : `unknown contract ${unknown}`;
  }

  private ticker(state: SymbolState, now: number): string | undefined {
    const { perpetual, units } = this.config;
    if (perpetual === undefined) return gateSpotTicker(state, units, now);
    const contract = perpetual.state(state.symbol);
    return contract === undefined ? undefined : gateFuturesTicker(state, contract, units, now);
  }

  /** What a new subscriber of a topic gets at once: the ticker, the best bid and ask; nothing on trades, liquidations and books (but the book is started). */
  private firstFrames(topic: string, context: ProtocolContext): readonly string[] {
    const parts = gateTopicParts(topic);
    if (parts === undefined || parts.channel === 'trades' || parts.channel === GATE_LIQUIDATES_CHANNEL) return [];
    if (parts.channel === GATE_BOOK_CHANNEL) return context.bookSubscribed(topic);
    const state = this.config.market.isTrading(parts.symbol) ? context.state(parts.symbol) : undefined;
    if (state === undefined) return [];
    const frame = parts.channel === 'tickers' ? this.ticker(state, context.now) : gateBookTicker(state, this.config.units, context.now);
    return frame === undefined ? [] : [frame];
  }
}
