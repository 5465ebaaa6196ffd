import { binanceKlineFrames } from '../binance/sim-binance-klines.js';
import { BinanceRoutedConnections } from '../binance/binance-routed-connections.js';
import type { BookMessage } from '../../book-channels.js';
import type { TickAudience } from '../../tick-audience.js';
import type { LiquidationLog } from '../../perpetual/liquidation-log.js';
import type { PerpetualMarket } from '../../perpetual/perpetual-market.js';
import { IntervalClock } from '../../perpetual/perpetual-venue.js';
import type { SimConnection } from '../../sim-connection.js';
import type { FaultTrade, ProtocolContext, StreamRoutes, TradeFrame, VenueProtocol } from '../../sim-venue-protocol.js';
import type { SimulatedMarket, SimulatedTrade, SymbolState } from '../../simulated-market.js';
import { USDM_FORCE_ORDER_INTERVAL_MS, UsdmForceOrders } from './usdm-force-orders.js';
import { USDM_FRAME_WRITERS, type UsdmFrameWriters } from './usdm-frame-writers.js';
import {
  DEFAULT_USDM_ROUTES,
  USDM_ROUTES,
  USDM_STREAM_KINDS,
  usdmConnectPath,
  usdmStreamKind,
  usdmUrlStreams,
  type UsdmConnectPath,
  type UsdmRoute,
  type UsdmStreamKind,
} from './usdm-streams.js';

/** Mark price pushes, ms (Mark-Price-Stream: `@markPrice@1s` every second, `@markPrice` every 3 seconds). */
const MARK_PRICE_FAST_MS = 1000;
const MARK_PRICE_SLOW_MS = 3000;

export interface SimBinanceUsdmProtocolConfig {
  readonly market: SimulatedMarket;
  readonly perpetual: PerpetualMarket;
  readonly liquidations: LiquidationLog;
  /** How an upgrade path reads (its route, its form); default USD-M's under `/usdm`. */
  readonly connectPath?: (pathname: string) => UsdmConnectPath | undefined;
  /** The route serving each kind of stream; default USD-M's since 2026-04-23 (`DEFAULT_USDM_ROUTES`). */
  readonly routing?: Readonly<Record<UsdmStreamKind, UsdmRoute>>;
  /** How the payloads are written; default USD-M's (`USDM_FRAME_WRITERS`). */
  readonly frames?: UsdmFrameWriters;
}

/**
 * Binance USD-M market streams on `/usdm` (`wss://fstream.binance.com`), routed as since 2026-04-23:
 * `/usdm/public/{ws|stream}` delivers the kinds `DEFAULT_USDM_ROUTES` puts on `public` (depth,
 * bookTicker, trade), `/usdm/market/{ws|stream}` the others (aggTrade, markPrice, forceOrder, kline,
 * ticker); a connection without a route (`/usdm/ws`, `/usdm/stream`) is served as `/public`. A
 * stream asked for on the wrong route, in the URL or by SUBSCRIBE, is acknowledged
 * `{"result":null,"id":n}` like any other and listed by LIST_SUBSCRIPTIONS, and never delivers a
 * frame (binance-public-data#472, cryptofeed#1128). `move` (the control API's `route`) puts a kind
 * on another route at run time, as Binance did: streams held go silent or start delivering at once.
 * Requests as on spot (SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS; `{"stream","data"}` on `/stream`).
 */
export class SimBinanceUsdmProtocol implements VenueProtocol, StreamRoutes {
  readonly routes: readonly string[] = USDM_ROUTES;
  readonly kinds: readonly string[] = USDM_STREAM_KINDS;
  private readonly routing: Record<UsdmStreamKind, UsdmRoute>;
  private readonly connections = new BinanceRoutedConnections<UsdmRoute>({
    serves: (stream) => usdmStreamKind(stream) !== undefined,
    routeOf: (stream) => {
      const kind = usdmStreamKind(stream);
      return kind === undefined ? undefined : this.routing[kind];
    },
    fallback: 'public',
  });
  private readonly forceOrders: UsdmForceOrders;
  private readonly clock = new IntervalClock();
  private readonly connectPath: (pathname: string) => UsdmConnectPath | undefined;
  private readonly frames: UsdmFrameWriters;

  constructor(private readonly config: SimBinanceUsdmProtocolConfig) {
    this.routing = { ...(config.routing ?? DEFAULT_USDM_ROUTES) };
    this.connectPath = config.connectPath ?? usdmConnectPath;
    this.frames = config.frames ?? USDM_FRAME_WRITERS;
    this.forceOrders = new UsdmForceOrders(this.frames.forceOrder);
  }

  accepts(pathname: string): boolean {
    return this.connectPath(pathname) !== undefined;
  }

  readonly urlTopics = (url: URL): string[] => usdmUrlStreams(url, this.connectPath);

  onConnect(connection: SimConnection, url: URL): void {
    const path = this.connectPath(url.pathname);
    connection.combined = path?.combined === true;
    this.connections.open(connection, path?.route ?? 'public', this.urlTopics(url));
  }

  isKlineTopic(topic: string): boolean {
    return topic.includes('@kline_');
  }

  symbolOf(topic: string): string | undefined {
    const at = topic.indexOf('@');
    return at <= 0 ? undefined : topic.slice(0, at).toUpperCase();
  }

  table(): Readonly<Record<string, string>> {
    return { ...this.routing };
  }

