import type { SimConnection } from '../../sim-connection.js';
import type { FaultTrade, ProtocolContext, TradeFrame, VenueProtocol } from '../../sim-venue-protocol.js';
import type { SimulatedTrade } from '../../simulated-market.js';
import { StillConnectionCloser } from '../../still-connection-closer.js';
import type { TickAudience } from '../../tick-audience.js';
import { BinanceRoutedConnections } from '../binance/binance-routed-connections.js';
import type { BinanceOptionChain } from './binance-option-chain.js';
import { binanceUnderlying } from './binance-option-contracts.js';
import { optionTradePayload } from './binance-option-frames.js';
import { BinanceOptionPushes, wrapped } from './binance-option-pushes.js';
import {
  binanceOptionConnectPath,
  binanceOptionStream,
  binanceOptionUrlStreams,
  BINANCE_OPTIONS_PATH,
  routeOf,
  subjectOf,
  type BinanceOptionRoute,
} from './binance-option-streams.js';
import type { BinanceOptionTape } from './binance-option-tape.js';

export interface SimBinanceOptionsProtocolConfig {
  readonly chain: BinanceOptionChain;
  readonly tape: BinanceOptionTape;
  /** The option board's marks are stepped at least every this many ms (`OptionBoard.advance`: the first venue whose step is due steps them). */
  readonly markStepMs: number;
  /** A connection that sent no pong frame for this long is closed, ms; 0 never. */
  readonly pongTimeoutMs: number;
}

/**
 * Binance's options market streams (options-trading/websocket-market-streams) under `BINANCE_OPTIONS_PATH`:
 * `/public/{ws|stream}` delivers `<symbol>@optionTrade` (or `<underlying>@optionTrade`), `@bookTicker` and
 * `@optionTicker`, `/market/{ws|stream}` `<underlying>@optionMarkPrice`, `@optionIndexPrice`, `!index@arr`
 * and `<underlying>@openInterest@<YYMMDD>`; a stream asked for on the other route is acknowledged and
 * never delivers, as USD-M's routed streams do. Requests as on Binance's other sockets (`SUBSCRIBE`,
 * `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, answered `{"result":null,"id":n}`; a name of no stream the venue
 * serves `{"error":{"code":2,...}}`; past 200 streams `{"error":{"code":4,...}}`). On its own clock: each
 * tick's trades taken on the tape, the option board advanced (its expiries due end: their streams fall
 * silent, the subscriptions stay; its marks stepped when due), the pushes due (`BinanceOptionPushes`),
 * and the close of a connection that answered no ping for `pongTimeoutMs` ("If the websocket server does
 * not receive a pong frame back from the connection within a 15 minute period, the connection will be
 * disconnected"; closed with 1000, the code is not documented).
 */
export class SimBinanceOptionsProtocol implements VenueProtocol {
  private readonly connections = new BinanceRoutedConnections<BinanceOptionRoute>({
    serves: (name) => binanceOptionStream(name) !== undefined,
    routeOf: (name) => {
      const stream = binanceOptionStream(name);
      return stream === undefined ? undefined : routeOf(stream);
    },
    fallback: 'public',
  });
  private readonly pushes: BinanceOptionPushes;
  /** The pong timeout: "If the websocket server does not receive a pong frame back from the connection within a 15 minute period, the connection will be disconnected". */
  private readonly unanswered = new StillConnectionCloser({ count: (connection) => connection.pongsReceived, reason: 'pong timeout' });

  constructor(private readonly config: SimBinanceOptionsProtocolConfig) {
    this.pushes = new BinanceOptionPushes(config.chain, config.tape);
    config.chain.onExpiry((event) => {
      for (const symbol of event.expired) this.pushes.forget(symbol);
    });
  }

  accepts(pathname: string): boolean {
    return binanceOptionConnectPath(pathname) !== undefined;
  }

  readonly urlTopics = (url: URL): string[] => binanceOptionUrlStreams(url);

  onConnect(connection: SimConnection, url: URL): void {
    const path = binanceOptionConnectPath(url.pathname);
    connection.combined = path?.combined === true;
    this.connections.open(connection, path?.route ?? 'public', this.urlTopics(url));
  }

