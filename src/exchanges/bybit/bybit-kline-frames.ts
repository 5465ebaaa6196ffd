import type { KlineInterval } from '../../model/kline.js';
import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';

/** Bybit's interval names (`kline.{interval}.{SYMBOL}`) of the intervals both venues serve. */
export const BYBIT_KLINE_INTERVALS: Readonly<Record<KlineInterval, string>> = {
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

const INTERVAL_BY_NAME: ReadonlyMap<string, KlineInterval> = new Map(
  Object.entries(BYBIT_KLINE_INTERVALS).map(([interval, name]) => [name, interval as KlineInterval]),
);

/** One candle of a `kline.{interval}.{SYMBOL}` frame; prices and volumes as the venue wrote them. */
export interface BybitCandle {
  readonly start: number;
  /** Last millisecond of the candle, inclusive. */
  readonly end: number;
  readonly interval: KlineInterval;
  readonly open: string;
  readonly close: string;
  readonly high: string;
  readonly low: string;
  readonly volume: string;
  readonly turnover: string;
  /** True once the candle has closed. */
  readonly confirm: boolean;
  /** Time of the candle's last matched order, ms. */
  readonly timestamp: number;
}

/** A `kline.{interval}.{SYMBOL}` push (every 1-60 s); the symbol is only in the topic. */
export interface BybitKlineFrame {
  readonly kind: 'kline';
  readonly topic: string;
  readonly symbol: string;
  readonly ts: number;
  readonly data: readonly BybitCandle[];
}

const KLINE_TOPIC = /^kline\.([0-9A-Z]+)\.([0-9A-Z]+)$/;

/** True for `kline.{interval}.{SYMBOL}` topics (not `kline_lt.`). */
export function isBybitKlineTopic(topic: string): boolean {
  return KLINE_TOPIC.test(topic);
}

/**
 * Validates a kline frame: prices > 0, volumes >= 0, integer times, a boolean `confirm`. A frame of
 * an interval this client does not serve (`M`) is `undefined`: valid, but not ours.
 */
export function readBybitKlineFrame(r: FieldReader, topic: string): BybitKlineFrame | undefined {
  const [, name = '', symbol = ''] = KLINE_TOPIC.exec(topic) ?? [];
  const interval = INTERVAL_BY_NAME.get(name);
  if (interval === undefined) return undefined;
  const data = r.array('data').map((value, n) => readCandle(FieldReader.of(value, `$.data[${n}]`), interval, n));
  return { kind: 'kline', topic, symbol, ts: r.integer('ts'), data };
}

function readCandle(c: FieldReader, interval: KlineInterval, n: number): BybitCandle {
  const named = c.raw('interval');
  // Read as sent, never converted: a value that is no string (an array of objects) could not even be written as one.
  if (named !== undefined && (typeof named !== 'string' || INTERVAL_BY_NAME.get(named) !== interval)) {
    throw new FrameParseError(`$.data[${n}].interval`, 'does not match the topic');
  }
  const start = c.integer('start');
  const end = c.integer('end');
  if (end < start) throw new FrameParseError(`$.data[${n}].end`, 'before start');
  return {
    start,
    end,
    interval,
    open: c.positiveDecimal('open'),
    close: c.positiveDecimal('close'),
    high: c.positiveDecimal('high'),
    low: c.positiveDecimal('low'),
    volume: c.nonNegativeDecimal('volume'),
    turnover: c.nonNegativeDecimal('turnover'),
    confirm: c.boolean('confirm'),
    timestamp: c.integer('timestamp'),
  };
}

/** The channel of an interval's candles, e.g. `kline.1` for 1 minute. */
export function bybitKlineChannel(interval: KlineInterval): string {
  return `kline.${BYBIT_KLINE_INTERVALS[interval]}`;
}
