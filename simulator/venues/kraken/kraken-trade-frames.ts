import { roundedDecimal } from '../../scaled-decimal.js';
import type { SimulatedMarket } from '../../simulated-market.js';
import type { HistoricalTrade } from '../../trade-history.js';
import { rfc3339Micros } from './kraken-json.js';

/** Trades in the snapshot a `trade` subscription with `snapshot: true` gets (spot-websocket-v2/trade: "the most recent 50 trades"). */
export const KRAKEN_TRADE_SNAPSHOT_SIZE = 50;

/** The pair's precisions: decimals of a price and of a quantity. */
export interface PairDecimals {
  readonly price: number;
  readonly qty: number;
}

/** The taker order's type, drawn from the trade id so that the stream and REST agree: one trade in four fills a limit order. */
export function krakenOrdType(tradeId: number): 'market' | 'limit' {
  return tradeId % 4 === 0 ? 'limit' : 'market';
}

/**
 * A trade's time in microseconds: its millisecond, plus its place among the symbol's trades of that
 * millisecond (ids are consecutive per pair), so that times are unique and increase with the id, and
 * the WebSocket `timestamp`, the REST `time` and the REST `last` cursor (nanoseconds) name the same
 * instant for the same trade.
 */
export function krakenTradeMicros(market: SimulatedMarket, symbol: string, trade: Pick<HistoricalTrade, 'tradeId' | 'ts'>): number {
  const first = market.tradesSince(symbol, trade.ts, 1)[0];
  const place = first === undefined || first.ts !== trade.ts ? 0 : Math.max(0, Math.min(999, trade.tradeId - first.tradeId));
  return trade.ts * 1000 + place;
}

/**
 * A Kraken v2 `trade` frame of one symbol's trades, oldest first, keys as documented (`symbol, side,
 * price, qty, ord_type, trade_id, timestamp`): `side` the taker's, price and quantity JSON numbers at
 * the pair's precision with trailing zeros kept, `trade_id` the pair's consecutive id, `timestamp`
 * RFC 3339 with microseconds. The text is written directly: it is the same for every connection.
 */
export function krakenTradeFrame(
  market: SimulatedMarket,
  type: 'snapshot' | 'update',
  symbol: string,
  trades: readonly HistoricalTrade[],
  decimals: PairDecimals,
): string {
  const name = JSON.stringify(symbol);
  const rows = trades.map((t) => {
    const side = t.isBuyerMaker ? 'sell' : 'buy';
    const timestamp = rfc3339Micros(krakenTradeMicros(market, symbol, t));
    return `{"symbol":${name},"side":"${side}","price":${roundedDecimal(t.price, decimals.price)},"qty":${roundedDecimal(t.quantity, decimals.qty)},"ord_type":"${krakenOrdType(t.tradeId)}","trade_id":${t.tradeId},"timestamp":"${timestamp}"}`;
  });
  return `{"channel":"trade","type":"${type}","data":[${rows.join(',')}]}`;
}
