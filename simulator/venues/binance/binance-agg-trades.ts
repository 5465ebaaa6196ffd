import type { BinanceRestEndpoint } from './binance-depth-rest.js';
import { roundedDecimal } from '../../scaled-decimal.js';
import { binanceBadRequest, binanceTradeQuery } from './binance-trade-query.js';
import type { SimulatedMarket } from '../../simulated-market.js';
import type { HistoricalTrade } from '../../trade-history.js';

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
export function binanceAggTradesEndpoint(market: SimulatedMarket, rule: AggTradesRule = SPOT_AGG_TRADES): BinanceRestEndpoint {
  return {
    path: rule.path,
    weight: () => rule.weight,
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
      return { status: 200, body: trades.map((trade) => rule.entry(trade, decimals, symbol)) };
    },
  };
}

/** A venue's aggregate trades endpoint: its path, weight and how it writes one aggregate trade. */
export interface AggTradesRule {
  readonly path: string;
  readonly weight: number;
  entry(trade: HistoricalTrade, priceDecimals: number, symbol: string): Record<string, unknown>;
}

/** Binance spot: `GET /api/v3/aggTrades`, weight 4, `{a, p, q, f, l, T, m, M}` with 6-decimal quantities. */
const SPOT_AGG_TRADES: AggTradesRule = {
  path: '/api/v3/aggTrades',
  weight: AGG_TRADES_WEIGHT,
  entry: (trade, decimals) => ({
    a: trade.tradeId,
    p: roundedDecimal(trade.price, decimals),
    q: roundedDecimal(trade.quantity, 6),
    f: trade.tradeId,
    l: trade.tradeId,
    T: trade.ts,
    m: trade.isBuyerMaker,
    M: true,
  }),
};
