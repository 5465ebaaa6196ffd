import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import { parseJson, parseWith, type ParseResult } from '../parse-result.js';
import { readBybitFrame, type BybitSharedFrame } from './bybit-frames.js';

/**
 * The figures of a linear `tickers.{SYMBOL}` frame this client reads, and what each must be
 * (bybit-exchange/docs `docs/v5/websocket/public/ticker.mdx`): prices above zero, open interest and
 * the day's figures zero or more, the funding rate and the day's change of either sign, and
 * `nextFundingTime` epoch milliseconds. The rest (`bid1Price`, `tickDirection`, `basis`...) is not read.
 */
export const BYBIT_LINEAR_TICKER_FIGURES = {
  lastPrice: 'positive',
  markPrice: 'positive',
  indexPrice: 'positive',
  fundingRate: 'signed',
  nextFundingTime: 'time',
  openInterest: 'non-negative',
  openInterestValue: 'non-negative',
  prevPrice24h: 'non-negative',
  highPrice24h: 'non-negative',
  lowPrice24h: 'non-negative',
  volume24h: 'non-negative',
  turnover24h: 'non-negative',
  price24hPcnt: 'signed',
} as const;

export type BybitLinearTickerFigure = keyof typeof BYBIT_LINEAR_TICKER_FIGURES;

/**
 * A linear `tickers.{SYMBOL}` frame (pushed every 100 ms): a `snapshot` on subscribe, then `delta`s that
 * hold only the fields that changed. Figures as the venue wrote them; an absent, `null` or empty one
 * (`""`) was not sent, and a time of `"0"` (Bybit's "none", as in `deliveryTime`) neither.
 */
export interface BybitLinearTickerFrame {
  readonly kind: 'linear_ticker';
  readonly topic: string;
  readonly type: 'snapshot' | 'delta';
  /** When the system generated the data, ms. */
  readonly ts: number;
  readonly data: { readonly symbol: string } & Readonly<Partial<Record<BybitLinearTickerFigure, string>>>;
}

/** One liquidation of an `allLiquidation.{SYMBOL}` frame. */
export interface BybitLiquidation {
  /** When it happened, ms. */
  readonly T: number;
  readonly s: string;
  /** The liquidated position's side: `Buy` is a long liquidated (all-liquidation.mdx). */
  readonly S: 'Buy' | 'Sell';
  /** Executed size, base asset. */
  readonly v: string;
  /** Bankruptcy price. */
  readonly p: string;
}

/** An `allLiquidation.{SYMBOL}` push: every liquidation of the last 500 ms (all-liquidation.mdx). */
export interface BybitLiquidationFrame {
  readonly kind: 'liquidation';
  readonly topic: string;
  readonly ts: number;
  readonly data: readonly BybitLiquidation[];
}

/** A frame of the v5 public linear stream. */
export type BybitLinearFrame = BybitSharedFrame | BybitLinearTickerFrame | BybitLiquidationFrame;

/**
 * Validates one server-to-client text frame of the v5 public linear stream: trades, best bid/ask, depth,
 * candles, acks and pongs as on spot; `tickers` as snapshots and deltas; `allLiquidation`. The retired
 * `liquidation.{SYMBOL}` topic is not read (`other`).
 */
export function parseBybitLinearFrame(text: string): ParseResult<BybitLinearFrame> {
  const json = parseJson(text);
  if (!json.ok) return json;
  return parseWith(() => readBybitFrame(FieldReader.of(json.frame, '$'), readLinearTopic));
}

function readLinearTopic(r: FieldReader, topic: string): BybitLinearTickerFrame | BybitLiquidationFrame | undefined {
  if (topic.startsWith('tickers.')) return readTicker(r, topic);
  if (topic.startsWith('allLiquidation.')) {
    return { kind: 'liquidation', topic, ts: r.integer('ts'), data: r.array('data').map((l, n) => readLiquidation(FieldReader.of(l, `$.data[${n}]`), n)) };
  }
  return undefined;
}

function readTicker(r: FieldReader, topic: string): BybitLinearTickerFrame {
  const type = r.raw('type');
  if (type !== 'snapshot' && type !== 'delta') throw new FrameParseError('$.type', 'expected "snapshot" or "delta"');
  const d = r.child('data');
  const data: { symbol: string } & Partial<Record<BybitLinearTickerFigure, string>> = { symbol: d.string('symbol') };
  for (const [key, kind] of Object.entries(BYBIT_LINEAR_TICKER_FIGURES) as [
    BybitLinearTickerFigure,
    (typeof BYBIT_LINEAR_TICKER_FIGURES)[BybitLinearTickerFigure],
  ][]) {
    const value = d.raw(key);
    if (value === undefined || value === null || value === '' || (kind === 'time' && value === '0')) continue;
    data[key] = readFigure(d, key, kind);
  }
  return { kind: 'linear_ticker', topic, type, ts: r.integer('ts'), data };
}

const EPOCH_MS = /^\d{1,15}$/;

/**
 * A figure that was sent must be what it says: a changed field read as unchanged would carry a
 * stale value on until the next snapshot, so a value that is neither empty nor of its kind refuses the frame.
 */
function readFigure(d: FieldReader, key: BybitLinearTickerFigure, kind: (typeof BYBIT_LINEAR_TICKER_FIGURES)[BybitLinearTickerFigure]): string {
  switch (kind) {
    case 'positive':
      return d.positiveDecimal(key);
    case 'non-negative':
      return d.nonNegativeDecimal(key);
    case 'signed': {
      const value = d.optionalDecimal(key);
      if (value === undefined) throw new FrameParseError(`$.data.${key}`, 'expected a decimal string');
      return value;
    }
    case 'time': {
      const value = d.raw(key);
      if (typeof value !== 'string' || !EPOCH_MS.test(value)) throw new FrameParseError(`$.data.${key}`, 'expected epoch milliseconds as a decimal string');
      return value;
    }
  }
}

function readLiquidation(l: FieldReader, n: number): BybitLiquidation {
  const side = l.raw('S');
  if (side !== 'Buy' && side !== 'Sell') throw new FrameParseError(`$.data[${n}].S`, 'expected "Buy" or "Sell"');
  return { T: l.integer('T'), s: l.string('s'), S: side, v: l.positiveDecimal('v'), p: l.positiveDecimal('p') };
}
