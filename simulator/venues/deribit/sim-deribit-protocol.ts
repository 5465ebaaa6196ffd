import type { BookMessage } from '../../book-channels.js';
import { IntervalClock } from '../../perpetual/perpetual-venue.js';
import type { SimConnection } from '../../sim-connection.js';
import type { FaultTrade, ProtocolContext, TradeFrame, VenueProtocol } from '../../sim-venue-protocol.js';
import type { SimulatedMarket, SimulatedTrade } from '../../simulated-market.js';
import type { TickAudience } from '../../tick-audience.js';
import type { HeartbeatFaultAnswer } from '../../venue-own-actions.js';
import { channelParts, DERIBIT_INTERVALS } from './deribit-channels.js';
import type { DeribitExchange } from './deribit-exchange.js';
import type { DeribitFrames } from './deribit-frames.js';
import { DeribitOptionTickers } from './deribit-option-tickers.js';
import { DERIBIT_FAULT_TRADE, deribitMalformedFrame } from './deribit-malformed-frames.js';
import {
  DERIBIT_ERRORS,
  errorReply,
  notification,
  parseDeribitRequest,
  resultReply,
  stringList,
  type DeribitError,
  type DeribitRequest,
} from './deribit-rpc.js';

/** A connection's session: authorized by `public/auth`, and its heartbeat. */
interface Session {
  authorized: boolean;
  heartbeatMs: number;
  nextTestAt: number;
  awaiting: boolean;
}

/** The shortest heartbeat interval, s: "The heartbeat interval in seconds, but not less than 10" (docs.deribit.com `public/set_heartbeat`). */
export const MIN_HEARTBEAT_S = 10;
/** The `test_request` notification (docs.deribit.com `public/set_heartbeat`; `deribit-heartbeat.ndjson`). */
export const TEST_REQUEST = '{"jsonrpc":"2.0","method":"heartbeat","params":{"type":"test_request"}}';
/** How often futures' tickers are pushed on `.100ms`, and every generation step on `.raw` when changed. */
const TICKER_INTERVAL_MS = 100;

export interface SimDeribitProtocolConfig {
  readonly kind: 'future' | 'option';
  readonly path: string;
  readonly market: SimulatedMarket;
  readonly exchange: DeribitExchange;
  readonly frames: DeribitFrames;
  /** The option chain's marks are stepped every this many ms (the options venue only). */
  readonly markStepMs: number;
  readonly clock: () => number;
}

/**
 * Deribit's JSON-RPC socket (docs.deribit.com "JSON-RPC over websocket") for one of its venues:
 * `public/subscribe` and `public/unsubscribe` (`{"channels":[...]}`, answered with the channels taken,
 * a channel of an instrument this venue does not list or of another form left out, as Deribit does),
 * `public/unsubscribe_all`, `public/auth` (`client_credentials` with any non-empty id and secret), the
 * heartbeat (`public/set_heartbeat`, `public/disable_heartbeat`, `public/test`), `public/get_time`.
 * A `.raw` channel without `public/auth` refuses the whole call (13778). Per-IP limits in the shared
 * `DeribitLimiter`. Channels: `trades` and `ticker` (and `book` on futures); a `.100ms` ticker every
 * 100 ms, an option's only when it changed (the chain's marks move every `markStepMs`, 1 s by default;
 * an option's ticker is priced once a mark step or trade, `DeribitOptionTickers`).
 * Heartbeat: a `test_request` every interval; one left unanswered at the next closes the socket (1000,
 * the simulator's choice: Deribit "will immediately close the connection", docs `public/set_heartbeat`).
 */
export class SimDeribitProtocol implements VenueProtocol {
  private readonly sessions = new WeakMap<SimConnection, Session>();
  private readonly tickerClock = new IntervalClock();
  /** The futures' tickers last sent per channel, as JSON without their timestamp (a few instruments: compared whole); the options' by version. */
  private readonly sentTickers = new Map<string, string>();
  private readonly optionTickers: DeribitOptionTickers | undefined;
  private readonly encoded = new WeakMap<readonly SimulatedTrade[], Map<string, TradeFrame[]>>();
  private expiriesSeen = 0;
  /** The heartbeat fault: `public/test` answers are not taken before this time (the control API's `heartbeat-fault`), so sockets with a heartbeat close. */
  private ignoreTestsUntil = -Infinity;

