import type { MapperContext } from '../mapper-context.js';
import type { ConnectionPlan, ControlFrame, StreamSpec, VenueProtocol } from '../venue-protocol.js';
import { gateBookPlan } from './gate-book-plan.js';
import { parseGateFrame, type GateFrame, type GateMarket } from './gate-frames.js';
import { GATE_CONNECTION_LIMITS } from './gate-limits.js';
import { gateOwnLiquidation, mapGateFrame } from './gate-mappers.js';
import { GATE_LIQUIDATIONS_CHANNEL, gateGroupOf, gatePing, gateSubscribe, gateTopic, gateTopicsOf, gateUnsubscribe } from './gate-subscriptions.js';

/** Gate's spot WebSocket API v4 (docs "Spot WebSocket v4": `wss://api.gateio.ws/ws/v4/`). */
export const GATE_WS_URL = 'wss://api.gateio.ws/ws/v4/';
/** Gate's USDT-settled futures WebSocket (docs "Futures WebSocket v4": `wss://fx-ws.gateio.ws/v4/ws/usdt`). */
export const GATE_FUTURES_WS_URL = 'wss://fx-ws.gateio.ws/v4/ws/usdt';

/**
 * Interval of the application ping (`spot.ping`, `futures.ping`): Gate documents no timeout, and pings the
 * client at the protocol level itself; its own SDKs send one every 5-10 s, so 10 s.
 */
export const GATE_PING_INTERVAL_MS = 10_000;

/** Per instrument: every trade, the ticker (a second's day figures), the best bid and ask (`book_ticker`, at each change). */
const STREAMS: readonly StreamSpec[] = [
  { channel: 'trades', record: 'trade' },
  { channel: 'tickers', record: 'price_tick' },
  { channel: 'book_ticker', record: 'book_ticker' },
];

/**
 * USDT futures: the same, the ticker also carrying the derivative figures; and the liquidations, one
 * subscription of every contract's (`public_liquidates:!all`) on each socket, each keeping its own contracts'.
 */
const FUTURES_STREAMS: readonly StreamSpec[] = [
  ...STREAMS,
  { channel: 'tickers', record: 'derivative_ticker' },
  { channel: GATE_LIQUIDATIONS_CHANNEL, record: 'liquidation' },
];

/**
 * Futures sizes as decimals: without `X-Gate-Size-Decimal: 1` on the opening request Gate writes a contract
 * that trades in fractions cut to whole contracts (tardis-node `realtimefeeds/gateiofutures.ts` sends it;
 * sizes then come as decimal strings, which the frames read as they read numbers).
 */
export const GATE_FUTURES_HEADERS: Readonly<Record<string, string>> = { 'X-Gate-Size-Decimal': '1' };

/**
 * How Gate's sockets are talked to: one channel a request (a book's instrument alone), numbered requests
 * answered by their `id`, the application ping every 10 s.
 */
function connectionOf(market: GateMarket): ConnectionPlan {
  return {
    url: (baseUrl) => baseUrl,
    subscribe: {
      maxTopicsPerRequest: GATE_CONNECTION_LIMITS.maxTopicsPerRequest,
      groupOf: gateGroupOf,
      requestsPerSecond: GATE_CONNECTION_LIMITS.requestsPerSecond,
      requestId: (_connectionId, n) => String(n),
      subscribeRequest: (topics, id) => gateSubscribe(market, topics, id),
      unsubscribeRequest: (topics, id) => gateUnsubscribe(market, topics, id),
    },
    heartbeat: { intervalMs: GATE_PING_INTERVAL_MS, message: () => gatePing(market) },
    ...(market === 'futures' ? { headers: GATE_FUTURES_HEADERS } : {}),
  };
}

/**
 * What a Gate frame means to the connection: a `*.pong` answers the ping; a subscribe answer settles its
 * request by the `id` it echoes (and names the instruments it echoes); an error of a subscribe refuses that
 * request (Gate refuses a whole payload for one unknown instrument), any other error is the venue's.
 */
