import { binanceKlineFrames } from './sim-binance-klines.js';
import { readBinanceWsRequest } from './binance-ws-request.js';
import type { SimConnection } from '../../sim-connection.js';
import { roundedDecimal } from '../../scaled-decimal.js';
import { decimal, type TradeFrame, type VenueProtocol } from '../../sim-venue-protocol.js';

const STREAM = /^([a-z0-9]+)@(trade|aggTrade|miniTicker|ticker|bookTicker|depth|depth@100ms|kline_(?:1m|3m|5m|15m|30m|1h|2h|4h|6h|12h|1d|1w))$/;

/** The valid streams an upgrade URL names (`/ws/<stream>`, `/stream?streams=a/b`), without repeats. */
function urlStreams(url: URL): string[] {
  const named = url.pathname.startsWith('/ws/') ? [url.pathname.slice(4)] : (url.searchParams.get('streams') ?? '').split('/');
  return [...new Set(named.filter((stream) => STREAM.test(stream)))];
}

/** Binance spot (and Binance.US, testnet): streams in the URL or by SUBSCRIBE; server-driven pings. */
export const binanceProtocol: VenueProtocol = {
  accepts: (pathname) => pathname === '/stream' || pathname === '/ws' || pathname.startsWith('/ws/'),

  onConnect(connection, url) {
    connection.combined = url.pathname === '/stream';
    for (const stream of urlStreams(url)) connection.subscriptions.add(stream);
  },

  urlTopics: urlStreams,
  isKlineTopic: (topic) => topic.includes('@kline_'),
  symbolOf: (topic) => {
    const at = topic.indexOf('@');
    return at <= 0 ? undefined : topic.slice(0, at).toUpperCase();
  },

  onMessage(connection, text, context) {
    const request = readBinanceWsRequest(connection, text);
    if (request === undefined) return;
    const { id, params } = request;
    switch (request.method) {
      case 'SUBSCRIBE': {
        const valid = params.every((p) => STREAM.test(p));
        const max = context.limits.maxTopicsPerConnection;
        const fits = max === undefined || connection.subscriptions.size + params.filter((p) => !connection.subscriptions.has(p)).length <= max;
        context.recordSubscribe(params, valid && fits);
        if (!valid) return connection.reply(JSON.stringify({ error: { code: 2, msg: 'Invalid request: invalid stream' }, id }));
        if (!fits) {
          // As Binance answers past 1024 streams (unicorn-binance-websocket-api#17); nothing of the request is taken.
          context.refused('topicsPerConnection');
          return connection.reply(JSON.stringify({ error: { code: 4, msg: 'Too many subscriptions' }, id }));
        }
        for (const p of params) {
          connection.subscriptions.add(p);
          if (context.isBookTopic(p)) context.bookSubscribed(p);
        }
        return connection.reply(JSON.stringify({ result: null, id }));
      }
      case 'UNSUBSCRIBE':
        for (const p of params) connection.subscriptions.delete(p);
        return connection.reply(JSON.stringify({ result: null, id }));
      case 'LIST_SUBSCRIPTIONS':
        return connection.reply(JSON.stringify({ result: [...connection.subscriptions], id }));
      default:
        return connection.reply(JSON.stringify({ error: { code: 2, msg: 'Invalid request: unknown method' }, id }));
    }
  },

  tradeFrames(connection, trades) {
    const frames: TradeFrame[] = [];
    for (const trade of trades) {
      const sym = trade.symbol.toLowerCase();
      const tradeStream = `${sym}@trade`;
      const aggStream = `${sym}@aggTrade`;
      const wantsTrade = connection.subscriptions.has(tradeStream);
      const wantsAgg = connection.subscriptions.has(aggStream);
      if (!wantsTrade && !wantsAgg) continue;
      const p = roundedDecimal(trade.price, trade.priceDecimals);
      const q = roundedDecimal(trade.quantity, 6);
      const carried = [trade];
      if (wantsTrade) {
        const payload = { e: 'trade', E: trade.ts, s: trade.symbol, t: trade.tradeId, p, q, T: trade.ts, m: trade.isBuyerMaker, M: true };
        frames.push({ payload: wrap(connection, tradeStream, payload), trades: carried });
      }
      if (wantsAgg) {
        const agg = {
          e: 'aggTrade',
          E: trade.ts,
          s: trade.symbol,
          a: trade.tradeId,
          p,
          q,
          f: trade.tradeId,
          l: trade.tradeId,
          T: trade.ts,
          m: trade.isBuyerMaker,
          M: true,
        };
        frames.push({ payload: wrap(connection, aggStream, agg), trades: carried });
      }
    }
    return frames;
  },

  stateFrames(connection, s, now, kind) {
    const sym = s.symbol.toLowerCase();
    const d = s.priceDecimals;
    const frames: string[] = [];
    if (kind === 'book') {
      if (connection.subscriptions.has(`${sym}@bookTicker`)) {
        frames.push(
          wrap(connection, `${sym}@bookTicker`, {
            u: s.updateId,
            s: s.symbol,
            b: decimal(s.bid, d),
            B: decimal(s.bidSize, 4),
            a: decimal(s.ask, d),
            A: decimal(s.askSize, 4),
          }),
        );
      }
      return frames;
    }
    const mini = {
      E: now,
      s: s.symbol,
      c: decimal(s.last, d),
      o: decimal(s.open, d),
      h: decimal(s.high, d),
      l: decimal(s.low, d),
      v: decimal(s.volume, 6),
      q: decimal(s.turnover, 4),
    };
    if (connection.subscriptions.has(`${sym}@miniTicker`)) frames.push(wrap(connection, `${sym}@miniTicker`, { e: '24hrMiniTicker', ...mini }));
    if (connection.subscriptions.has(`${sym}@ticker`)) {
      const percent = (((s.last - s.open) / s.open) * 100).toFixed(3);
      frames.push(
        wrap(connection, `${sym}@ticker`, {
          e: '24hrTicker',
          ...mini,
          p: decimal(s.last - s.open, d),
          P: percent,
          b: decimal(s.bid, d),
          B: decimal(s.bidSize, 4),
          a: decimal(s.ask, d),
          A: decimal(s.askSize, 4),
          n: s.updateId,
        }),
      );
    }
    return frames;
  },

  bookFrame: (connection, message) => wrap(connection, message.topic, message.payload),
  shutdownFrame: (connection, now) => wrap(connection, '!serverShutdown', { e: 'serverShutdown', E: now }),
  klineFrames: binanceKlineFrames,

  faultTrade: { frame: spotTradeFrame, names: { price: 'p', quantity: 'q', time: 'T', side: 'm' } },

  malformedFrame(n, symbol, now) {
    const damaged = [
      '{"stream":"' + symbol.toLowerCase() + '@trade","data":{"e":"trade",',
      spotTradeFrame(symbol, now, { p: '-1' }),
      spotTradeFrame(symbol, now, { q: 'NaN' }),
      JSON.stringify({ stream: `${symbol.toLowerCase()}@bookTicker`, data: { u: 1, s: symbol, b: '2', B: '1', a: '1', A: '1' } }),
    ];
    return damaged[n % damaged.length] ?? '';
  },
};

/** One `<symbol>@trade` frame on a combined stream, `fields` laid over the trade. */
function spotTradeFrame(symbol: string, now: number, fields: Readonly<Record<string, unknown>> = {}): string {
  const trade = { e: 'trade', E: now, s: symbol, t: 1, p: '1.0', q: '1.0', T: now, m: false, M: true, ...fields };
  return JSON.stringify({ stream: `${symbol.toLowerCase()}@trade`, data: trade });
}

function wrap(connection: SimConnection, stream: string, payload: Record<string, unknown>): string {
  return JSON.stringify(connection.combined ? { stream, data: payload } : payload);
}