  isKlineTopic(): boolean {
    return false;
  }

  /** The option of a per-option stream (`BTC-261127-56000-C`), the underlying of a per-underlying one (`BTCUSDT`). */
  symbolOf(topic: string): string | undefined {
    const stream = binanceOptionStream(topic);
    return stream === undefined ? undefined : subjectOf(stream);
  }

  /** An option's underlying (`BTCUSDT`): the holders of its per-underlying streams are its holders too (trades, `drop`, `stall`). */
  readonly symbolGroupOf = (symbol: string): string | undefined => {
    const terms = this.config.chain.terms.get(symbol);
    return terms === undefined ? undefined : binanceUnderlying(terms.option.chain.coin);
  };

  onMessage(connection: SimConnection, text: string, context: ProtocolContext): void {
    this.connections.answer(connection, text, context);
  }

  /** One `optionTrade` frame a trade and stream held: the option's own, and its underlying's. */
  tradeFrames(connection: SimConnection, trades: readonly SimulatedTrade[], now: number): readonly TradeFrame[] {
    const { chain } = this.config;
    const frames: TradeFrame[] = [];
    for (const trade of trades) {
      const terms = chain.terms.get(trade.symbol);
      if (terms === undefined) continue;
      const streams = [`${trade.symbol.toLowerCase()}@optionTrade`, `${binanceUnderlying(terms.option.chain.coin).toLowerCase()}@optionTrade`];
      for (const stream of streams) {
        if (!connection.subscriptions.has(stream)) continue;
        const payload = optionTradePayload(terms, trade, chain.tradeIdOf(trade.symbol, trade.tradeId), now);
        frames.push({ payload: wrapped(connection, stream, payload), trades: [trade] });
      }
    }
    return frames;
  }

  /** Tickers and best bid/ask have their own clock (`clockFrames`). */
  stateFrames(): readonly string[] {
    return [];
  }

  bookFrame(connection: SimConnection, message: { readonly topic: string; readonly payload: Readonly<Record<string, unknown>> }): string {
    return wrapped(connection, message.topic, message.payload);
  }

  clockFrames(elapsedMs: number, now: number, audience: TickAudience): void {
    const { chain, tape } = this.config;
    tape.take();
    chain.board.advance(now, this.config.markStepMs);
    this.pushes.push(elapsedMs, now, audience);
    this.unanswered.close(now, audience, this.config.pongTimeoutMs);
  }

  /** A trade's id as the stream and REST write it: Binance's per option, 1 for its first. */
  readonly venueTradeId = (symbol: string, tradeId: number): string => String(this.config.chain.tradeIdOf(symbol, tradeId));

  readonly faultTrade: FaultTrade = { frame: optionTradeFrame, names: { price: 'p', quantity: 'q', time: 'T', side: 'S' } };

  malformedFrame(n: number, symbol: string, now: number): string {
    const underlying = `${symbol.slice(0, Math.max(0, symbol.indexOf('-')))}usdt`.toLowerCase();
    const damaged = [
      `{"stream":"${symbol.toLowerCase()}@optionTrade","data":{"e":"trade",`,
      optionTradeFrame(symbol, now, { p: '-5.000' }),
      optionTradeFrame(symbol, now, { q: 'NaN' }),
      JSON.stringify({ stream: `${underlying}@optionMarkPrice`, data: [{ s: symbol, mp: 'NaN', E: now, e: 'markPrice', vo: 'x' }] }),
    ];
    return damaged[n % damaged.length] ?? '';
  }
}

/** The simulated WebSocket base a client points `urls.binance_options` at (`wss://fstream.binance.com` there). */
export const BINANCE_OPTIONS_WS_BASE = BINANCE_OPTIONS_PATH;

/** One `<symbol>@optionTrade` frame on a combined stream, `fields` laid over the trade. */
function optionTradeFrame(symbol: string, now: number, fields: Readonly<Record<string, unknown>> = {}): string {
  const trade = { e: 'trade', E: now, T: now, s: symbol, t: 1, p: '5.000', q: '0.01', X: 'MARKET', S: 'BUY', m: false, ...fields };
  return JSON.stringify({ stream: `${symbol.toLowerCase()}@optionTrade`, data: trade });
}
