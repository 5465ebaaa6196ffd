import type { BookMessage } from '../../book-channels.js';
import type { SimConnection } from '../../sim-connection.js';
import type { FaultTrade, ProtocolContext, TradeFrame, VenueProtocol } from '../../sim-venue-protocol.js';
import type { SimulatedTrade } from '../../simulated-market.js';
import type { TickAudience } from '../../tick-audience.js';
import { okxTopic } from '../okx/okx-channels.js';
import { noticeFrame } from '../okx/okx-replies.js';
import { handleOkxMessage, type OkxTopics } from '../okx/okx-request-handler.js';
import { OkxSessions } from '../okx/okx-sessions.js';
import type { OkxUnits } from '../okx/okx-units.js';
import type { OkxOptionChain } from './okx-option-chain.js';
import { okxPush, optionFamilyTrade, optionTrade } from './okx-option-frames.js';
import { OKX_OPTION_MARK_STEP_MS, OkxOptionPushes } from './okx-option-pushes.js';
import { OKX_OPTIONS_FAULT_TRADE, okxOptionsMalformedFrame } from './okx-options-malformed-frames.js';
import { optionTopicArg, optionTopicOf, optionTopicSymbol } from './okx-options-topics.js';

export interface SimOkxOptionsProtocolConfig {
  readonly chain: OkxOptionChain;
  /** Its sizes in contracts. */
  readonly units: OkxUnits;
  /** The venue's WebSocket base: its routes are `<path>/public` and `<path>/business`. */
  readonly path: string;
  /** Seeded source of `connId`s. */
  readonly random: () => number;
  /** A connection that sent nothing this long is closed (4004), ms; 0 never. */
  readonly idleCloseMs: number;
}

/**
 * OKX v5 options on `<path>/public` and `<path>/business`, sessions as OKX spot's (`handleOkxMessage`:
 * acks per arg with the `connId`, 60018 for a channel, family or instrument not served there, the
 * text `ping` answered `pong`, silent connections closed with 4004, the subscribe requests' limit).
 * Trades go to `trades` (per option, one push a trade) and `option-trades` (per family or option,
 * every trade with its volatility, forward, index and mark); the other channels are pushed on the
 * venue's clock (`OkxOptionPushes`), after the shared option board is advanced (its expiries at
 * 08:00 UTC, its marks every second).
 */
export class SimOkxOptionsProtocol implements VenueProtocol {
  readonly pushes: OkxOptionPushes;
  private readonly sessions: OkxSessions;
  private readonly encoded = new WeakMap<readonly SimulatedTrade[], Map<string, TradeFrame[]>>();
  private readonly topics: OkxTopics = {
    topicOf: (arg, route) => optionTopicOf(arg, route, this.config.chain),
    firstFrames: (topic, context) => this.pushes.firstFrames(topic, context.now),
  };

  constructor(private readonly config: SimOkxOptionsProtocolConfig) {
    this.sessions = new OkxSessions(config.random);
    this.pushes = new OkxOptionPushes(config.chain, config.units);
  }

  accepts(pathname: string): boolean {
    return pathname === `${this.config.path}/public` || pathname === `${this.config.path}/business`;
  }

  onConnect(connection: SimConnection, url: URL): void {
    this.sessions.open(connection, url.pathname.endsWith('/business') ? 'business' : 'public');
  }

  symbolOf(topic: string): string | undefined {
    return optionTopicSymbol(topic);
  }

  /** An option's family (`BTC-USD`): its `option-trades` carries the option's trades. */
  readonly tradeGroupOf = (symbol: string): string | undefined => this.config.chain.termsOf(symbol)?.family;

  isKlineTopic(): boolean {
    return false;
  }

  onMessage(connection: SimConnection, text: string, context: ProtocolContext): void {
    handleOkxMessage(connection, text, context, this.sessions, this.topics);
  }

  /** One push a trade on each trade channel the connection holds of the option: `trades`, its family's `option-trades`, its own `option-trades`. */
  tradeFrames(connection: SimConnection, trades: readonly SimulatedTrade[]): readonly TradeFrame[] {
    const symbol = trades[0]?.symbol;
    const terms = symbol === undefined ? undefined : this.config.chain.termsOf(symbol);
    if (symbol === undefined || terms === undefined) return [];
    const topics = [okxTopic('trades', symbol), okxTopic('option-trades', terms.family), okxTopic('option-trades', symbol)];
    let byTopic = this.encoded.get(trades);
    const frames: TradeFrame[] = [];
    for (const topic of topics) {
      if (!connection.subscriptions.has(topic)) continue;
      if (byTopic === undefined) this.encoded.set(trades, (byTopic = new Map<string, TradeFrame[]>()));
      let encoded = byTopic.get(topic);
      if (encoded === undefined) byTopic.set(topic, (encoded = this.encode(topic, trades)));
      frames.push(...encoded);
    }
    return frames;
  }

  /** Tickers are pushed on the venue's own clock (`clockFrames`). */
  stateFrames(): readonly string[] {
    return [];
  }

  /** The venue serves no books. */
  bookFrame(_connection: SimConnection, message: BookMessage): string {
    return JSON.stringify(message.payload);
  }

  /** Closes silent connections, advances the option board, then pushes what is due. */
  clockFrames(elapsedMs: number, now: number, audience: TickAudience): void {
    this.sessions.closeIdle(audience, now, this.config.idleCloseMs);
    this.config.chain.board.advance(now, OKX_OPTION_MARK_STEP_MS);
    this.pushes.clockFrames(elapsedMs, now, audience);
  }

  malformedFrame(n: number, symbol: string, now: number): string {
    return okxOptionsMalformedFrame(n, symbol, now);
  }

  readonly faultTrade: FaultTrade = OKX_OPTIONS_FAULT_TRADE;

  /** OKX's notice 30 s before a service upgrade closes the connection (event `notice`, code 64008). */
  readonly shutdownFrame = (connection: SimConnection): string => noticeFrame(this.sessions.of(connection).connId);

  private encode(topic: string, trades: readonly SimulatedTrade[]): TradeFrame[] {
    const arg = optionTopicArg(topic);
    const { chain, units } = this.config;
    return trades.flatMap((trade) => {
      const terms = chain.termsOf(trade.symbol);
      const quote = chain.quote(trade.symbol);
      if (arg.channel === 'trades') return [{ payload: okxPush(arg, [optionTrade(trade, units)]), trades: [trade] }];
      return terms === undefined || quote === undefined ? [] : [{ payload: okxPush(arg, [optionFamilyTrade(trade, terms, quote, units)]), trades: [trade] }];
    });
  }
}
