import type { BookMessage } from '../../book-channels.js';
import type { LiquidationLog } from '../../perpetual/liquidation-log.js';
import type { PerpetualMarket } from '../../perpetual/perpetual-market.js';
import { IntervalClock } from '../../perpetual/perpetual-venue.js';
import type { SimConnection } from '../../sim-connection.js';
import type { FaultTrade, ProtocolContext, TradeFrame, VenueProtocol } from '../../sim-venue-protocol.js';
import type { SimulatedMarket, SimulatedTrade } from '../../simulated-market.js';
import type { TickAudience } from '../../tick-audience.js';
import type { HyperliquidAssetCtx } from './hyperliquid-asset-ctx.js';
import { hyperliquidBbo } from './hyperliquid-bbo.js';
import type { HyperliquidBooks } from './hyperliquid-books.js';
import { hyperliquidCandleFrames } from './hyperliquid-candles.js';
import type { HyperliquidIp } from './hyperliquid-ip.js';
import type { HyperliquidVenueLimits } from './hyperliquid-limits.js';
import { HYPERLIQUID_FAULT_TRADE, hyperliquidMalformedFrame } from './hyperliquid-malformed-frames.js';
import { errorReply, PONG, refusals, subscriptionResponse } from './hyperliquid-replies.js';
import { hyperliquidTopic, parseHyperliquidRequest, topicParts, type HyperliquidSubscription } from './hyperliquid-request.js';
import type { HyperliquidTrades } from './hyperliquid-trades.js';

/** The path of the simulated Hyperliquid's socket (`wss://api.hyperliquid.xyz/ws` there, its one route). */
export const HYPERLIQUID_WS_PATH = '/hyperliquid/ws';

export interface SimHyperliquidProtocolConfig {
  readonly market: SimulatedMarket;
  readonly trades: HyperliquidTrades;
  readonly books: HyperliquidBooks;
  readonly ctx: HyperliquidAssetCtx;
  /** Mark, oracle, funding and open interest, moved by every trade; the liquidations they make go to `liquidations`, never to a stream. */
  readonly perpetual: PerpetualMarket;
  readonly liquidations: LiquidationLog;
  /** The IP's connections, subscriptions, messages and silences. */
  readonly ip: HyperliquidIp;
  readonly clock: () => number;
  /** Trades of the backlog sent on a `trades` subscribe. */
  readonly backlogTrades: number;
  /** A connection that sent nothing this long is closed, ms; 0 never. */
  readonly idleCloseMs: number;
  /** `activeAssetCtx` is pushed every this many ms. */
  readonly assetCtxIntervalMs: number;
}

/**
 * Hyperliquid's WebSocket (hyperliquid.gitbook.io `api/websocket`) on `/hyperliquid/ws`: one
 * subscription per `{"method":"subscribe"|"unsubscribe","subscription":{...}}`, acknowledged with the
 * subscription echoed (`subscriptionResponse`) or refused with `{"channel":"error","data":"..."}`;
 * `{"method":"ping"}` answered `{"channel":"pong"}`; a connection silent for `idleCloseMs` closed; the
 * IP's limits (`HyperliquidVenueLimits`) kept over all its connections. Channels: `trades` (a backlog
 * of the coin's recent trades first on each subscribe, marked on the tape, then live trades), `l2Book`
 * (`HyperliquidBooks`), `bbo` (each step the touch moved), `activeAssetCtx` (every
 * `assetCtxIntervalMs`, and at once on subscribe), `candle`. There is no liquidation channel: a
 * subscription to one is refused as any unknown type is.
 */
export class SimHyperliquidProtocol implements VenueProtocol {
  private readonly encoded = new WeakMap<readonly SimulatedTrade[], TradeFrame[]>();
  private readonly bboMoved: Set<string>;
  private readonly clock = new IntervalClock();
  readonly klineFrames: NonNullable<VenueProtocol['klineFrames']>;

  constructor(private readonly config: SimHyperliquidProtocolConfig) {
    this.bboMoved = config.market.watch();
    this.klineFrames = hyperliquidCandleFrames(config.market);
  }

  accepts(pathname: string): boolean {
    return pathname === HYPERLIQUID_WS_PATH;
  }

  onConnect(connection: SimConnection): void {
    this.config.ip.opened(connection, this.config.clock());
  }

  symbolOf(topic: string): string | undefined {
    return topicParts(topic)?.coin;
  }

  isKlineTopic(topic: string): boolean {
    return topic.startsWith('candle|');
  }

  onMessage(connection: SimConnection, text: string, context: ProtocolContext): void {
    const { ip } = this.config;
    if (!ip.holds(connection)) return;
    if (!ip.message(connection, context.now)) {
      context.refused('messageRate');
      return connection.reply(errorReply(refusals.messages((context.limits as HyperliquidVenueLimits).messagesPerWindow?.max ?? 0)));
    }
    const request = parseHyperliquidRequest(text);
    switch (request.kind) {
      case 'ping':
        context.recordPing();
        return connection.reply(PONG);
      case 'invalid':
        return connection.reply(errorReply(request.error));
      case 'subscribe':
        return this.subscribe(connection, request.subscription, context);
      case 'unsubscribe':
        return this.unsubscribe(connection, request.subscription, context);
    }
  }

  tradeFrames(connection: SimConnection, trades: readonly SimulatedTrade[]): readonly TradeFrame[] {
    const coin = trades[0]?.symbol;
    if (coin === undefined || !connection.subscriptions.has(`trades|${coin}`)) return [];
    let frames = this.encoded.get(trades);
    if (frames === undefined) this.encoded.set(trades, (frames = [{ payload: this.config.trades.message(coin, trades), trades }]));
    return frames;
  }

