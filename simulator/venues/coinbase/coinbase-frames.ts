import { roundedDecimal, trimmedDecimal } from '../../scaled-decimal.js';
import type { SymbolState } from '../../simulated-market.js';
import type { HistoricalTrade } from '../../trade-history.js';
import type { FrameStamp } from './coinbase-sequence.js';
import { rfc3339Micro } from './coinbase-time.js';

/** The channels the simulator serves, by the name a subscribe message gives (`level2` frames say `l2_data`). */
export const COINBASE_CHANNELS = ['market_trades', 'ticker', 'level2', 'heartbeats'] as const;
export type CoinbaseChannel = (typeof COINBASE_CHANNELS)[number];

/** A simulator topic: `<channel>:<product>` (`market_trades:BTC-USD`), or `heartbeats`, which has no product. */
export function coinbaseTopic(channel: CoinbaseChannel, productId: string): string {
  return channel === 'heartbeats' ? 'heartbeats' : `${channel}:${productId}`;
}

/** A price or size as Coinbase writes it: the value's decimals, trailing zeros trimmed (`"0.12"`, `"126296"`). */
export function coinbaseDecimal(value: number, decimals: number): string {
  return trimmedDecimal(roundedDecimal(value, decimals));
}

/** A trade's `side` on Coinbase: the MAKER's (memo §2: SELL prints at the ask), so a trade whose taker bought is `SELL`. */
export function makerSide(isBuyerMaker: boolean): 'BUY' | 'SELL' {
  return isBuyerMaker ? 'BUY' : 'SELL';
}

/** Microseconds below its millisecond of a trade's `time`, drawn from its id: the same on every channel and on REST, and before the envelope's. */
export function tradeMicros(tradeId: number): number {
  return (tradeId * 7919) % 500;
}

/** A frame in Coinbase's envelope, keys in the recorded order: `{channel, timestamp, sequence_num, events}` (no `client_id`, as in production). */
export function coinbaseEnvelope(channel: string, stamp: FrameStamp, eventsJson: string): string {
  return `{"channel":"${channel}","timestamp":"${stamp.timestamp}","sequence_num":${stamp.sequence},"events":${eventsJson}}`;
}

/** One trade of a `market_trades` event, keys in the recorded order (`product_id, trade_id, price, size, time, side`). */
export function marketTradeJson(productId: string, trade: HistoricalTrade, priceDecimals: number, sizeDecimals: number): string {
  return (
    `{"product_id":"${productId}","trade_id":"${trade.tradeId}","price":"${coinbaseDecimal(trade.price, priceDecimals)}",` +
    `"size":"${coinbaseDecimal(trade.quantity, sizeDecimals)}","time":"${rfc3339Micro(trade.ts, tradeMicros(trade.tradeId))}",` +
    `"side":"${makerSide(trade.isBuyerMaker)}"}`
  );
}

/** The `events` of a `market_trades` frame: one event of the trades given, newest first as the venue orders them. */
export function marketTradesEvents(
  type: 'snapshot' | 'update',
  productId: string,
  newestFirst: readonly HistoricalTrade[],
  priceDecimals: number,
  sizeDecimals: number,
): string {
  const trades = newestFirst.map((trade) => marketTradeJson(productId, trade, priceDecimals, sizeDecimals));
  return `[{"type":"${type}","trades":[${trades.join(',')}]}]`;
}

/** A product's lowest and highest prices of the last 52 weeks. */
export interface YearRange {
  readonly low: number;
  readonly high: number;
}

/**
 * The `events` of a `ticker` frame: one event holding one ticker, fields in the recorded order.
 * `price_percent_chg_24h` is in percent (14 decimals, trimmed), volumes with 8 decimals.
 */
export function tickerEvents(type: 'snapshot' | 'update', state: SymbolState, year: YearRange, sizeDecimals: number): string {
  const d = state.priceDecimals;
  const change = state.open === 0 ? 0 : ((state.last - state.open) / state.open) * 100;
  const ticker = {
    type: 'ticker',
    product_id: state.symbol,
    price: coinbaseDecimal(state.last, d),
    volume_24_h: coinbaseDecimal(state.volume, 8),
    low_24_h: coinbaseDecimal(state.low, d),
    high_24_h: coinbaseDecimal(state.high, d),
    low_52_w: coinbaseDecimal(year.low, d),
    high_52_w: coinbaseDecimal(year.high, d),
    price_percent_chg_24_h: trimmedDecimal(change.toFixed(14)).replace(/^-0$/, '0'),
    best_bid: coinbaseDecimal(state.bid, d),
    best_ask: coinbaseDecimal(state.ask, d),
    best_bid_quantity: coinbaseDecimal(state.bidSize, sizeDecimals),
    best_ask_quantity: coinbaseDecimal(state.askSize, sizeDecimals),
  };
  return JSON.stringify([{ type, tickers: [ticker] }]);
}

/**
 * The `events` of a `subscriptions` ack: every channel the connection holds (cumulative), channels
 * in alphabetical order as recorded, products in the order subscribed, `heartbeats: ["heartbeats"]`.
 */
export function subscriptionsEvents(topics: Iterable<string>): string {
  const byChannel = new Map<string, string[]>();
  for (const topic of topics) {
    const at = topic.indexOf(':');
    const channel = at === -1 ? topic : topic.slice(0, at);
    const products = byChannel.get(channel) ?? [];
    products.push(at === -1 ? topic : topic.slice(at + 1));
    byChannel.set(channel, products);
  }
  const subscriptions = Object.fromEntries([...byChannel].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return JSON.stringify([{ subscriptions }]);
}

/** The `events` of a `heartbeats` frame. */
export function heartbeatEvents(currentTime: string, counter: number): string {
  return `[{"current_time":"${currentTime}","heartbeat_counter":${counter}}]`;
}

/** The venue's error message: `{"type":"error","message":...}` (memo §1), no envelope and no sequence number. */
export function coinbaseError(message: string): string {
  return JSON.stringify({ type: 'error', message });
}
