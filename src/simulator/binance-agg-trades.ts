import type { BinanceRestEndpoint } from './binance-depth-rest.js';
import { roundedDecimal } from './scaled-decimal.js';
import type { SimulatedMarket } from './simulated-market.js';

/** Weight of `GET /api/v3/aggTrades` (rest-api.md "Compressed/Aggregate trades list"). */
export const AGG_TRADES_WEIGHT = 4;
const DEFAULT_LIMIT = 500;
const MAX_LIMIT = 1000;
/** `startTime` and `endTime` together may span less than an hour. */
const MAX_WINDOW_MS = 60 * 60 * 1000;

const bad = (code: number, msg: string) => ({ status: 400, body: { code, msg } });

/**
 * Binance spot `GET /api/v3/aggTrades?symbol=&fromId=|startTime=&endTime=&limit=`: up to `limit`
 * (default 500, at most 1000) aggregate trades, oldest first: from the aggregate id `fromId`, or
 * from `startTime` (inclusive) to `endTime` (inclusive, less than an hour after it), else the most
 * recent. Each `{a, p, q, f, l, T, m, M}`. The simulator's trade stream gives each trade an
 * aggregate trade of its own (the `aggTrade` stream's `a` is the trade id), so `a`, `f` and `l` are
 * the trade's id here. Served from the trades the market kept, weighed on the venue's REST limiter.
 */
export function binanceAggTradesEndpoint(market: SimulatedMarket): BinanceRestEndpoint {
  return {
    path: '/api/v3/aggTrades',
    weight: () => AGG_TRADES_WEIGHT,
    answer: (query) => {
      const symbol = query.get('symbol');
      if (symbol === null || symbol === '') return bad(-1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
      const state = market.state(symbol);
      if (state === undefined) return bad(-1121, 'Invalid symbol.');
      const limitText = query.get('limit');
      const limit = limitText === null ? DEFAULT_LIMIT : Number(limitText);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return bad(-1100, "Illegal characters found in parameter 'limit'; legal range is '1-1000'.");
      const numbers = new Map<string, number>();
      for (const name of ['fromId', 'startTime', 'endTime']) {
        const text = query.get(name);
        if (text === null) continue;
        if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) return bad(-1100, `Illegal characters found in parameter '${name}'; legal range is '0-9223372036854775807'.`);
        numbers.set(name, Number(text));
      }
      const [from, start, end] = [numbers.get('fromId'), numbers.get('startTime'), numbers.get('endTime')];
      if (start !== undefined && end !== undefined && (end < start || end - start >= MAX_WINDOW_MS)) return bad(-1127, 'More than 1 hours between startTime and endTime.');
      const trades =
        from !== undefined ? market.tradesFrom(symbol, from, limit)
        : start !== undefined ? market.tradesSince(symbol, start, limit).filter((trade) => end === undefined || trade.ts <= end)
        : end !== undefined ? market.tradesSince(symbol, end - MAX_WINDOW_MS + 1, limit).filter((trade) => trade.ts <= end)
        : market.recentTrades(symbol, limit);
      const decimals = state.priceDecimals;
      return {
        status: 200,
        body: trades.map((trade) => ({
          a: trade.tradeId,
          p: roundedDecimal(trade.price, decimals),
          q: roundedDecimal(trade.quantity, 6),
          f: trade.tradeId,
          l: trade.tradeId,
          T: trade.ts,
          m: trade.isBuyerMaker,
          M: true,
        })),
      };
    },
  };
}