export function gateControl(frame: GateFrame): ControlFrame | undefined {
  switch (frame.kind) {
    case 'pong':
      return { kind: 'pong' };
    case 'ack': {
      if (frame.event !== 'subscribe') return undefined;
      const topics = frame.payload === undefined ? {} : { topics: gateTopicsOf(frame.channel, frame.payload) };
      return {
        kind: 'subscribe_ack',
        success: true,
        message: '',
        ...(frame.id === undefined ? {} : { requestId: String(frame.id) }),
        ...(frame.id === undefined ? topics : {}),
      };
    }
    case 'error': {
      const message = `gate error ${frame.code}: ${frame.message}`;
      const requestId = frame.id === undefined ? {} : { requestId: String(frame.id) };
      return frame.event === 'subscribe' ? { kind: 'subscribe_ack', success: false, message, ...requestId } : { kind: 'venue_error', message, ...requestId };
    }
    default:
      return undefined;
  }
}

function protocolOf(id: string, market: GateMarket, streams: readonly StreamSpec[]): VenueProtocol<GateFrame> {
  return {
    id,
    exchanges: [],
    env: () => 'prod',
    streams,
    topic: (symbol, stream) => gateTopic(symbol, stream.channel),
    connection: connectionOf(market),
    parse: (text) => parseGateFrame(text, market),
    control: gateControl,
    map: mapGateFrame,
    book: gateBookPlan(market),
    symbolOf: (coin, quote) => `${coin}_${quote}`,
  };
}

/** Gate spot (`BTC_USDT`): every trade, the ticker, the best bid and ask; books over `order_book_update` when asked for. */
export const gateProtocol: VenueProtocol<GateFrame> = { ...protocolOf('gate-v4-spot', 'spot', STREAMS), exchanges: ['gate'] };

/**
 * Why a futures frame this feed follows cannot be mapped: an instrument sized in contracts (a trade, a depth
 * push, a best bid/ask, a ticker's open interest, a liquidation of a contract the socket follows) whose contract
 * value the venue's list did not give, so its quantities would be contracts: refused (counted, dead-lettered),
 * never published in contracts.
 */
export function gateContractRefusal(frame: GateFrame, context: MapperContext): string | undefined {
  let symbols: readonly string[];
  switch (frame.kind) {
    case 'trades':
      symbols = frame.trades.map((t) => t.symbol);
      break;
    case 'tickers':
      symbols = frame.tickers.filter((t) => t.openInterest !== undefined).map((t) => t.symbol);
      break;
    case 'book_ticker':
    case 'book_update':
      symbols = [frame.symbol];
      break;
    case 'liquidations':
      symbols = frame.liquidations.filter((l) => gateOwnLiquidation(l.symbol, context)).map((l) => l.symbol);
      break;
    default:
      return undefined;
  }
  const missing = symbols.find((symbol) => {
    const parts = context.partsOf(symbol);
    return parts !== undefined && parts.contractValue === undefined;
  });
  return missing === undefined ? undefined : `${missing}: contract value (quanto_multiplier) unknown, its sizes are contracts: not published`;
}

/**
 * Gate USDT futures (`BTC_USDT`, keyed `BTC-USDT-PERP`): spot's streams, the ticker also giving the derivative
 * ticker (mark, index, funding, open interest), and the liquidations. Sizes are contracts, published in the
 * coin; a frame of an instrument whose contract value is unknown is refused (`gateContractRefusal`); a
 * liquidation row that cannot be read is refused alone, the push's others published.
 */
export const gateFuturesProtocol: VenueProtocol<GateFrame> = {
  ...protocolOf('gate-v4-usdt-futures', 'futures', FUTURES_STREAMS),
  exchanges: ['gate_futures'],
  refuse: gateContractRefusal,
  refusedEntries: (frame) => (frame.kind === 'liquidations' ? frame.refused : []),
};
