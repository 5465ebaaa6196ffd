import type { EpochMillis, MarketRecordBase } from './market-record.js';

/**
 * Candle intervals both venues serve (Bybit `kline.{1,3,5,15,30,60,120,240,360,720,D,W}`,
 * Binance `kline_{1m,...,1w}`), named as Binance names them.
 */
export const KLINE_INTERVALS = ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '12h', '1d', '1w'] as const;
export type KlineInterval = (typeof KLINE_INTERVALS)[number];

const MINUTE = 60_000;

/** Each interval's length, ms. */
export const KLINE_INTERVAL_MS: Readonly<Record<KlineInterval, number>> = {
  '1m': MINUTE,
  '3m': 3 * MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': 60 * MINUTE,
  '2h': 120 * MINUTE,
  '4h': 240 * MINUTE,
  '6h': 360 * MINUTE,
  '12h': 720 * MINUTE,
  '1d': 1440 * MINUTE,
  '1w': 7 * 1440 * MINUTE,
};

/**
 * One of the venue's own candles (Bybit `kline.{interval}.SYMBOL`, Binance `<sym>@kline_<interval>`),
 * as pushed: an open candle is updated every 1-2 s until `closed`. `exchangeTs` is the venue's event
 * time (Binance `E`, Bybit `timestamp`).
 */
export interface Kline extends MarketRecordBase {
  readonly type: 'kline';
  readonly interval: KlineInterval;
  /** The interval's length, ms. */
  readonly intervalMs: number;
  /** Start of the candle (Binance `t`, Bybit `start`). */
  readonly openTime: EpochMillis;
  /** Last millisecond of the candle, inclusive (Binance `T`, Bybit `end`): `openTime + intervalMs - 1`. */
  readonly closeTime: EpochMillis;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** Base-asset volume. */
  readonly volume: number;
  /** Quote-asset volume (Binance `q`, Bybit `turnover`). */
  readonly quoteVolume: number;
  /** Trades in the candle (Binance `n`); Bybit does not say. */
  readonly tradeCount?: number;
  /** True once the candle is final (Binance `x`, Bybit `confirm`). */
  readonly closed: boolean;
}
