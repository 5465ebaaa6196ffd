import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import { parseWith, type ParseResult } from '../parse-result.js';
import type { Building } from '../../model/building.js';
import { readKrakenBookFrame, type KrakenBookFrame } from './kraken-book-frames.js';
import { amountAt, decimalTextAt, microsAt, optionalAmountAt, optionalMicrosAt } from './kraken-fields.js';
import { parseKrakenJson } from './kraken-json.js';

/** One trade of a `trade` message; `side` and `ordType` are the taker order's. */
export interface KrakenTrade {
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  /** Average price of the trade, as sent. */
  readonly price: string;
  readonly qty: string;
  readonly ordType?: string;
  /** "A sequence number, unique per book". */
  readonly tradeId: number;
  /** Trade time, epoch microseconds. */
  readonly micros: number;
}

/** A `trade` message: a snapshot (the most recent 50 trades, when asked for) or an update; several trades may be batched. */
export interface KrakenTradeFrame {
  readonly kind: 'trade';
  readonly type: 'snapshot' | 'update';
  readonly data: readonly KrakenTrade[];
}

/** One symbol's level-1 figures of a `ticker` message; 24 h figures are rolling, `change` in the quote currency. */
export interface KrakenTicker {
  readonly symbol: string;
  readonly bid: number;
  readonly bidQty: number;
  readonly ask: number;
  readonly askQty: number;
  readonly last: number;
  /** 24 h volume, base currency. */
  readonly volume?: number;
  /** 24 h volume-weighted average price. */
  readonly vwap?: number;
  readonly low?: number;
  readonly high?: number;
  /** 24 h price change, quote currency. */
  readonly change?: number;
  /** 24 h change in percent, rounded to 2 decimals by Kraken. */
  readonly changePct?: number;
  /** Time of the update, epoch microseconds (absent in older documentation examples). */
  readonly micros?: number;
}

export interface KrakenTickerFrame {
  readonly kind: 'ticker';
  readonly type: 'snapshot' | 'update';
  readonly data: readonly KrakenTicker[];
}

/** The engine's state, sent on connect and on every change: `online`, `cancel_only`, `maintenance` or `post_only`. */
export interface KrakenStatusFrame {
  readonly kind: 'status';
  readonly system: string;
  readonly version?: string;
}

/** `{"channel":"heartbeat"}`: about once a second when no other message was sent on a subscribed socket. */
export interface KrakenHeartbeatFrame {
  readonly kind: 'heartbeat';
}

/** The reply to `{"method":"ping"}`. */
export interface KrakenPongFrame {
  readonly kind: 'pong';
  readonly reqId?: number;
}

/** The reply to a method (`subscribe`, `unsubscribe`): one per symbol of the request, with its `req_id`. */
export interface KrakenAckFrame {
  readonly kind: 'ack';
  readonly method: string;
  readonly success: boolean;
  readonly reqId?: number;
  /** `result.channel` of a success. */
  readonly channel?: string;
  /** `result.symbol` of a success, the top-level `symbol` of a failure. */
  readonly symbol?: string;
  /** The reason of a failure (`Currency pair not supported XBT/EUR`). */
  readonly error?: string;
}

/** An error not answering a method (`{"Error":"Exceeded msg rate"}`). */
export interface KrakenErrorFrame {
  readonly kind: 'error';
  readonly message: string;
}

/** Valid JSON this client does not read (other channels, other methods). */
export interface KrakenOtherFrame {
  readonly kind: 'other';
}

export type { KrakenBookFrame } from './kraken-book-frames.js';

export type KrakenFrame =
  | KrakenTradeFrame
  | KrakenTickerFrame
  | KrakenBookFrame
  | KrakenStatusFrame
  | KrakenHeartbeatFrame
  | KrakenPongFrame
  | KrakenAckFrame
  | KrakenErrorFrame
  | KrakenOtherFrame;

/** Validates one server-to-client text frame of Kraken's public WebSocket v2, keeping the decimal text of every `price` and `qty`. */
export function parseKrakenFrame(text: string): ParseResult<KrakenFrame> {
  const json = parseKrakenJson(text);
  if (!json.ok) return json;
  return parseWith(() => readFrame(FieldReader.of(json.frame, '$')));
}

