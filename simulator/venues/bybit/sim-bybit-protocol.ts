import type { SymbolState } from '../../simulated-market.js';
import { bybitKlineFrames } from './sim-bybit-klines.js';
import { bybitTradeFrames } from './bybit-trade-frames.js';
import { decimal, type VenueProtocol } from '../../sim-venue-protocol.js';
import { answerBybitRequest } from './bybit-requests.js';

/** Bybit spot's limit on args per subscribe request (the default of `VenueLimits.maxArgsPerRequest`). */
export const BYBIT_MAX_ARGS = 10;

const TOPIC = /^(publicTrade|tickers|orderbook\.1|kline\.(?:1|3|5|15|30|60|120|240|360|720|D|W))\.([A-Z0-9]+)$/;

import { bybitJson } from './bybit-json.js';

export { bybitJson };

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
    answerBybitRequest(connection, text, context, {
      topics: TOPIC,
      subscribedMessage: 'subscribe',
      echo: (reqId) => (typeof reqId === 'string' ? { req_id: reqId } : {}),
      firstFrames: (_connection, kind, symbol, ctx) => {
        const state = ctx.state(symbol);
        if (state === undefined) return [];
        if (kind === 'tickers') return this.stateFrames(connection, state, ctx.now, 'ticker');
        return kind === 'orderbook.1' ? this.stateFrames(connection, state, ctx.now, 'book') : [];
      },
    });
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

  faultTrade: { frame: spotTradeFrame, names: { price: 'p', quantity: 'v', time: 'T', side: 'S' } },

  malformedFrame(n, symbol, now) {
    const damaged = [
      '{"topic":"publicTrade.' + symbol + '","ts":',
      spotTradeFrame(symbol, now, { p: '-5' }),
      spotTradeFrame(symbol, now, { v: 'NaN' }),
      JSON.stringify({ topic: `tickers.${symbol}`, ts: now, type: 'snapshot', data: { symbol } }),
    ];
    return damaged[n % damaged.length] ?? '';
  },
};

/** One spot `publicTrade` frame of one trade, `fields` laid over it. */
function spotTradeFrame(symbol: string, now: number, fields: Readonly<Record<string, unknown>> = {}): string {
  const trade = { i: '1', T: now, p: '1.0', v: '1.0', S: 'Buy', s: symbol, BT: false, ...fields };
  return JSON.stringify({ topic: `publicTrade.${symbol}`, ts: now, type: 'snapshot', data: [trade] });
}

/**
 * Why Bybit refuses a subscribe request, if it does: more args than `maxArgsPerRequest` ("args size
 * >10", as recorded), an unknown topic or symbol, a topic already held, or args that would take the
 * connection's held args past `maxArgsCharsPerConnection` characters (the documented 21,000; the
 * venue's wording for it is not documented, this one is the simulator's).
 */
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
