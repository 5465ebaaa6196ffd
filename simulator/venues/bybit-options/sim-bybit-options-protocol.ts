import { IntervalClock } from '../../perpetual/perpetual-venue.js';
import type { SimConnection } from '../../sim-connection.js';
import type { FaultTrade, ProtocolContext, TradeFrame, VenueProtocol } from '../../sim-venue-protocol.js';
import type { SimulatedTrade } from '../../simulated-market.js';
import { StillConnectionCloser } from '../../still-connection-closer.js';
import type { TickAudience } from '../../tick-audience.js';
import { bybitJson } from '../bybit/bybit-json.js';
import { linearTradeUuid } from '../bybit-linear/bybit-linear-trade-frames.js';
import type { BybitOptionBooks } from './bybit-option-books.js';
import type { BybitOptionChain } from './bybit-option-chain.js';
import { answerOptionRequest } from './bybit-option-requests.js';
import type { BybitOptionTape } from './bybit-option-tape.js';
import { BYBIT_OPTION_TICKER_INTERVAL_MS, BybitOptionTickerPushes } from './bybit-option-ticker-pushes.js';
import { bybitOptionTradeFrames, type OptionTradeFrame } from './bybit-option-trade-frames.js';

/** The simulated option socket's path: Bybit's `/v5/public/option` under a prefix of its own. */
export const BYBIT_OPTION_WS_PATH = '/bybit-option/v5/public/option';

export interface SimBybitOptionProtocolConfig {
  readonly chain: BybitOptionChain;
  readonly books: BybitOptionBooks;
  readonly tape: BybitOptionTape;
  /** The option board's marks are stepped at least every this many ms (`OptionBoard.advance`: the first venue whose step is due steps them). */
  readonly markStepMs: number;
  /** A connection that neither pinged nor was sent anything this long is closed, ms; 0 never. */
  readonly idleCloseMs: number;
}

/**
 * Bybit v5's public option socket on `BYBIT_OPTION_WS_PATH`: its requests (`answerOptionRequest`:
 * `COMMAND_RESP` answers, the option pong, 2,000 args a connection), `tickers.{symbol}`
 * (`BybitOptionTickerPushes`), `publicTrade.{baseCoin}` (every option of the coin's trades,
 * `bybitOptionTradeFrames`) and `orderbook.{25|100}.{symbol}` (`bybitOptionBooks`). On its own clock:
 * each tick's trades taken on the tape, the option board advanced (its expiries due end, so deliver here:
 * their topics fall silent, the subscriptions stay; its marks stepped when due), the books moved to the
 * quotes of a new step, the tickers due, and the idle close ("if there is no ping-pong
 * and no stream data sent from server end, the connection will be cut off after 10 minutes",
 * wss-authentication.mdx; closed with 1000, the code is not documented).
 */
export class SimBybitOptionProtocol implements VenueProtocol {
  private readonly tickers: BybitOptionTickerPushes;
  private readonly tickerClock = new IntervalClock();
  private readonly encoded = new WeakMap<readonly SimulatedTrade[], readonly OptionTradeFrame[]>();
  /** Closes a connection that neither pinged (its pong is a frame sent) nor was sent anything for `idleCloseMs`. */
  private readonly idle = new StillConnectionCloser({ count: (connection) => connection.framesSent, reason: 'idle' });
  private requotedVersion = -1;

  constructor(private readonly config: SimBybitOptionProtocolConfig) {
    this.tickers = new BybitOptionTickerPushes(config.chain, config.tape);
    config.chain.onExpiry((event) => {
      for (const symbol of event.expired) this.tickers.forget(symbol);
    });
  }

  accepts(pathname: string): boolean {
    return pathname === BYBIT_OPTION_WS_PATH;
  }

  onConnect(): void {}

  isKlineTopic(): boolean {
    return false;
  }

  /** The option of `tickers.{symbol}` and `orderbook.{depth}.{symbol}`, the coin of `publicTrade.{coin}` (a symbol may hold a point: `SOL-27NOV26-147.5-C-USDT`). */
  symbolOf(topic: string): string | undefined {
    const match = /^(?:tickers|publicTrade|orderbook\.\d+)\.(.+)$/.exec(topic);
    return match?.[1];
  }

  /** An option's trades go to its coin's `publicTrade.{coin}`. */
  readonly symbolGroupOf = (symbol: string): string | undefined => this.config.chain.terms.get(symbol)?.coin;

