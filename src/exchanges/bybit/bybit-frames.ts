import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import { parseJson, parseWith, type ParseResult } from '../parse-result.js';
import { isBybitBookTopic, readBybitBookFrame, type BybitBookFrame } from './bybit-book-frames.js';
import { isBybitKlineTopic, readBybitKlineFrame, type BybitKlineFrame } from './bybit-kline-frames.js';

/** One trade of a `publicTrade.{SYMBOL}` frame; `seq`, `BT`, `RPI` and `L` are optional across schema versions. */
export interface BybitTrade {
  /** Trade id: numeric string on spot, a UUID on linear. */
  readonly i: string;
  /** Fill time, ms. */
  readonly T: number;
  readonly p: string;
  readonly v: string;
  /** Taker side. */
  readonly S: 'Buy' | 'Sell';
  readonly s: string;
  readonly seq?: number;
}

export interface BybitTradeFrame {
  readonly kind: 'trade';
  readonly topic: string;
  readonly ts: number;
  readonly data: readonly BybitTrade[];
}

/** A spot `tickers.{SYMBOL}` snapshot: every field a string; `price24hPcnt` is a fraction. */
export interface BybitTickerFrame {
  readonly kind: 'ticker';
  readonly topic: string;
  readonly ts: number;
  readonly data: {
    readonly symbol: string;
    readonly lastPrice: string;
    readonly highPrice24h?: string;
    readonly lowPrice24h?: string;
    readonly prevPrice24h?: string;
    readonly volume24h?: string;
    readonly turnover24h?: string;
    readonly price24hPcnt?: string;
  };
}

/** An `orderbook.1.{SYMBOL}` snapshot: the best level on each side, `[price, size]`. */
export interface BybitOrderbookFrame {
  readonly kind: 'orderbook';
  readonly topic: string;
  readonly ts: number;
  readonly data: {
    readonly s: string;
    readonly bid?: readonly [string, string];
    readonly ask?: readonly [string, string];
    readonly u: number;
  };
}

/** Reply to a subscribe (or unsubscribe) request: one per request, not per topic. */
export interface BybitAckFrame {
  readonly kind: 'ack';
  readonly op: string;
  readonly success: boolean;
  readonly retMsg: string;
  readonly reqId?: string;
}

/** Spot (`ret_msg:"pong"`, `op:"ping"`) and option/private (`op:"pong"`) heartbeat replies. */
export interface BybitPongFrame {
  readonly kind: 'pong';
}

/** Valid JSON this client does not use (other topics, unknown ops). */
export interface BybitOtherFrame {
  readonly kind: 'other';
}

export type { BybitBookFrame } from './bybit-book-frames.js';
export type { BybitKlineFrame } from './bybit-kline-frames.js';

/** The frames every v5 public category (spot, linear) sends alike: trades, best bid/ask, depth, candles, acks and pongs. */
export type BybitSharedFrame = BybitTradeFrame | BybitOrderbookFrame | BybitBookFrame | BybitKlineFrame | BybitAckFrame | BybitPongFrame | BybitOtherFrame;

/** A frame of the v5 public spot stream. */
export type BybitFrame = BybitSharedFrame | BybitTickerFrame;

/** Validates one server-to-client text frame of the v5 public spot stream. */
export function parseBybitFrame(text: string): ParseResult<BybitFrame> {
  const json = parseJson(text);
  if (!json.ok) return json;
  return parseWith(() => readBybitFrame(FieldReader.of(json.frame, '$'), readSpotTopic));
}

/** Spot's own topic: `tickers.{SYMBOL}`, a full snapshot every time. */
function readSpotTopic(r: FieldReader, topic: string): BybitTickerFrame | undefined {
  return topic.startsWith('tickers.') ? { kind: 'ticker', topic, ts: r.integer('ts'), data: readTicker(r.child('data')) } : undefined;
}

/**
 * Reads one frame of a v5 public category: a pong, an ack, or a data frame by its topic. `readOwnTopic`
 * reads the topics whose frames differ by category (spot and linear `tickers`, linear `allLiquidation`)
 * and returns `undefined` for the others, which are read alike; a topic no one reads is `other`.
 * Throws `FrameParseError` naming the first offending field.
 */
