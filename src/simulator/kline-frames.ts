import { BYBIT_KLINE_INTERVALS } from '../exchanges/bybit/bybit-kline-frames.js';
import type { SimCandle } from './sim-candles.js';
import type { SimConnection } from './sim-connection.js';
import { decimal } from './sim-venue-protocol.js';

/** A `kline.{interval}.{SYMBOL}` frame of the candle, if the connection subscribed that topic. */
export function bybitKlineFrames(connection: SimConnection, candle: SimCandle, now: number): readonly string[] {
  const topic = `kline.${BYBIT_KLINE_INTERVALS[candle.interval]}.${candle.symbol}`;
  if (!connection.subscriptions.has(topic)) return [];
  const d = candle.priceDecimals;
  const data = {
    start: candle.openTime,
    end: candle.openTime + candle.intervalMs - 1,
    interval: BYBIT_KLINE_INTERVALS[candle.interval],
    open: decimal(candle.open, d),
    close: decimal(candle.close, d),
    high: decimal(candle.high, d),
    low: decimal(candle.low, d),
    volume: decimal(candle.volume, 6),
    turnover: decimal(candle.quoteVolume, 4),
    confirm: candle.closed,
    timestamp: candle.closed ? candle.lastTradeTs : now,
  };
  return [JSON.stringify({ topic, data: [data], ts: now, type: 'snapshot' })];
}

/** A `<sym>@kline_<interval>` event of the candle, if the connection subscribed that stream. */
export function binanceKlineFrames(connection: SimConnection, candle: SimCandle, now: number): readonly string[] {
  const stream = `${candle.symbol.toLowerCase()}@kline_${candle.interval}`;
  if (!connection.subscriptions.has(stream)) return [];
  const d = candle.priceDecimals;
  const k = {
    t: candle.openTime,
    T: candle.openTime + candle.intervalMs - 1,
    s: candle.symbol,
    i: candle.interval,
    f: candle.firstTradeId,
    L: candle.lastTradeId,
    o: decimal(candle.open, d),
    c: decimal(candle.close, d),
    h: decimal(candle.high, d),
    l: decimal(candle.low, d),
    v: decimal(candle.volume, 6),
    n: candle.tradeCount,
    x: candle.closed,
    q: decimal(candle.quoteVolume, 4),
    V: decimal(candle.buyVolume, 6),
    Q: decimal(candle.buyQuoteVolume, 4),
    B: '0',
  };
  const payload = { e: 'kline', E: now, s: candle.symbol, k };
  return [JSON.stringify(connection.combined ? { stream, data: payload } : payload)];
}
