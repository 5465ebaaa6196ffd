import { bybitKlineFrames } from '../bybit/sim-bybit-klines.js';
import type { SimCandle } from '../../sim-candles.js';
import { bybitSize, LINEAR_CONTRACTS, type BybitContracts } from './bybit-contracts.js';
import { bybitJson } from '../bybit/sim-bybit-protocol.js';
import { answerBybitRequest } from '../bybit/bybit-requests.js';
import type { TickAudience } from '../../tick-audience.js';
import type { LiquidationLog } from '../../perpetual/liquidation-log.js';
import type { PerpetualMarket } from '../../perpetual/perpetual-market.js';
import { IntervalClock } from '../../perpetual/perpetual-venue.js';
import type { SimConnection } from '../../sim-connection.js';
import type { FaultTrade, ProtocolContext, TradeFrame, VenueProtocol } from '../../sim-venue-protocol.js';
import type { SimulatedMarket, SimulatedTrade, SymbolState } from '../../simulated-market.js';
import { BYBIT_ALL_LIQUIDATION_INTERVAL_MS, BybitLinearLiquidations } from './bybit-linear-liquidations.js';
import { BYBIT_LINEAR_TICKER_INTERVAL_MS, BybitLinearTickers } from './bybit-linear-tickers.js';
import { bybitLinearTradeFrames, linearTradeUuid, type LinearTradeFrame } from './bybit-linear-trade-frames.js';

/** The upgrade path of Bybit v5 linear public data (`wss://stream.bybit.com/v5/public/linear`). */
export const BYBIT_LINEAR_WS_PATH = LINEAR_CONTRACTS.path;

const TOPIC = /^(publicTrade|tickers|orderbook\.1|allLiquidation|kline\.(?:1|3|5|15|30|60|120|240|360|720|D|W))\.([A-Z0-9]+)$/;

export interface SimBybitLinearProtocolConfig {
  /** The venue's market: trades, best bid/ask, rolling-day figures. */
  readonly market: SimulatedMarket;
  /** Its contracts' mark, index, funding and open interest, and the liquidations trades set off. */
  readonly perpetual: PerpetualMarket;
  /** Where every liquidation made is logged. */
  readonly liquidations: LiquidationLog;
  /** The funding rate's bound, written as `fundingCap`. */
  readonly fundingCap: number;
  /** The category played (its path, how it writes sizes); default linear. */
  readonly contracts?: BybitContracts;
}

/**
 * Bybit v5 linear public data on `/v5/public/linear`: spot's request protocol (`{"op":"subscribe",
 * "args":[...]}`, one answer per request, client `{"op":"ping"}`) with linear's answer shape
 * `{success, ret_msg: "", conn_id, req_id, op}` (bybit-linear-subscribe-ack.ndjson: `req_id` always
 * there, `""` when none was sent) and no limit on args per request (wss-authentication.mdx:
 * "futures have no args limit"; 21,000 characters per connection still). Topics: `publicTrade`
 * (`bybitLinearTradeFrames`), `tickers` (snapshot then 100 ms deltas, `BybitLinearTickers`),
 * `orderbook.1` (best bid/ask snapshots, as spot), `orderbook.{50,200,1000}` (the venue's book
 * channel), `allLiquidation` (`BybitLinearLiquidations`), `kline.{interval}` (as spot). The
 * retired `liquidation.{SYMBOL}` is refused as Bybit refuses it now (`handler not found`, ccxt#27929).
 * With `contracts` inverse, the same on `/v5/public/inverse`, sizes in whole USD (`bybitSize`) and a
 * candle's `volume` USD and `turnover` the coin (market/kline.mdx, inverse units).
 */
export class SimBybitLinearProtocol implements VenueProtocol {
  private readonly tickers: BybitLinearTickers;
  private readonly liquidationPushes: BybitLinearLiquidations;
  private readonly contracts: BybitContracts;
  private readonly clock = new IntervalClock();
  /** Each tick's trade frames of a symbol, written once whichever sockets take them. */
  private readonly encoded = new WeakMap<readonly SimulatedTrade[], readonly LinearTradeFrame[]>();

  constructor(private readonly config: SimBybitLinearProtocolConfig) {
    this.contracts = config.contracts ?? LINEAR_CONTRACTS;
    this.tickers = new BybitLinearTickers({ market: config.market, perpetual: config.perpetual, fundingCap: config.fundingCap, contracts: this.contracts });
    this.liquidationPushes = new BybitLinearLiquidations(this.contracts);
  }

  accepts(pathname: string): boolean {
    return pathname === this.contracts.path;
  }

  onConnect(): void {}

  isKlineTopic(topic: string): boolean {
    return topic.startsWith('kline.');
  }

  symbolOf(topic: string): string | undefined {
    const at = topic.lastIndexOf('.');
    return at === -1 ? undefined : topic.slice(at + 1);
  }