  constructor(private readonly config: SimDeribitProtocolConfig) {
    this.optionTickers = config.kind === 'option' ? new DeribitOptionTickers(config.exchange, config.frames) : undefined;
  }

  accepts(pathname: string): boolean {
    return pathname === this.config.path;
  }

  onConnect(connection: SimConnection): void {
    if (this.config.exchange.limiter.opened(connection)) this.sessions.set(connection, { authorized: false, heartbeatMs: 0, nextTestAt: 0, awaiting: false });
  }

  symbolOf(topic: string): string | undefined {
    return channelParts(topic)?.instrument;
  }

  isKlineTopic(): boolean {
    return false;
  }

  onMessage(connection: SimConnection, text: string, context: ProtocolContext): void {
    const session = this.sessions.get(connection);
    const { limiter } = this.config.exchange;
    if (session === undefined || !limiter.holds(connection)) return;
    const now = context.now;
    const max = limiter.limits.maxFrameBytes;
    if (max !== undefined && Buffer.byteLength(text) > max) {
      limiter.count('oversizedRefused');
      return connection.reply(errorReply(null, DERIBIT_ERRORS.tooLarge, now));
    }
    const parsed = parseDeribitRequest(text);
    if (!parsed.ok) return connection.reply(errorReply(parsed.id, parsed.error, now));
    const { request } = parsed;
    if (request.method !== 'public/subscribe' && !limiter.request(now)) return this.tooMany(connection, request, context);
    const reply = (result: unknown) => connection.reply(resultReply(request.id, result, now));
    const refuse = (error: DeribitError, data?: Readonly<Record<string, unknown>>) => connection.reply(errorReply(request.id, error, now, data));
    switch (request.method) {
      case 'public/subscribe':
        return this.subscribe(connection, session, request, context);
      case 'public/unsubscribe': {
        const channels = stringList(request.params.channels);
        if (channels === undefined) return refuse(DERIBIT_ERRORS.invalidParams, { param: 'channels', reason: 'must be a list of strings' });
        return reply(channels.filter((c) => connection.subscriptions.delete(c)));
      }
      case 'public/unsubscribe_all':
        connection.subscriptions.clear();
        return reply('ok');
      case 'public/set_heartbeat': {
        const interval = request.params.interval;
        if (typeof interval !== 'number' || !(interval >= MIN_HEARTBEAT_S))
          return refuse(DERIBIT_ERRORS.invalidParams, { param: 'interval', reason: `must be a number not less than ${MIN_HEARTBEAT_S}` });
        Object.assign(session, { heartbeatMs: interval * 1000, nextTestAt: now + interval * 1000, awaiting: false });
        return reply('ok');
      }
      case 'public/disable_heartbeat':
        Object.assign(session, { heartbeatMs: 0, awaiting: false });
        return reply('ok');
      case 'public/test':
        context.recordPing();
        if (now >= this.ignoreTestsUntil) session.awaiting = false;
        return reply({ version: '1.2.26' });
      case 'public/get_time':
        return reply(now);
      case 'public/auth': {
        const { grant_type: grant, client_id: id, client_secret: secret } = request.params;
        if (grant !== 'client_credentials' || typeof id !== 'string' || id === '' || typeof secret !== 'string' || secret === '')
          return refuse(DERIBIT_ERRORS.invalidCredentials);
        session.authorized = true;
        return reply({
          access_token: `sim-${connection.id}`,
          expires_in: 31_536_000,
          refresh_token: `sim-refresh-${connection.id}`,
          scope: 'connection mainaccount',
          token_type: 'bearer',
        });
      }
      default:
        return refuse(DERIBIT_ERRORS.methodNotFound);
    }
  }