  move(kind: string, route: string): number {
    const target = USDM_ROUTES.find((r) => r === route);
    const moved = USDM_STREAM_KINDS.find((k) => k === kind);
    if (target === undefined || moved === undefined) return 0;
    this.routing[moved] = target;
    let changed = 0;
    for (const [connection, routed] of this.connections.entries()) {
      for (const stream of [...connection.subscriptions, ...routed.silent]) {
        if (usdmStreamKind(stream) !== moved) continue;
        const delivers = target === routed.route;
        if (delivers === connection.subscriptions.has(stream)) continue;
        changed += 1;
        if (delivers) {
          routed.silent.delete(stream);
          connection.subscriptions.add(stream);
        } else {
          connection.subscriptions.delete(stream);
          routed.silent.add(stream);
        }
      }
    }
    return changed;
  }

  onMessage(connection: SimConnection, text: string, context: ProtocolContext): void {
    this.connections.answer(connection, text, context);
  }

  tradeFrames(connection: SimConnection, trades: readonly SimulatedTrade[], now: number): readonly TradeFrame[] {
    const frames: TradeFrame[] = [];
    for (const trade of trades) {
      const sym = trade.symbol.toLowerCase();
      const sizeDecimals = this.sizeDecimals(trade.symbol);
      if (connection.subscriptions.has(`${sym}@trade`))
        frames.push({ payload: this.wrap(connection, `${sym}@trade`, this.frames.trade(trade, sizeDecimals, now)), trades: [trade] });
      if (connection.subscriptions.has(`${sym}@aggTrade`))
        frames.push({ payload: this.wrap(connection, `${sym}@aggTrade`, this.frames.aggTrade(trade, sizeDecimals, now)), trades: [trade] });
    }
    return frames;
  }

  stateFrames(connection: SimConnection, state: SymbolState, now: number, kind: 'ticker' | 'book'): readonly string[] {
    const sym = state.symbol.toLowerCase();
    const sizeDecimals = this.sizeDecimals(state.symbol);
    const frames: string[] = [];
    const add = (stream: string, payload: () => Record<string, unknown>): void => {
      if (connection.subscriptions.has(stream)) frames.push(this.wrap(connection, stream, payload()));
    };
    if (kind === 'book') add(`${sym}@bookTicker`, () => this.frames.bookTicker(state, sizeDecimals, now));
    else {
      add(`${sym}@ticker`, () => this.frames.ticker(state, sizeDecimals, now));
      add(`${sym}@miniTicker`, () => this.frames.miniTicker(state, sizeDecimals, now));
    }
    return frames;
  }

  readonly klineFrames = binanceKlineFrames;

  bookFrame(connection: SimConnection, message: BookMessage): string {
    return this.wrap(connection, message.topic, message.payload);
  }

  /** Reads the contracts' new trades (liquidations are logged into the forceOrder window), then the mark prices and force orders due. */
  clockFrames(elapsedMs: number, now: number, audience: TickAudience): void {
    for (const liquidation of this.config.perpetual.advance(now)) this.forceOrders.add(this.config.liquidations.add(liquidation));
    this.clock.advance(elapsedMs);
    const fast = this.clock.ended(MARK_PRICE_FAST_MS);
    const slow = this.clock.ended(MARK_PRICE_SLOW_MS);
    if (fast || slow) {
      // Pushed every interval whether or not anything changed.
      for (const symbol of audience.symbols()) {
        const sym = symbol.toLowerCase();
        const streams = [...(fast ? [`${symbol.toLowerCase()}@markPrice@1s`] : []), ...(slow ? [`${sym}@markPrice`] : [])].filter((s) =>
          audience.subscribed(s),
        );
        const state = streams.length === 0 || !this.config.market.isTrading(symbol) ? undefined : this.config.perpetual.state(symbol);
        if (state === undefined) continue;
        const payload = this.frames.markPrice(state, now);
        for (const stream of streams) for (const connection of audience.forTopic(stream)) connection.sendData(this.wrap(connection, stream, payload));
      }
    }
    if (this.clock.ended(USDM_FORCE_ORDER_INTERVAL_MS))
      this.forceOrders.push(now, audience, (connection, stream, payload) => this.wrap(connection, stream, payload));
  }

  readonly faultTrade: FaultTrade = { frame: aggTradeFrame, names: { price: 'p', quantity: 'q', time: 'T', side: 'm' } };

  malformedFrame(n: number, symbol: string, now: number): string {
    const damaged = [
      `{"stream":"${symbol.toLowerCase()}@aggTrade","data":{"e":"aggTrade",`,
      aggTradeFrame(symbol, now, { p: '-1' }),
      aggTradeFrame(symbol, now, { q: 'NaN' }),
      JSON.stringify({
        stream: `${symbol.toLowerCase()}@markPrice@1s`,
        data: { e: 'markPriceUpdate', E: now, s: symbol, p: 'NaN', i: '1', P: '1', r: '0', T: now },
      }),
    ];
    return damaged[n % damaged.length] ?? '';
  }

  private sizeDecimals(symbol: string): number {
    return this.config.market.listing(symbol)?.sizeDecimals ?? 6;
  }

  private wrap(connection: SimConnection, stream: string, payload: Readonly<Record<string, unknown>>): string {
    return JSON.stringify(connection.combined ? { stream, data: payload } : payload);
  }
}

/** One `<symbol>@aggTrade` frame on a combined stream, `fields` laid over the aggregate trade. */
function aggTradeFrame(symbol: string, now: number, fields: Readonly<Record<string, unknown>> = {}): string {
  const agg = { e: 'aggTrade', E: now, a: 1, s: symbol, p: '1.0', q: '1', f: 1, l: 1, T: now, m: false, ...fields };
  return JSON.stringify({ stream: `${symbol.toLowerCase()}@aggTrade`, data: agg });
}
