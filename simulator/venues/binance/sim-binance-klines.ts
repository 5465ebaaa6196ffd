import type { SimCandle } from '../../sim-candles.js';
import type { SimConnection } from '../../sim-connection.js';
import { decimal } from '../../sim-venue-protocol.js';

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