  /** `bbo` and `activeAssetCtx` are pushed on the venue's own clock (`clockFrames`). */
  stateFrames(): readonly string[] {
    return [];
  }

  bookFrame(_connection: SimConnection, message: BookMessage): string {
    return this.config.books.frame(message);
  }

  /**
   * Reads the contracts' new trades (the liquidations they make are logged, unpublished: Hyperliquid
   * has no public liquidation feed), closes silent connections, pushes `bbo` of each coin whose touch
   * moved, and `activeAssetCtx` at each interval's end.
   */
  clockFrames(elapsedMs: number, now: number, audience: TickAudience): void {
    const { perpetual, liquidations, market, ip, ctx } = this.config;
    for (const liquidation of perpetual.advance(now)) liquidations.add(liquidation).decide(false);
    ip.closeIdle(now, this.config.idleCloseMs);
    for (const coin of this.bboMoved) {
      const topic = `bbo|${coin}`;
      const frame = audience.subscribed(topic) && market.isTrading(coin) ? hyperliquidBbo(market, coin, now) : undefined;
      if (frame !== undefined) for (const connection of audience.forTopic(topic)) connection.sendData(frame);
    }
    this.bboMoved.clear();
    this.clock.advance(elapsedMs);
    if (!this.clock.ended(this.config.assetCtxIntervalMs)) return;
    for (const coin of audience.symbols()) {
      const topic = `activeAssetCtx|${coin}`;
      const frame = audience.subscribed(topic) && market.has(coin) ? ctx.message(coin) : undefined;
      if (frame !== undefined) for (const connection of audience.forTopic(topic)) connection.sendData(frame);
    }
  }

  malformedFrame(n: number, symbol: string, now: number): string {
    return hyperliquidMalformedFrame(n, symbol, now);
  }

  readonly faultTrade: FaultTrade = HYPERLIQUID_FAULT_TRADE;

  /** The `tid` the venue writes for a trade its market made. */
  readonly venueTradeId = (symbol: string, tradeId: number): string => String(this.config.trades.tid(symbol, tradeId));

  /**
   * A subscribe: refused (`Invalid subscription`) for a coin the venue does not list, an aggregated
   * book (`nSigFigs`, `mantissa`: not simulated), one held already, or one past the IP's
   * subscriptions; else acknowledged, then the first frames: the backlog of a `trades`, the book of
   * an `l2Book`, the touch of a `bbo`, the context of an `activeAssetCtx`.
   */
  private subscribe(connection: SimConnection, subscription: HyperliquidSubscription, context: ProtocolContext): void {
    const topic = hyperliquidTopic(subscription);
    const refuse = (text: string): void => {
      context.recordSubscribe([topic], false);
      connection.reply(errorReply(text));
    };
    if (!this.valid(subscription, context)) return refuse(refusals.invalid(subscription));
    if (connection.subscriptions.has(topic)) return refuse(refusals.alreadySubscribed(subscription));
    if (!this.config.ip.admitSubscription()) return refuse(refusals.subscriptions((context.limits as HyperliquidVenueLimits).maxSubscriptions ?? 0));
    connection.subscriptions.add(topic);
    this.config.ip.subscribed();
    context.recordSubscribe([topic], true);
    connection.reply(subscriptionResponse('subscribe', subscription));
    const { coin } = subscription;
    switch (subscription.type) {
      case 'trades':
        return this.sendBacklog(connection, coin, context);
      case 'l2Book':
        for (const frame of context.bookSubscribed(topic)) connection.sendData(frame);
        return;
      case 'bbo': {
        const frame = this.config.market.isTrading(coin) ? hyperliquidBbo(this.config.market, coin, context.now) : undefined;
        if (frame !== undefined) connection.sendData(frame);
        return;
      }
      case 'activeAssetCtx': {
        const frame = this.config.ctx.message(coin);
        if (frame !== undefined) connection.sendData(frame);
        return;
      }
      case 'candle':
        return;
    }
  }

  private unsubscribe(connection: SimConnection, subscription: HyperliquidSubscription, context: ProtocolContext): void {
    if (!this.valid(subscription, context)) return connection.reply(errorReply(refusals.invalid(subscription)));
    if (!connection.subscriptions.delete(hyperliquidTopic(subscription))) return connection.reply(errorReply(refusals.alreadyUnsubscribed(subscription)));
    connection.reply(subscriptionResponse('unsubscribe', subscription));
  }

  /** A coin the venue lists (not delisted), unaggregated when a book. */
  private valid(subscription: HyperliquidSubscription, context: ProtocolContext): boolean {
    if (!context.hasSymbol(subscription.coin)) return false;
    return subscription.type !== 'l2Book' || (subscription.nSigFigs === null && subscription.mantissa === null);
  }

  /**
   * The first `trades` message after a subscribe: the coin's last `backlogTrades` trades, oldest first
   * (empty when it never traded), recent trades and not new ones (tardis-node's `HyperliquidTradesMapper`
   * skips it). Sent as the answer to the subscribe, a stalled socket's too (the simulator's choice), so
   * that the first message after a subscribe is always the backlog. Written to the tape marked `backlog`.
   */
  private sendBacklog(connection: SimConnection, coin: string, context: ProtocolContext): void {
    const { trades, ip } = this.config;
    const recent = trades.recent(coin, this.config.backlogTrades);
    connection.reply(trades.message(coin, recent));
    context.recordBacklog?.(recent.map((t) => ({ symbol: coin, tradeId: t.tradeId, ts: t.ts })));
    ip.backlogSent(recent.length);
  }
}