  onMessage(connection: SimConnection, text: string, context: ProtocolContext): void {
    const { chain } = this.config;
    answerOptionRequest(connection, text, context, {
      serves: (topic) => {
        const [kind, subject] = [topic.slice(0, topic.indexOf('.')), this.symbolOf(topic) ?? ''];
        if (kind === 'tickers') return chain.market.has(subject);
        return kind === 'publicTrade' && chain.coins.includes(subject);
      },
      firstFrames: (topic, ctx) => {
        const snapshot = topic.startsWith('tickers.') ? this.tickers.snapshot(this.symbolOf(topic) ?? '', ctx.now) : undefined;
        return snapshot === undefined ? [] : [snapshot];
      },
    });
  }

  tradeFrames(connection: SimConnection, trades: readonly SimulatedTrade[], now: number): readonly TradeFrame[] {
    let frames = this.encoded.get(trades);
    if (frames === undefined) {
      const terms = this.config.chain.terms.get(trades[0]?.symbol ?? '');
      if (terms === undefined) return [];
      const figures = (trade: SimulatedTrade) => this.config.tape.of(trade);
      frames = bybitOptionTradeFrames(trades, now, { coin: terms.coin, sizeDecimals: terms.figures.sizeDecimals, figures });
      this.encoded.set(trades, frames);
    }
    return frames.filter((frame) => connection.subscriptions.has(frame.topic));
  }

  /** Tickers have their own 100 ms clock (`clockFrames`). */
  stateFrames(): readonly string[] {
    return [];
  }

  bookFrame(_connection: SimConnection, message: { readonly payload: Readonly<Record<string, unknown>> }): string {
    return bybitJson(message.payload);
  }

  clockFrames(elapsedMs: number, now: number, audience: TickAudience): void {
    const { chain, books, tape } = this.config;
    tape.take();
    chain.board.advance(now, this.config.markStepMs);
    if (this.requotedVersion !== chain.board.markVersion) {
      this.requotedVersion = chain.board.markVersion;
      for (const symbol of books.books.symbols) if (chain.market.isTrading(symbol)) books.books.requote(symbol);
    }
    this.tickerClock.advance(elapsedMs);
    if (this.tickerClock.ended(BYBIT_OPTION_TICKER_INTERVAL_MS)) this.tickers.push(now, audience);
    this.idle.close(now, audience, this.config.idleCloseMs);
  }

  /** A trade's execution id as the stream and `recent-trade` write it. */
  readonly venueTradeId = linearTradeUuid;

  readonly faultTrade: FaultTrade = { frame: optionTradeFrame, names: { price: 'p', quantity: 'v', time: 'T', side: 'S' } };

  malformedFrame(n: number, symbol: string, now: number): string {
    const damaged = [
      `{"id":"publicTrade.${coinOf(symbol)}-1-${now}","topic":"publicTrade.${coinOf(symbol)}","ts":`,
      optionTradeFrame(symbol, now, { p: '-5' }),
      optionTradeFrame(symbol, now, { v: 'NaN' }),
      JSON.stringify({ id: `tickers.${symbol}-1-${now}`, topic: `tickers.${symbol}`, ts: now, data: { symbol, markPrice: 'NaN' }, type: 'snapshot' }),
    ];
    return damaged[n % damaged.length] ?? '';
  }
}

/** The coin of an option symbol (`BTC` of `BTC-27NOV26-56000-C-USDT`). */
function coinOf(symbol: string): string {
  return symbol.slice(0, Math.max(0, symbol.indexOf('-'))) || symbol;
}

/** One option `publicTrade` frame of one trade, `fields` laid over it. */
function optionTradeFrame(symbol: string, now: number, fields: Readonly<Record<string, unknown>> = {}): string {
  const topic = `publicTrade.${coinOf(symbol)}`;
  const trade = {
    T: now,
    s: symbol,
    S: 'Buy',
    v: '0.01',
    p: '5',
    i: '00000000-0000-5000-8000-000000000000',
    BT: false,
    RPI: false,
    seq: 1,
    mP: '5',
    iP: '65000',
    mIv: '0.5',
    iv: '0.5',
  };
  return JSON.stringify({ id: `${topic}-1-${now}`, topic, ts: now, data: [{ ...trade, ...fields }], type: 'snapshot' });
}
