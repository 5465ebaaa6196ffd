import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import { parseJson, parseWith, type ParseResult } from '../parse-result.js';
import { readBinanceDepthUpdate, type BinanceDepthFrame } from './binance-depth-frames.js';
import { readBinanceAggTrade, readBinanceKline, type BinanceAggTradeFrame, type BinanceKlineFrame } from './binance-kline-frames.js';

export type { BinanceAggTradeFrame, BinanceKlineFrame } from './binance-kline-frames.js';

/** `<sym>@trade`; the `b`/`a` order ids of pre-2024 frames are ignored. (`@aggTrade` is `BinanceAggTradeFrame`.) */
export interface BinanceTradeFrame {
  readonly kind: 'trade';
  readonly s: string;
  /** Trade id (`t`); contiguous per symbol. */
  readonly id: number;
  readonly p: string;
  readonly q: string;
  /** Trade time, ms. */
  readonly T: number;
  /** Buyer is maker: `true` means the taker sold. */
  readonly m: boolean;
}

/** `<sym>@miniTicker` (no `P`) or `<sym>@ticker` (`P` in percent). */
export interface BinanceTickerFrame {
  readonly kind: 'ticker';
  readonly s: string;
  /** Event time, ms. */
  readonly E: number;
  readonly c: string;
  readonly o?: string;
  readonly h?: string;
  readonly l?: string;
  readonly v?: string;
  readonly q?: string;
  readonly P?: string;
}

/** `<sym>@bookTicker`: spot frames carry no event time (`E`/`T` appear only on futures). */
export interface BinanceBookTickerFrame {
  readonly kind: 'book_ticker';
  readonly s: string;
  readonly u: number;
  readonly b: string;
  readonly B: string;
  readonly a: string;
  readonly A: string;
  readonly T?: number;
}

/** `{"result":...,"id":N}`: the reply to SUBSCRIBE, UNSUBSCRIBE or LIST_SUBSCRIPTIONS. */
export interface BinanceAckFrame {
  readonly kind: 'ack';
  readonly id: number | string | null;
}

/** `{"error":{"code","msg"},"id"}`: a request was refused. */
export interface BinanceErrorFrame {
  readonly kind: 'error';
  readonly code: number;
  readonly msg: string;
  readonly id: number | string | null;
}

/** Sent about ten minutes before the server closes the connection. */
export interface BinanceServerShutdownFrame {
  readonly kind: 'server_shutdown';
  readonly E: number;
}

export interface BinanceOtherFrame {
  readonly kind: 'other';
}

export type BinanceFrame =
  | BinanceTradeFrame
  | BinanceTickerFrame
  | BinanceBookTickerFrame
  | BinanceDepthFrame
  | BinanceKlineFrame
  | BinanceAggTradeFrame
  | BinanceAckFrame
  | BinanceErrorFrame
  | BinanceServerShutdownFrame
  | BinanceOtherFrame;

/** Validates one frame of a raw (`/ws`) or combined (`/stream`, `{"stream","data"}`) connection. */
export function parseBinanceFrame(text: string): ParseResult<BinanceFrame> {
  return parseBinanceEnvelope(text, readBinancePayload);
}

/**
 * One frame of a Binance connection (raw `/ws` or combined `/stream`, `{"stream","data"}`), its payload
 * unwrapped and read by `read` (a market's own events, e.g. USD-M's `markPriceUpdate`), which is given
 * the payload's path for its errors.
 */
export function parseBinanceEnvelope<F>(text: string, read: (payload: FieldReader, path: string) => F): ParseResult<F> {
  const json = parseJson(text);
  if (!json.ok) return json;
  return parseWith(() => {
    const outer = FieldReader.of(json.frame, '$');
    const combined = typeof outer.raw('stream') === 'string' && outer.has('data');
    return read(combined ? outer.child('data') : outer, combined ? '$.data' : '$');
  });
}

function requestId(value: unknown): number | string | null {
  return typeof value === 'number' || typeof value === 'string' ? value : null;
}

/** The spot family's reading of one payload: acks, errors, `serverShutdown` and the spot streams' events. */
export function readBinancePayload(r: FieldReader, path: string): BinanceFrame {
  if (r.has('error')) {
    const e = r.child('error');
    return {
      kind: 'error',
      code: typeof e.raw('code') === 'number' ? (e.raw('code') as number) : -1,
      msg: e.optionalString('msg') ?? '',
      id: requestId(r.raw('id')),
    };
  }
  if (r.has('id') && !r.has('e')) return { kind: 'ack', id: requestId(r.raw('id')) };
  switch (r.raw('e')) {
    case 'trade':
      return readTrade(r);
    case 'aggTrade':
      return readBinanceAggTrade(r);
    case 'kline':
      return readBinanceKline(r) ?? { kind: 'other' };
    case '24hrMiniTicker':
    case '24hrTicker':
      return readTicker(r);
    case 'depthUpdate':
      return readBinanceDepthUpdate(r, path);
    case 'serverShutdown':
      return { kind: 'server_shutdown', E: r.integer('E') };
    case undefined:
      return r.has('u') && r.has('b') && r.has('a') ? readBinanceBookTicker(r, path) : { kind: 'other' };
    default:
      return { kind: 'other' };
  }
}

function readTrade(r: FieldReader): BinanceTradeFrame {
  return { kind: 'trade', s: r.string('s'), id: r.integer('t'), p: r.positiveDecimal('p'), q: r.positiveDecimal('q'), T: r.integer('T'), m: r.boolean('m') };
}

/** 24 h figures that cannot be negative (open, high, low, volumes); the change `P` may be. */
const OPTIONAL_TICKER_AMOUNTS = ['o', 'h', 'l', 'v', 'q'] as const;

function readTicker(r: FieldReader): BinanceTickerFrame {
  const optional: Partial<Record<(typeof OPTIONAL_TICKER_AMOUNTS)[number] | 'P', string>> = {};
  for (const key of OPTIONAL_TICKER_AMOUNTS) {
    const value = r.optionalNonNegativeDecimal(key);
    if (value !== undefined) optional[key] = value;
  }
  const change = r.optionalDecimal('P');
  if (change !== undefined) optional.P = change;
  return { kind: 'ticker', s: r.string('s'), E: r.integer('E'), c: r.positiveDecimal('c'), ...optional };
}

/** A best bid/ask payload: spot's carries no time, USD-M's `T` (transaction time) and `E`, read as `T`, else `E`. */
export function readBinanceBookTicker(r: FieldReader, path: string): BinanceBookTickerFrame {
  const frame = {
    kind: 'book_ticker',
    s: r.string('s'),
    u: r.integer('u'),
    b: r.positiveDecimal('b'),
    B: r.positiveDecimal('B'),
    a: r.positiveDecimal('a'),
    A: r.positiveDecimal('A'),
  } as const;
  if (Number(frame.b) >= Number(frame.a)) throw new FrameParseError(path, `crossed book: bid ${frame.b} >= ask ${frame.a}`);
  const time = r.optionalInteger('T') ?? r.optionalInteger('E');
  return time === undefined ? frame : { ...frame, T: time };
}
