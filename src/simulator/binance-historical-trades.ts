import type { BinanceRestEndpoint } from './binance-depth-rest.js';
import { roundedDecimal } from './scaled-decimal.js';
import type { SimulatedMarket } from './simulated-market.js';

/** Weight of `GET /api/v3/historicalTrades` (rest-api.md "Old trade lookup"). */
export const HISTORICAL_TRADES_WEIGHT = 25;
const DEFAULT_LIMIT = 500;
const MAX_LIMIT = 1000;

const bad = (code: number, msg: string) => ({ status: 400, body: { code, msg } });

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
      const symbol = query.get('symbol');
      if (symbol === null || symbol === '') return bad(-1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
      const state = market.state(symbol);
      if (state === undefined) return bad(-1121, 'Invalid symbol.');
      const limitText = query.get('limit');
      const limit = limitText === null ? DEFAULT_LIMIT : Number(limitText);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return bad(-1100, "Illegal characters found in parameter 'limit'; legal range is '1-1000'.");
      const fromText = query.get('fromId');
      const fromId = fromText === null ? undefined : Number(fromText);
      if (fromId !== undefined && (!Number.isSafeInteger(fromId) || fromId < 0)) return bad(-1100, "Illegal characters found in parameter 'fromId'; legal range is '0-9223372036854775807'.");
      const trades = fromId === undefined ? market.recentTrades(symbol, limit) : market.tradesFrom(symbol, fromId, limit);
      const decimals = state.priceDecimals;
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
