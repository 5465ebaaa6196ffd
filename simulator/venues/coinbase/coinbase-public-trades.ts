import type { SimulatedMarket } from '../../simulated-market.js';
import type { HistoricalTrade } from '../../trade-history.js';
import { coinbaseDecimal, makerSide, tradeMicros } from './coinbase-frames.js';
import { rfc3339Micros6 } from './coinbase-time.js';

/** Rows of an answer without `start`/`end`, whatever `limit` says (observed on the live venue: 100, 500 and 1000 all gave 100). */
export const COINBASE_TICKER_ROWS_WITHOUT_WINDOW = 100;
/** The largest `limit` served (1000 is observed to work; above it the venue's answer is not on record, the simulator serves 1000). */
export const COINBASE_TICKER_MAX_LIMIT = 1000;

/** An answer as status and JSON body. */
export interface JsonAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** Coinbase's error body: `{error, error_details, message}` (e.g. 404 `NOT_FOUND` "valid product_id is required"). */
export function coinbaseRestError(status: number, error: string, details: string): JsonAnswer {
  return { status, body: { error, error_details: details, message: details } };
}

/**
 * `GET /api/v3/brokerage/market/products/{product_id}/ticker?limit=&start=&end=` (Get Public Market
 * Trades) from the trades the market kept: `{trades, best_bid, best_ask}`, trades newest first, each
 * `{trade_id, product_id, price, size, time, side, bid, ask, exchange}` as a live answer has them
 * (`bid`/`ask` empty, `exchange` "coinbase", `time` with six fractional digits), `side` the maker's as
 * on the WebSocket, `trade_id` the WebSocket's. `limit` is required (1 or more). Without `start` and
 * `end` the newest `min(limit, 100)`; with them (UNIX seconds, both ends inclusive) the newest
 * `min(limit, 1000)` trades of the window. There is no cursor: older trades are reached by moving `end`.
 */
export function publicTradesAnswer(market: SimulatedMarket, productId: string, query: URLSearchParams): JsonAnswer {
  const state = market.state(productId);
  if (state === undefined) return coinbaseRestError(404, 'NOT_FOUND', 'valid product_id is required');
  const limitText = query.get('limit');
  const limit = limitText === null ? Number.NaN : wholeNumber(limitText);
  if (!(limit >= 1)) return coinbaseRestError(400, 'INVALID_ARGUMENT', limitText === null ? 'limit is required' : `invalid limit ${limitText}`);
  const start = query.get('start');
  const end = query.get('end');
  const startSeconds = start === null ? undefined : wholeNumber(start);
  const endSeconds = end === null ? undefined : wholeNumber(end);
  if (Number.isNaN(startSeconds) || Number.isNaN(endSeconds)) return coinbaseRestError(400, 'INVALID_ARGUMENT', 'start and end are UNIX timestamps in seconds');
  const sizeDecimals = market.listing(productId)?.sizeDecimals ?? 8;
  let trades: HistoricalTrade[];
  if (startSeconds === undefined && endSeconds === undefined) {
    trades = market.recentTrades(productId, Math.min(limit, COINBASE_TICKER_ROWS_WITHOUT_WINDOW));
  } else {
    const to = endSeconds === undefined ? Number.POSITIVE_INFINITY : endSeconds * 1000;
    const inWindow = (
      startSeconds === undefined ? market.madeTrades(productId) : market.tradesSince(productId, startSeconds * 1000, Number.MAX_SAFE_INTEGER)
    ).filter((t) => t.ts <= to);
    trades = inWindow.slice(Math.max(0, inWindow.length - Math.min(limit, COINBASE_TICKER_MAX_LIMIT)));
  }
  const rows = trades.reverse().map((trade) => ({
    trade_id: String(trade.tradeId),
    product_id: productId,
    price: coinbaseDecimal(trade.price, state.priceDecimals),
    size: coinbaseDecimal(trade.quantity, sizeDecimals),
    time: rfc3339Micros6(trade.ts, tradeMicros(trade.tradeId)),
    side: makerSide(trade.isBuyerMaker),
    bid: '',
    ask: '',
    exchange: 'coinbase',
  }));
  const d = state.priceDecimals;
  return { status: 200, body: { trades: rows, best_bid: coinbaseDecimal(state.bid, d), best_ask: coinbaseDecimal(state.ask, d) } };
}

/** A whole number written in decimal digits, else NaN. */
function wholeNumber(text: string): number {
  return /^\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
}