  tradeFrames(connection: SimConnection, trades: readonly SimulatedTrade[]): readonly TradeFrame[] {
    const symbol = trades[0]?.symbol;
    if (symbol === undefined) return [];
    let byChannel = this.encoded.get(trades);
    if (byChannel === undefined) this.encoded.set(trades, (byChannel = new Map<string, TradeFrame[]>()));
    const frames: TradeFrame[] = [];
    for (const interval of DERIBIT_INTERVALS) {
      const channel = `trades.${symbol}.${interval}`;
      if (!connection.subscriptions.has(channel)) continue;
      let encoded = byChannel.get(channel);
      if (encoded === undefined) byChannel.set(channel, (encoded = [{ payload: notification(channel, this.tradeObjects(trades)), trades }]));
      frames.push(...encoded);
    }
    return frames;
  }

  stateFrames(): readonly string[] {
    return [];
  }

  bookFrame(_connection: SimConnection, message: BookMessage): string {
    return notification(message.topic, message.payload);
  }

  /** Advances the option board (its expiries at 08:00 UTC, its marks every `markStepMs`; options), pushes tickers, ends expired instruments' channels with a last `closed` ticker, and runs heartbeats. */
  clockFrames(elapsedMs: number, now: number, audience: TickAudience): void {
    const { exchange, market, kind } = this.config;
    if (kind === 'option') exchange.board.advance(now, this.config.markStepMs);
    for (const event of exchange.expiries.slice(this.expiriesSeen)) {
      for (const symbol of event.expired) {
        for (const interval of DERIBIT_INTERVALS) this.pushTicker(`ticker.${symbol}.${interval}`, symbol, now, audience, 'closed');
        this.optionTickers?.forget(symbol);
      }
    }
    this.expiriesSeen = exchange.expiries.length;
    this.tickerClock.advance(elapsedMs);
    const boundary = this.tickerClock.ended(TICKER_INTERVAL_MS);
    for (const symbol of this.optionTickers?.visit(boundary) ?? audience.symbols()) {
      if (!market.isTrading(symbol)) continue;
      this.pushTicker(`ticker.${symbol}.raw`, symbol, now, audience);
      if (boundary) this.pushTicker(`ticker.${symbol}.100ms`, symbol, now, audience);
    }
    this.heartbeats(now);
  }

  /**
   * The heartbeat fault (the control API's `heartbeat-fault`): from `now`, for `ms` (absent: until
   * turned off), `public/test` is answered but not taken, so each socket with a heartbeat is closed
   * at its next `test_request` after one left unanswered; `on` false ends it.
   */
  heartbeatFault(on: boolean, now: number, ms?: number): HeartbeatFaultAnswer {
    this.ignoreTestsUntil = !on ? -Infinity : ms === undefined ? Infinity : now + ms;
    const heartbeatSockets = this.config.exchange.limiter.openConnections().filter((c) => (this.sessions.get(c)?.heartbeatMs ?? 0) > 0).length;
    return { on, ...(on && ms !== undefined ? { untilTs: now + ms } : {}), heartbeatSockets };
  }

  malformedFrame(n: number, symbol: string, now: number): string {
    return deribitMalformedFrame(n, symbol, now);
  }

  readonly faultTrade: FaultTrade = DERIBIT_FAULT_TRADE;

  /** The venue's id of a trade, as the client keeps it: its `trade_seq`. */
  readonly venueTradeId = (_symbol: string, tradeId: number): string => String(tradeId);

  private tradeObjects(trades: readonly SimulatedTrade[]): readonly Readonly<Record<string, unknown>>[] {
    const { frames, kind } = this.config;
    return trades.map((t) => (kind === 'option' ? frames.optionTrade(t) : frames.futureTrade(t)));
  }

  /**
   * Sends the ticker of `symbol` on `channel` to its holders when it changed since the last sent: an
   * option's by its version (`DeribitOptionTickers`), a future's compared whole (its timestamp aside).
   */
  private pushTicker(channel: string, symbol: string, now: number, audience: TickAudience, state: 'open' | 'closed' = 'open'): void {
    if (!audience.subscribed(channel)) return;
    const data =
      state === 'open' && this.optionTickers !== undefined ? this.optionTickers.next(channel, symbol, now) : this.changedTicker(channel, symbol, now, state);
    if (data === undefined) return;
    const frame = notification(channel, data);
    for (const connection of audience.forTopic(channel)) connection.sendData(frame);
  }

