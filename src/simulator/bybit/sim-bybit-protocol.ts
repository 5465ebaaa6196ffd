import type { SymbolState } from '../simulated-market.js';
import { bybitKlineFrames } from './sim-bybit-klines.js';
import { bybitTradeFrames } from './bybit-trade-frames.js';
import type { SimConnection } from '../sim-connection.js';
import { decimal, type ProtocolContext, type VenueProtocol } from '../sim-venue-protocol.js';

/** Bybit spot's limit on args per subscribe request (the default of `VenueLimits.maxArgsPerRequest`). */
export const BYBIT_MAX_ARGS = 10;

const TOPIC = /^(publicTrade|tickers|orderbook\.1|kline\.(?:1|3|5|15|30|60|120|240|360|720|D|W))\.([A-Z0-9]+)$/;

/** Bybit's JSON escapes `>` as `\u003e`; clients must parse JSON, not match text. */
export function bybitJson(value: unknown): string {
  return JSON.stringify(value).replace(/>/g, '\\u003e');
}

/** Bybit v5 public spot: `{"op":"subscribe"}` with at most 10 args, one ack per request, client pings. */
export const bybitProtocol: VenueProtocol = {
  accepts: (pathname) => pathname === '/v5/public/spot',
  onConnect: () => {},
  isKlineTopic: (topic) => topic.startsWith('kline.'),
  symbolOf: (topic) => {
    const at = topic.lastIndexOf('.');
    return at === -1 ? undefined : topic.slice(at + 1);
  },

  onMessage(connection, text, context) {
    let request: { op?: unknown; args?: unknown; req_id?: unknown };
    try {
      request = JSON.parse(text) as typeof request;
    } catch {
      connection.reply(bybitJson({ success: false, ret_msg: 'error:unmarshal request failed', conn_id: connection.id, op: '' }));
      return;
    }
    const echo = typeof request.req_id === 'string' ? { req_id: request.req_id } : {};
    const answer = (success: boolean, retMsg: string, op: string): void =>
      connection.reply(bybitJson({ success, ret_msg: retMsg, conn_id: connection.id, ...echo, op }));
    if (request.op === 'ping') {
      context.recordPing();
      return answer(true, 'pong', 'ping');
    }
    if (request.op !== 'subscribe' && request.op !== 'unsubscribe') return answer(false, `error:unknown op ${String(request.op)}`, String(request.op));
    const args = Array.isArray(request.args) ? request.args.map(String) : [];
    if (request.op === 'unsubscribe') {
      for (const topic of args) connection.subscriptions.delete(topic);
      return answer(true, '', 'unsubscribe');
    }
    const refusal = subscribeRefusal(connection, args, context);
    context.recordSubscribe(args, refusal === undefined);
    if (refusal !== undefined) return answer(false, refusal, 'subscribe');
    for (const topic of args) connection.subscriptions.add(topic);
    // Snapshots may reach the client before the ack, as on the real venue.
    for (const topic of args) {
      if (context.isBookTopic(topic)) {
        for (const f of context.bookSubscribed(topic)) connection.sendData(f);
        continue;
      }
      const [, kind, symbol = ''] = TOPIC.exec(topic) ?? [];
      const state = context.state(symbol);
      if (state === undefined) continue;
      if (kind === 'tickers') for (const f of this.stateFrames(connection, state, context.now, 'ticker')) connection.sendData(f);
      if (kind === 'orderbook.1') for (const f of this.stateFrames(connection, state, context.now, 'book')) connection.sendData(f);
    }
    answer(true, 'subscribe', 'subscribe');
  },

  tradeFrames: (connection, trades, now) => bybitTradeFrames(trades, now, (topic) => connection.subscriptions.has(topic)),

  stateFrames(connection, state, now, kind) {
    if (kind === 'ticker') {
      if (!connection.subscriptions.has(`tickers.${state.symbol}`)) return [];
      return [JSON.stringify({ topic: `tickers.${state.symbol}`, ts: now, type: 'snapshot', cs: state.updateId, data: tickerData(state) })];
    }
    if (!connection.subscriptions.has(`orderbook.1.${state.symbol}`)) return [];
    const d = state.priceDecimals;
    const data = {
      s: state.symbol,
      b: [[decimal(state.bid, d), decimal(state.bidSize, 4)]],
      a: [[decimal(state.ask, d), decimal(state.askSize, 4)]],
      u: state.updateId,
      seq: state.updateId,
    };
    return [JSON.stringify({ topic: `orderbook.1.${state.symbol}`, ts: now, type: 'snapshot', data, cts: now })];
  },

  bookFrame: (_connection, message) => bybitJson(message.payload),
  klineFrames: bybitKlineFrames,

  malformedFrame(n, symbol, now) {
    const trade = { i: '1', T: now, p: '1.0', v: '1.0', S: 'Buy', s: symbol, BT: false };
    const damaged = [
      '{"topic":"publicTrade.' + symbol + '","ts":',
      JSON.stringify({ topic: `publicTrade.${symbol}`, ts: now, type: 'snapshot', data: [{ ...trade, p: '-5' }] }),
      JSON.stringify({ topic: `publicTrade.${symbol}`, ts: now, type: 'snapshot', data: [{ ...trade, v: 'NaN' }] }),
      JSON.stringify({ topic: `tickers.${symbol}`, ts: now, type: 'snapshot', data: { symbol } }),
    ];
    return damaged[n % damaged.length] ?? '';
  },
};

/**
 * Why Bybit refuses a subscribe request, if it does: more args than `maxArgsPerRequest` ("args size
 * >10", as recorded), an unknown topic or symbol, a topic already held, or args that would take the
 * connection's held args past `maxArgsCharsPerConnection` characters (the documented 21,000; the
 * venue's wording for it is not documented, this one is the simulator's).
 */
function subscribeRefusal(connection: SimConnection, args: readonly string[], context: ProtocolContext): string | undefined {
  const { maxArgsPerRequest, maxArgsCharsPerConnection } = context.limits;
  if (maxArgsPerRequest !== undefined && args.length > maxArgsPerRequest) {
    context.refused('argsPerRequest');
    return `args size >${maxArgsPerRequest}`;
  }
  for (const topic of args) {
    const match = TOPIC.exec(topic);
    if (context.isBookTopic(topic)) continue;
    if (match === null || !context.hasSymbol(match[2] ?? '')) return `error:handler not found,topic:${topic}`;
  }
  const already = args.find((topic) => connection.subscriptions.has(topic));
  if (already !== undefined) return `error:already subscribed,topic:${already}`;
  const chars = connection.subscriptions.chars + [...new Set(args)].reduce((sum, topic) => sum + topic.length, 0);
  if (maxArgsCharsPerConnection !== undefined && chars > maxArgsCharsPerConnection) {
    context.refused('argsChars');
    return `error:args length >${maxArgsCharsPerConnection}`;
  }
  return undefined;
}

function tickerData(s: SymbolState): Record<string, string> {
  const d = s.priceDecimals;
  return {
    symbol: s.symbol,
    lastPrice: decimal(s.last, d),
    highPrice24h: decimal(s.high, d),
    lowPrice24h: decimal(s.low, d),
    prevPrice24h: decimal(s.open, d),
    volume24h: decimal(s.volume, 6),
    turnover24h: decimal(s.turnover, 4),
    price24hPcnt: ((s.last - s.open) / s.open).toFixed(4),
    usdIndexPrice: '',
  };
}