  onMessage(connection: SimConnection, text: string, context: ProtocolContext): void {
    answerBybitRequest(connection, text, context, {
      topics: TOPIC,
      subscribedMessage: '',
      echo: (reqId) => ({ req_id: typeof reqId === 'string' || typeof reqId === 'number' ? String(reqId) : '' }),
      firstFrames: (_connection, kind, symbol, ctx) => {
        if (kind === 'tickers') {
          const snapshot = this.tickers.snapshot(symbol, ctx.now);
          return snapshot === undefined ? [] : [snapshot];
        }
        const state = ctx.state(symbol);
        return kind === 'orderbook.1' && state !== undefined ? this.stateFrames(connection, state, ctx.now, 'book') : [];
      },
    });
  }

  tradeFrames(connection: SimConnection, trades: readonly SimulatedTrade[], now: number): readonly TradeFrame[] {
    let frames = this.encoded.get(trades);
    if (frames === undefined) {
      const first = trades[0];
      if (first === undefined) return [];
      const sizeDecimals = this.config.market.listing(first.symbol)?.sizeDecimals ?? 6;
      const directions = this.config.perpetual.tickDirections(first.symbol, trades);
      frames = bybitLinearTradeFrames(trades, now, { sizeDecimals, directions, contracts: this.contracts });
      this.encoded.set(trades, frames);
    }
    return frames.filter((frame) => connection.subscriptions.has(frame.topic));
  }

  /** Tickers have their own 100 ms clock (`clockFrames`); `orderbook.1` is a best bid/ask snapshot, keys and decimals as linear writes them. */
  stateFrames(connection: SimConnection, state: SymbolState, now: number, kind: 'ticker' | 'book'): readonly string[] {
    const topic = `orderbook.1.${state.symbol}`;
    if (kind === 'ticker' || !connection.subscriptions.has(topic)) return [];
    const d = state.priceDecimals;
    const s = this.config.market.listing(state.symbol)?.sizeDecimals ?? 6;
    const size = (quantity: number, price: number): string =>
      this.contracts.category === 'linear' ? quantity.toFixed(s) : bybitSize(this.contracts, quantity, price, s);
    const data = {
      s: state.symbol,
      b: [[state.bid.toFixed(d), size(state.bidSize, state.bid)]],
      a: [[state.ask.toFixed(d), size(state.askSize, state.ask)]],
      u: state.updateId,
      seq: state.lastTradeId,
    };
    return [JSON.stringify({ topic, type: 'snapshot', ts: now, data, cts: now })];
  }

  /** Candles as spot writes them; inverse's `volume` is the quote's (USD) and `turnover` the coin's. */
  readonly klineFrames = (connection: SimConnection, candle: SimCandle, now: number): readonly string[] => {
    const written = this.contracts.category === 'linear' ? candle : { ...candle, volume: candle.quoteVolume, quoteVolume: candle.volume };
    return bybitKlineFrames(connection, written, now);
  };

  bookFrame(_connection: SimConnection, message: { readonly payload: Readonly<Record<string, unknown>> }): string {
    return bybitJson(message.payload);
  }

  /** Reads the contracts' new trades (liquidations made are logged), then pushes the tickers and liquidations due. */
  clockFrames(elapsedMs: number, now: number, audience: TickAudience): void {
    for (const liquidation of this.config.perpetual.advance(now)) this.liquidationPushes.add(this.config.liquidations.add(liquidation));
    this.clock.advance(elapsedMs);
    if (this.clock.ended(BYBIT_LINEAR_TICKER_INTERVAL_MS)) this.tickers.push(now, audience);
    if (this.clock.ended(BYBIT_ALL_LIQUIDATION_INTERVAL_MS)) this.liquidationPushes.push(now, audience);
  }

  /** A trade's execution id as the stream and `recent-trade` write it. */
  readonly venueTradeId = linearTradeUuid;

  readonly faultTrade: FaultTrade = { frame: linearTradeFrame, names: { price: 'p', quantity: 'v', time: 'T', side: 'S' } };

  malformedFrame(n: number, symbol: string, now: number): string {
    const damaged = [
      `{"topic":"publicTrade.${symbol}","type":"snapshot","ts":`,
      linearTradeFrame(symbol, now, { p: '-5' }),
      linearTradeFrame(symbol, now, { v: 'NaN' }),
      JSON.stringify({ topic: `tickers.${symbol}`, type: 'delta', data: { symbol, markPrice: 'NaN' }, cs: 1, ts: now }),
    ];
    return damaged[n % damaged.length] ?? '';
  }
}

/** One linear `publicTrade` frame of one trade (a UUID id, the tick direction), `fields` laid over it. */
function linearTradeFrame(symbol: string, now: number, fields: Readonly<Record<string, unknown>> = {}): string {
  const trade = { T: now, s: symbol, S: 'Buy', v: '0.001', p: '1.00', L: 'PlusTick', i: '00000000-0000-5000-8000-000000000000', BT: false, RPI: false, seq: 1 };
  return JSON.stringify({ topic: `publicTrade.${symbol}`, type: 'snapshot', ts: now, data: [{ ...trade, ...fields }] });
}

/**
 * Why Bybit linear refuses a subscribe request, if it does: an unknown topic or symbol (the retired
 * `liquidation.{SYMBOL}` among them), a topic already held, or args past
 * `maxArgsCharsPerConnection` characters held by the connection. A limit of args per request is
 * applied only when configured (linear has none by default).
 */