  /** A future's ticker when it changed since the last sent on `channel` (its timestamp aside), or a last `closed` ticker. */
  private changedTicker(channel: string, symbol: string, now: number, state: 'open' | 'closed'): Readonly<Record<string, unknown>> | undefined {
    const { frames, kind } = this.config;
    const data = kind === 'option' ? frames.optionTicker(symbol, now, state) : frames.futureTicker(symbol, now, state);
    if (data === undefined) return undefined;
    const { timestamp: _ts, ...rest } = data;
    const key = JSON.stringify(rest);
    if (state === 'open' && this.sentTickers.get(channel) === key) return undefined;
    this.sentTickers.set(channel, key);
    return data;
  }

  private heartbeats(now: number): void {
    const { exchange } = this.config;
    for (const connection of exchange.limiter.openConnections()) {
      const session = this.sessions.get(connection);
      if (session === undefined || session.heartbeatMs === 0 || now < session.nextTestAt) continue;
      if (session.awaiting) {
        exchange.limiter.count('testRequestsUnanswered');
        session.heartbeatMs = 0;
        connection.socket.close(1000, 'test_request not answered');
        continue;
      }
      session.awaiting = true;
      session.nextTestAt = now + session.heartbeatMs;
      exchange.limiter.count('testRequestsSent');
      connection.reply(TEST_REQUEST);
    }
  }

  /** Past the credits: error 10028, then the session ends ("terminate the session", docs.deribit.com `articles/rate-limits`). */
  private tooMany(connection: SimConnection, request: DeribitRequest, context: ProtocolContext): void {
    context.refused('messageRate');
    connection.reply(errorReply(request.id, DERIBIT_ERRORS.tooManyRequests, context.now));
    connection.socket.close(1008, 'too_many_requests');
  }

  private subscribe(connection: SimConnection, session: Session, request: DeribitRequest, context: ProtocolContext): void {
    const { exchange, market, kind } = this.config;
    const now = context.now;
    const channels = stringList(request.params.channels);
    const refuse = (error: DeribitError, data?: Readonly<Record<string, unknown>>) => {
      context.recordSubscribe(channels ?? [], false);
      connection.reply(errorReply(request.id, error, now, data));
    };
    if (channels === undefined) return refuse(DERIBIT_ERRORS.invalidParams, { param: 'channels', reason: 'must be a list of strings' });
    const max = exchange.limiter.limits.maxChannelsPerSubscribe;
    if (max !== undefined && channels.length > max) {
      exchange.limiter.count('oversizedRefused');
      context.refused('argsPerRequest');
      return refuse(DERIBIT_ERRORS.tooLarge);
    }
    if (!exchange.limiter.subscribe(channels.length, now)) {
      context.recordSubscribe(channels, false);
      return this.tooMany(connection, request, context);
    }
    if (!session.authorized && channels.some((c) => c.endsWith('.raw'))) {
      exchange.limiter.count('rawRefused');
      return refuse(DERIBIT_ERRORS.rawUnauthorized);
    }
    const taken = channels.filter((channel) => {
      const parts = channelParts(channel);
      if (parts === undefined || !market.has(parts.instrument)) return false;
      if (parts.kind === 'book' && (kind === 'option' || !context.isBookTopic(channel))) return false;
      return true;
    });
    for (const channel of taken) connection.subscriptions.add(channel);
    exchange.limiter.channelsHeld();
    context.recordSubscribe(channels, taken.length > 0 || channels.length === 0);
    connection.reply(resultReply(request.id, taken, now));
    for (const channel of taken) {
      if (channel.startsWith('book.')) for (const frame of context.bookSubscribed(channel)) connection.sendData(frame);
      if (channel.startsWith('ticker.')) this.sentTickers.delete(channel);
      if (channel.startsWith('ticker.')) this.optionTickers?.subscribe(channel);
    }
  }
}
