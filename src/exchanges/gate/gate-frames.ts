import { FieldReader, isJsonObject } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import { parseJson, parseWith, type ParseResult } from '../parse-result.js';
import {
  readBookTicker,
  readBookUpdate,
  readTickers,
  readTrades,
  type GateBookTickerFrame,
  type GateBookUpdateFrame,
  type GateTickersFrame,
  type GateTradesFrame,
} from './gate-market-frames.js';
import { readLiquidations, type GateLiquidationsFrame } from './gate-liquidation-frames.js';

import type { GateMarket } from './gate-fields.js';

export type { GateMarket } from './gate-fields.js';

/** The answer to the application ping (`{"channel":"spot.ping"}`): `{"channel":"spot.pong","event":"","result":null}`. */
export interface GatePongFrame {
  readonly kind: 'pong';
}

/** `{"channel","event":"subscribe"|"unsubscribe","result":{"status":"success"}}`: a request of a channel acknowledged. */
export interface GateAckFrame {
  readonly kind: 'ack';
  readonly channel: string;
  readonly event: 'subscribe' | 'unsubscribe';
  /** The request's `id`, echoed when it carried one. */
  readonly id?: number;
  /** The payload echoed (newer servers): the instruments the request named. */
  readonly payload?: readonly string[];
}

/** `{"channel","event","error":{"code","message"},"result":null}`: a refused request (docs "Error"). */
export interface GateErrorFrame {
  readonly kind: 'error';
  readonly channel: string;
  readonly event: string;
  readonly code: number;
  readonly message: string;
  readonly id?: number;
}

/** Anything valid the client does not read: another channel's push (candlesticks), another event. */
export interface GateOtherFrame {
  readonly kind: 'other';
}

export type GateFrame =
  | GatePongFrame
  | GateAckFrame
  | GateErrorFrame
  | GateOtherFrame
  | GateTradesFrame
  | GateTickersFrame
  | GateBookTickerFrame
  | GateBookUpdateFrame
  | GateLiquidationsFrame;

const PONG: GatePongFrame = { kind: 'pong' };
const OTHER: GateOtherFrame = { kind: 'other' };

/**
 * Validates one server-to-client frame of Gate's WebSocket API v4, spot and USDT futures alike:
 * `{"time","time_ms"?,"channel","event","error"?,"result"}`. Pongs, acks and errors; pushes (`event`
 * `update`, or `all` for a whole-book push) of the channels the client reads, in every shape the recordings
 * show (a `result` object, an array of them, an array nested one deeper; numbers or decimal strings where
 * futures write sizes and some prices as numbers); futures liquidations, a bad row refused alone
 * (`GateLiquidationsFrame.refused`). A push of another channel is `other`; a field missing
 * or mistyped refuses the frame, naming its path. Given the socket's `market`, a frame of the other market's
 * channels is refused.
 */
export function parseGateFrame(text: string, market?: GateMarket): ParseResult<GateFrame> {
  const json = parseJson(text);
  if (!json.ok) return json;
  return parseWith(() => readGateFrame(FieldReader.of(json.frame, '$'), market));
}

/** `market`: the socket's (a frame of the other market's channels is refused); absent, either. */
function readGateFrame(r: FieldReader, only: GateMarket | undefined): GateFrame {
  const channel = r.string('channel');
  const dot = channel.indexOf('.');
  const prefix = channel.slice(0, dot);
  const name = channel.slice(dot + 1);
  if (dot < 1 || (prefix !== 'spot' && prefix !== 'futures')) throw new FrameParseError('$.channel', 'expected a spot.* or futures.* channel');
  if (only !== undefined && prefix !== only) throw new FrameParseError('$.channel', `expected a ${only}.* channel`);
  if (name === 'pong') return PONG;
  const event = r.raw('event');
  const error = r.raw('error');
  if (error !== undefined && error !== null) return readError(r, channel, error);
  if (event === 'subscribe' || event === 'unsubscribe') return readAck(r, channel, event);
  if (event !== 'update' && event !== 'all') return OTHER;
  const market: GateMarket = prefix;
  switch (name) {
    case 'trades':
      return readTrades(r, market);
    case 'tickers':
      return readTickers(r, market);
    case 'book_ticker':
      return readBookTicker(r, market);
    case 'order_book_update':
    case 'obu':
      return readBookUpdate(r, market, name);
    case 'public_liquidates':
      return market === 'futures' ? readLiquidations(r) : OTHER;
    default:
      return OTHER;
  }
}

function requestId(r: FieldReader): number | undefined {
  const id = r.raw('id');
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : undefined;
}

function readAck(r: FieldReader, channel: string, event: 'subscribe' | 'unsubscribe'): GateAckFrame {
  const status = r.child('result').raw('status');
  if (status !== 'success') throw new FrameParseError('$.result.status', 'expected "success"');
  const id = requestId(r);
  const payload = r.raw('payload');
  const named = Array.isArray(payload) && payload.every((p): p is string => typeof p === 'string') ? payload : undefined;
  return { kind: 'ack', channel, event, ...(id === undefined ? {} : { id }), ...(named === undefined ? {} : { payload: named }) };
}

function readError(r: FieldReader, channel: string, error: unknown): GateErrorFrame {
  if (!isJsonObject(error)) throw new FrameParseError('$.error', 'expected an object');
  const e = FieldReader.of(error, '$.error');
  const code = e.raw('code');
  if (typeof code !== 'number' || !Number.isInteger(code)) throw new FrameParseError('$.error.code', 'expected an error code');
  const id = requestId(r);
  return {
    kind: 'error',
    channel,
    event: r.optionalString('event') ?? '',
    code,
    message: e.optionalString('message') ?? '',
    ...(id === undefined ? {} : { id }),
  };
}