export function readBybitFrame<T>(r: FieldReader, readOwnTopic: (r: FieldReader, topic: string) => T | undefined): BybitSharedFrame | T {
  if (r.raw('ret_msg') === 'pong' || r.raw('op') === 'pong') return { kind: 'pong' };
  if (typeof r.raw('success') === 'boolean') {
    const reqId = r.optionalString('req_id');
    return {
      kind: 'ack',
      op: r.optionalString('op') ?? '',
      success: r.boolean('success'),
      retMsg: r.optionalString('ret_msg') ?? '',
      ...(reqId === undefined || reqId === '' ? {} : { reqId }),
    };
  }
  const topic = r.optionalString('topic');
  if (topic === undefined) return { kind: 'other' };
  const own = readOwnTopic(r, topic);
  if (own !== undefined) return own;
  if (topic.startsWith('publicTrade.')) {
    return { kind: 'trade', topic, ts: r.integer('ts'), data: r.array('data').map((t, n) => readTrade(FieldReader.of(t, `$.data[${n}]`), n)) };
  }
  if (topic.startsWith('orderbook.1.')) return { kind: 'orderbook', topic, ts: r.integer('ts'), data: readBook(r.child('data'), r.raw('type')) };
  if (isBybitBookTopic(topic)) return readBybitBookFrame(r, topic);
  if (isBybitKlineTopic(topic)) return readBybitKlineFrame(r, topic) ?? { kind: 'other' };
  return { kind: 'other' };
}

function readTrade(t: FieldReader, n: number): BybitTrade {
  const side = t.raw('S');
  if (side !== 'Buy' && side !== 'Sell') throw new FrameParseError(`$.data[${n}].S`, 'expected "Buy" or "Sell"');
  const seq = t.optionalInteger('seq');
  return {
    i: t.string('i'),
    T: t.integer('T'),
    p: t.positiveDecimal('p'),
    v: t.positiveDecimal('v'),
    S: side,
    s: t.string('s'),
    ...(seq === undefined ? {} : { seq }),
  };
}

/** 24 h figures that cannot be negative (prices, volumes); the change may be. */
const OPTIONAL_TICKER_AMOUNTS = ['highPrice24h', 'lowPrice24h', 'prevPrice24h', 'volume24h', 'turnover24h'] as const;

function readTicker(d: FieldReader): BybitTickerFrame['data'] {
  const optional: Partial<Record<(typeof OPTIONAL_TICKER_AMOUNTS)[number] | 'price24hPcnt', string>> = {};
  for (const key of OPTIONAL_TICKER_AMOUNTS) {
    const value = d.optionalNonNegativeDecimal(key);
    if (value !== undefined) optional[key] = value;
  }
  const change = d.optionalDecimal('price24hPcnt');
  if (change !== undefined) optional.price24hPcnt = change;
  return { symbol: d.string('symbol'), lastPrice: d.positiveDecimal('lastPrice'), ...optional };
}

/**
 * The best level of each side of an `orderbook.1` frame. Level 1 is snapshot-only today (orderbook.mdx,
 * changelog 2025-03-20); the deltas it sent before (recorded in 2023) name the old best with size `"0"`
 * beside the new one, so a delta's level of size zero is a removal and passed over, and a side a delta
 * leaves empty is not known from this frame alone (the frame makes no best bid/ask).
 */
function readBook(d: FieldReader, type: unknown): BybitOrderbookFrame['data'] {
  const removals = type === 'delta';
  const bid = readLevel(d, 'b', removals);
  const ask = readLevel(d, 'a', removals);
  if (bid !== undefined && ask !== undefined && Number(bid[0]) >= Number(ask[0])) {
    throw new FrameParseError('$.data', `crossed book: bid ${bid[0]} >= ask ${ask[0]}`);
  }
  return { s: d.string('s'), u: d.integer('u'), ...(bid === undefined ? {} : { bid }), ...(ask === undefined ? {} : { ask }) };
}

function readLevel(d: FieldReader, side: 'b' | 'a', removals: boolean): readonly [string, string] | undefined {
  const levels = d.array(side);
  for (let n = 0; n < levels.length; n++) {
    const entry: unknown = levels[n];
    if (!Array.isArray(entry)) throw new FrameParseError(`$.data.${side}[${n}]`, 'expected [price, size]');
    const pair = entry as readonly unknown[];
    const level = FieldReader.of({ price: pair[0], size: pair[1] }, `$.data.${side}[${n}]`);
    const price = level.positiveDecimal('price');
    if (removals && Number(level.nonNegativeDecimal('size')) === 0) continue;
    return [price, level.positiveDecimal('size')];
  }
  return undefined;
}