function readFrame(r: FieldReader): KrakenFrame {
  const method = r.raw('method');
  if (typeof method === 'string') return readReply(r, method);
  switch (r.raw('channel')) {
    case 'heartbeat':
      return { kind: 'heartbeat' };
    case 'status':
      return readStatus(r);
    case 'trade':
      return { kind: 'trade', type: typeOf(r), data: r.array('data').map((item, n) => readTrade(FieldReader.of(item, `$.data[${n}]`), `$.data[${n}]`)) };
    case 'ticker':
      return { kind: 'ticker', type: typeOf(r), data: r.array('data').map((item, n) => readTicker(FieldReader.of(item, `$.data[${n}]`), `$.data[${n}]`)) };
    case 'book':
      return readKrakenBookFrame(r);
  }
  if (r.raw('channel') === undefined) {
    const error = r.optionalString('error') ?? r.optionalString('Error');
    if (error !== undefined) return { kind: 'error', message: error };
  }
  return { kind: 'other' };
}

function readReply(r: FieldReader, method: string): KrakenFrame {
  const reqId = r.optionalInteger('req_id');
  const id = reqId === undefined ? {} : { reqId };
  if (method === 'pong') return { kind: 'pong', ...id };
  if (typeof r.raw('success') !== 'boolean') return { kind: 'other' };
  const success = r.boolean('success');
  if (success) {
    const result = r.has('result') ? r.child('result') : undefined;
    const channel = result?.optionalString('channel');
    const symbol = result?.optionalString('symbol');
    return { kind: 'ack', method, success, ...id, ...(channel === undefined ? {} : { channel }), ...(symbol === undefined ? {} : { symbol }) };
  }
  const symbol = r.optionalString('symbol');
  return { kind: 'ack', method, success, ...id, error: r.optionalString('error') ?? '', ...(symbol === undefined ? {} : { symbol }) };
}

function readStatus(r: FieldReader): KrakenStatusFrame {
  const first = FieldReader.of(r.array('data')[0], '$.data[0]');
  const version = first.optionalString('version');
  return { kind: 'status', system: first.string('system'), ...(version === undefined ? {} : { version }) };
}

function typeOf(r: FieldReader): 'snapshot' | 'update' {
  const type = r.raw('type');
  if (type !== 'snapshot' && type !== 'update') throw new FrameParseError('$.type', 'expected "snapshot" or "update"');
  return type;
}

function readTrade(t: FieldReader, path: string): KrakenTrade {
  const side = t.raw('side');
  if (side !== 'buy' && side !== 'sell') throw new FrameParseError(`${path}.side`, 'expected "buy" or "sell"');
  const ordType = t.optionalString('ord_type');
  return {
    symbol: t.string('symbol'),
    side,
    price: decimalTextAt(t, path, 'price', 'positive'),
    qty: decimalTextAt(t, path, 'qty', 'positive'),
    ...(ordType === undefined ? {} : { ordType }),
    tradeId: t.integer('trade_id'),
    micros: microsAt(t, path, 'timestamp'),
  };
}

/** 24 h figures that cannot be negative; one of 0 (no trade in 24 h) is kept and left out by the mapper. */
const TICKER_FIGURES = ['volume', 'vwap', 'low', 'high'] as const;

function readTicker(t: FieldReader, path: string): KrakenTicker {
  const ticker: Building<KrakenTicker> = {
    symbol: t.string('symbol'),
    bid: amountAt(t, path, 'bid', 'positive'),
    bidQty: amountAt(t, path, 'bid_qty', 'positive'),
    ask: amountAt(t, path, 'ask', 'positive'),
    askQty: amountAt(t, path, 'ask_qty', 'positive'),
    last: amountAt(t, path, 'last', 'positive'),
  };
  if (ticker.bid >= ticker.ask) throw new FrameParseError(path, `crossed book: bid ${ticker.bid} >= ask ${ticker.ask}`);
  for (const key of TICKER_FIGURES) {
    const value = optionalAmountAt(t, path, key, 'non-negative');
    if (value !== undefined) ticker[key] = value;
  }
  const change = optionalAmountAt(t, path, 'change', 'any');
  if (change !== undefined) ticker.change = change;
  const changePct = optionalAmountAt(t, path, 'change_pct', 'any');
  if (changePct !== undefined) ticker.changePct = changePct;
  const micros = optionalMicrosAt(t, path, 'timestamp');
  if (micros !== undefined) ticker.micros = micros;
  return ticker;
}
