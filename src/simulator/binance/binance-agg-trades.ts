import type { BinanceRestEndpoint } from './binance-depth-rest.js';
import { roundedDecimal } from '../scaled-decimal.js';
import { binanceBadRequest, binanceTradeQuery } from './binance-trade-query.js';
import type { SimulatedMarket } from '../simulated-market.js';

/** Weight of `GET /api/v3/aggTrades` (rest-api.md "Compressed/Aggregate trades list"). */
export const AGG_TRADES_WEIGHT = 4;
/** `startTime` and `endTime` together may span less than an hour. */
const MAX_WINDOW_MS = 60 * 60 * 1000;

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
      const asked = binanceTradeQuery(market, query, ['fromId', 'startTime', 'endTime']);
      if ('status' in asked) return asked;
      const { symbol, limit, priceDecimals: decimals, numbers } = asked;
      const [from, start, end] = [numbers.get('fromId'), numbers.get('startTime'), numbers.get('endTime')];
      if (start !== undefined && end !== undefined && (end < start || end - start >= MAX_WINDOW_MS))
        return binanceBadRequest(-1127, 'More than 1 hours between startTime and endTime.');
      const trades =
        from !== undefined
          ? market.tradesFrom(symbol, from, limit)
          : start !== undefined
            ? market.tradesSince(symbol, start, limit).filter((trade) => end === undefined || trade.ts <= end)
            : end !== undefined
              ? market.tradesSince(symbol, end - MAX_WINDOW_MS + 1, limit).filter((trade) => trade.ts <= end)
              : market.recentTrades(symbol, limit);
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
