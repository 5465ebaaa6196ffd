import type { KlineInterval } from '../../model/kline.js';
import { parseDecimal, type FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';

/**
 * OKX's candle channels (`/ws/v5/business`, docs "Candlesticks channel") of the intervals every venue
 * serves; from 6 hours on, the `utc` ones, whose candles open at 00:00 UTC as Binance's and Bybit's do
 * (the plain `candle6H`..`candle1W` open at 00:00 Hong Kong time).
 */
export const OKX_CANDLE_CHANNELS: Readonly<Record<KlineInterval, string>> = {
  '1m': 'candle1m',
  '3m': 'candle3m',
  '5m': 'candle5m',
  '15m': 'candle15m',
  '30m': 'candle30m',
  '1h': 'candle1H',
  '2h': 'candle2H',
  '4h': 'candle4H',
  '6h': 'candle6Hutc',
  '12h': 'candle12Hutc',
  '1d': 'candle1Dutc',
  '1w': 'candle1Wutc',
};

const INTERVAL_BY_CHANNEL: ReadonlyMap<string, KlineInterval> = new Map(
  Object.entries(OKX_CANDLE_CHANNELS).map(([interval, channel]) => [channel, interval as KlineInterval]),
);

/** The candle channel of an interval (`candle1m`). */
export function okxCandleChannel(interval: KlineInterval): string {
  return OKX_CANDLE_CHANNELS[interval];
}

/**
 * One candle as OKX writes it, `[ts, o, h, l, c, vol, volCcy, volCcyQuote, confirm]`, all strings:
 * `vol` is base currency on spot and contracts on swaps, `volCcy` quote currency on spot and base
 * currency on swaps, `volCcyQuote` quote currency, `confirm` "1" once final (the docs' example; Klines.txt of JKorf/OKX.Net holds it).
 */
export interface OkxCandle {
  readonly start: number;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly vol: string;
  readonly volCcy: string;
  readonly volCcyQuote: string;
  readonly confirm: boolean;
}

export interface OkxCandleFrame {
  readonly kind: 'candle';
  readonly instId: string;
  readonly interval: KlineInterval;
  readonly candles: readonly OkxCandle[];
}

/** A candle push of a served interval; `undefined` for a candle channel of another (`candle1s`, `candle3M`). */
export function readCandles(r: FieldReader, channel: string, instId: string): OkxCandleFrame | undefined {
  const interval = INTERVAL_BY_CHANNEL.get(channel);
  if (interval === undefined) return undefined;
  const candles = r.array('data').map((row, n) => readCandle(row, `$.data[${n}]`));
  return { kind: 'candle', instId, interval, candles };
}

function readCandle(row: unknown, path: string): OkxCandle {
  if (!Array.isArray(row) || row.length < 9) throw new FrameParseError(path, 'expected [ts, o, h, l, c, vol, volCcy, volCcyQuote, confirm]');
  const cells = row as readonly unknown[];
  const text = (n: number, what: 'time' | 'price' | 'volume' | 'confirm'): string => {
    const value = cells[n];
    const number = parseDecimal(value);
    const ok =
      typeof value === 'string' &&
      (what === 'time'
        ? /^\d{1,15}$/.test(value)
        : what === 'confirm'
          ? value === '0' || value === '1'
          : number !== undefined && (what === 'price' ? number > 0 : number >= 0));
    if (!ok) throw new FrameParseError(`${path}[${n}]`, `expected a ${what === 'confirm' ? '"0" or "1"' : `${what} as a decimal string`}`);
    return value;
  };
  return {
    start: Number(text(0, 'time')),
    open: text(1, 'price'),
    high: text(2, 'price'),
    low: text(3, 'price'),
    close: text(4, 'price'),
    vol: text(5, 'volume'),
    volCcy: text(6, 'volume'),
    volCcyQuote: text(7, 'volume'),
    confirm: text(8, 'confirm') === '1',
  };
}
