import type { KlineInterval } from '../../../src/model/kline.js';
import type { SimCandle } from '../../sim-candles.js';
import type { SimConnection } from '../../sim-connection.js';
import { decimal } from '../../sim-venue-protocol.js';

/**
 * Bybit's names of the candle intervals in its kline topics (the v5 public WebSocket's kline page:
 * 1 3 5 15 30 60 120 240 360 720 D W M), written here from the venue's documentation rather than
 * taken from the client's table, so that a wrong name there fails.
 */
const INTERVAL_NAMES: Readonly<Record<KlineInterval, string>> = {
  '1m': '1',
  '3m': '3',
  '5m': '5',
  '15m': '15',
  '30m': '30',
  '1h': '60',
  '2h': '120',
  '4h': '240',
  '6h': '360',
  '12h': '720',
  '1d': 'D',
  '1w': 'W',
};

/** A `kline.{interval}.{SYMBOL}` frame of the candle, if the connection subscribed that topic. */
export function bybitKlineFrames(connection: SimConnection, candle: SimCandle, now: number): readonly string[] {
  const topic = `kline.${INTERVAL_NAMES[candle.interval]}.${candle.symbol}`;
  if (!connection.subscriptions.has(topic)) return [];
  const d = candle.priceDecimals;
  const data = {
    start: candle.openTime,
    end: candle.openTime + candle.intervalMs - 1,
    interval: INTERVAL_NAMES[candle.interval],
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
