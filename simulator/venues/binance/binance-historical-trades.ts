import type { BinanceRestEndpoint } from './binance-depth-rest.js';
import { roundedDecimal } from '../../scaled-decimal.js';
import { binanceTradeQuery } from './binance-trade-query.js';
import type { SimulatedMarket } from '../../simulated-market.js';

/** Weight of `GET /api/v3/historicalTrades` (rest-api.md "Old trade lookup"). */
export const HISTORICAL_TRADES_WEIGHT = 25;

/**
 * Binance spot `GET /api/v3/historicalTrades?symbol=&fromId=&limit=`: up to `limit` (default 500,
 * at most 1000) of the symbol's trades from `fromId` on, oldest first, else its most recent; each
 * `{id, price, qty, quoteQty, time, isBuyerMaker, isBestMatch}` with the price and quantity strings
 * the trade stream sent. Served from the trades the market kept (its last `historyCapacity` per
 * symbol), weighed on the venue's REST limiter like the depth snapshot.
 */
export function binanceHistoricalTradesEndpoint(market: SimulatedMarket): BinanceRestEndpoint {
  return {
    path: '/api/v3/historicalTrades',
    weight: () => HISTORICAL_TRADES_WEIGHT,
    answer: (query) => {
      const asked = binanceTradeQuery(market, query, ['fromId']);
      if ('status' in asked) return asked;
      const { symbol, limit, priceDecimals: decimals } = asked;
      const fromId = asked.numbers.get('fromId');
      const trades = fromId === undefined ? market.recentTrades(symbol, limit) : market.tradesFrom(symbol, fromId, limit);
      return {
        status: 200,
        body: trades.map((trade) => ({
          id: trade.tradeId,
          price: roundedDecimal(trade.price, decimals),
          qty: roundedDecimal(trade.quantity, 6),
          quoteQty: (trade.price * trade.quantity).toFixed(8),
          time: trade.ts,
          isBuyerMaker: trade.isBuyerMaker,
          isBestMatch: true,
        })),
      };
    },
  };
}
