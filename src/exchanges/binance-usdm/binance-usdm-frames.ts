import { decimalValue, type FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { ParseResult } from '../parse-result.js';
import type { BinanceDepthFrame } from '../binance/binance-depth-frames.js';
import { readBinanceDepthUpdate } from '../binance/binance-depth-frames.js';
import { parseBinanceEnvelope, readBinanceBookTicker, readBinancePayload, type BinanceFrame } from '../binance/binance-frames.js';

/**
 * `<sym>@markPrice@1s` (`markPriceUpdate`), pushed every second whatever the market does: mark price
 * `p`, index price `i`, the funding rate `r` that applies at `T`. `P`, the estimated settle price, is
 * "only useful in the last hour before the settlement starts" (a dated contract's) and is not read.
 */
export interface BinanceMarkPriceFrame {
  readonly kind: 'mark_price';
  /** Event time, ms. */
  readonly E: number;
  readonly s: string;
  readonly p: string;
  /** Index price; absent in the early USD-M frames (2019), which carried none. */
  readonly i?: string;
  /** Funding rate, a fraction; absent when the venue sends `""` (a delivery contract's). */
  readonly r?: string;
  /** Next funding time, ms; absent when the venue sends 0 (a delivery contract's). */
  readonly T?: number;
}

/**
 * `<sym>@forceOrder`: the latest liquidation order of the symbol in each 1000 ms (none when there was
 * none), so a sample of them. `S` is the forced order's side (`SELL` closes a long), `q` its original
 * quantity, `z` the quantity it has filled so far, `X` its status, `p` its price, `T` its trade time
 * (the venue's "Liquidation Order Streams" field table).
 */
export interface BinanceForceOrderFrame {
  readonly kind: 'force_order';
  /** Event time, ms. */
  readonly E: number;
  readonly s: string;
  readonly S: 'BUY' | 'SELL';
  /** Original quantity, base asset: what the order asked for, not what it liquidated. */
  readonly q: string;
  /** Order filled accumulated quantity, base asset: 0 up to `q`. */
  readonly z: string;
  /** Order status as the venue sends it (`FILLED`, `PARTIALLY_FILLED`, `EXPIRED`, ...). */
  readonly X: string;
  readonly p: string;
  /** Order trade time, ms. */
  readonly T: number;
}

/** A USD-M `depthUpdate`: spot's fields plus `pu`, the final update id of the symbol's previous event. */
export interface BinanceUsdmDepthFrame extends BinanceDepthFrame {
  readonly pu: number;
}

/**
 * Every frame of a USD-M connection: the spot family's (acks, errors, `serverShutdown`, 24 h tickers,
 * the best bid/ask, candles, aggregate trades) with USD-M's depth, and the derivatives' own events.
 */
export type BinanceUsdmFrame = Exclude<BinanceFrame, BinanceDepthFrame> | BinanceUsdmDepthFrame | BinanceMarkPriceFrame | BinanceForceOrderFrame;

/** Validates one frame of a USD-M combined-stream connection (`/public/stream`, `/market/stream`). */
export function parseBinanceUsdmFrame(text: string): ParseResult<BinanceUsdmFrame> {
  return parseBinanceEnvelope(text, readUsdmPayload);
}

function readUsdmPayload(r: FieldReader, path: string): BinanceUsdmFrame {
  switch (r.raw('e')) {
    case 'markPriceUpdate':
      return readMarkPrice(r, path);
    case 'forceOrder':
      return readForceOrder(r, path);
    case 'bookTicker':
      return readBinanceBookTicker(r, path);
    case 'depthUpdate': {
      const depth = readBinanceDepthUpdate(r, path);
      return { ...depth, pu: r.integer('pu') };
    }
    default: {
      const frame = readBinancePayload(r, path);
      // The spot reader's depth frames never come here: `depthUpdate` is read above, with its `pu`.
      return frame.kind === 'depth' ? { kind: 'other' } : frame;
    }
  }
}

/**
 * A funding rate may be negative; `""` (a delivery contract's) and an absent `r` read as none. An absent
 * index price reads as none (the early frames'); one that is sent must be a positive decimal.
 */
function readMarkPrice(r: FieldReader, path: string): BinanceMarkPriceFrame {
  const frame: BinanceMarkPriceFrame = { kind: 'mark_price', E: r.integer('E'), s: r.string('s'), p: r.positiveDecimal('p') };
  const index = r.has('i') ? r.positiveDecimal('i') : undefined;
  const rate = fundingRate(r, path);
  const next = r.optionalInteger('T');
  return {
    ...frame,
    ...(index === undefined ? {} : { i: index }),
    ...(rate === undefined ? {} : { r: rate }),
    ...(next === undefined || next === 0 ? {} : { T: next }),
  };
}

function fundingRate(r: FieldReader, path: string): string | undefined {
  if (!r.has('r') || r.raw('r') === '') return undefined;
  const rate = r.optionalDecimal('r');
  if (rate === undefined) throw new FrameParseError(`${path}.r`, 'expected a decimal string');
  return rate;
}

/** A filled quantity `z` may be 0 (nothing filled yet) but never more than the order's `q`. */
function readForceOrder(r: FieldReader, path: string): BinanceForceOrderFrame {
  const o = r.child('o');
  const side = o.string('S');
  if (side !== 'BUY' && side !== 'SELL') throw new FrameParseError(`${path}.o.S`, `expected BUY or SELL, got ${side}`);
  const q = o.positiveDecimal('q');
  const z = o.nonNegativeDecimal('z');
  if (decimalValue(z) > decimalValue(q)) throw new FrameParseError(`${path}.o.z`, `filled ${z} is more than the order's quantity ${q}`);
  return { kind: 'force_order', E: r.integer('E'), s: o.string('s'), S: side, q, z, X: o.string('X'), p: o.positiveDecimal('p'), T: o.integer('T') };
}
