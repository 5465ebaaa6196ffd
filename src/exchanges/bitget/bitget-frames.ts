import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import { parseJson, parseWith, type ParseResult } from '../parse-result.js';
import {
  BITGET_BOOK_CHANNELS,
  readBook,
  readLiquidations,
  readTickers,
  readTrades,
  type BitgetBookFrame,
  type BitgetLiquidationsFrame,
  type BitgetTickerFrame,
  type BitgetTradesFrame,
} from './bitget-market-frames.js';

/** One subscription argument as Bitget takes and echoes it (docs "Subscribe"): an instrument type, a channel, an instrument. */
export interface BitgetArg {
  readonly instType: string;
  readonly channel: string;
  readonly instId: string;
}

/** The answer to the keep-alive `ping`: the text `pong`, not JSON. */
export interface BitgetPongFrame {
  readonly kind: 'pong';
}

/** `{"event":"subscribe"|"unsubscribe","arg":{..}}`: one argument of a request acknowledged. */
export interface BitgetAckFrame {
  readonly kind: 'ack';
  readonly event: 'subscribe' | 'unsubscribe';
  readonly arg: BitgetArg;
}

/** `{"event":"error","code":30001,"msg":"...","arg":{..}}`: a refused request, naming its argument when it refused one. */
export interface BitgetErrorFrame {
  readonly kind: 'error';
  readonly code: string;
  readonly msg: string;
  readonly arg?: BitgetArg;
}

/** Anything valid the client does not read: another event (`login`), another channel's push. */
export interface BitgetOtherFrame {
  readonly kind: 'other';
}

/** A frame of Bitget's public socket. */
export type BitgetFrame =
  BitgetPongFrame | BitgetAckFrame | BitgetErrorFrame | BitgetOtherFrame | BitgetTradesFrame | BitgetTickerFrame | BitgetBookFrame | BitgetLiquidationsFrame;

const PONG: BitgetPongFrame = { kind: 'pong' };
const OTHER: BitgetOtherFrame = { kind: 'other' };

/**
 * Validates one server-to-client text frame of Bitget's public WebSocket (API v2, `wss://ws.bitget.com/v2/ws/public`;
 * the v1 layout of 2022, whose `instType` is `sp`/`mc` and whose pushes have no top-level `ts`, reads alike, and so
 * does v3's, `{"arg":{"instType","topic","symbol"}}` with its own field names, and its `liquidation` topic):
 * the text `pong`; events (acks, errors); pushes `{"action","arg":{"instType","channel","instId"},"data":[..]}`
 * of the channels the client reads, every price and size a decimal string, every time epoch milliseconds. A
 * push of another channel is `other`; a field missing or mistyped refuses the frame, naming its path.
 */
export function parseBitgetFrame(text: string): ParseResult<BitgetFrame> {
  if (text === 'pong') return { ok: true, frame: PONG };
  const json = parseJson(text);
  if (!json.ok) return json;
  return parseWith(() => readBitgetFrame(FieldReader.of(json.frame, '$')));
}

function readBitgetFrame(r: FieldReader): BitgetFrame {
  if (r.has('event')) return readEvent(r);
  const arg = r.child('arg');
  if (arg.has('topic')) return readV3Push(r, arg);
  const channel = arg.string('channel');
  if (channel === 'trade') return readTrades(r, arg.string('instId'), 'v2');
  if (channel === 'ticker') return readTickers(r, arg.string('instId'), 'v2');
  if (isBookChannel(channel)) return readBook(r, channel, arg.string('instId'), 'v2');
  return OTHER;
}

/** A v3 push: `topic` and `symbol` for v2's `channel` and `instId`. */
function readV3Push(r: FieldReader, arg: FieldReader): BitgetFrame {
  const topic = arg.string('topic');
  if (topic === 'liquidation') return readLiquidations(r);
  if (topic === 'publicTrade') return readTrades(r, arg.string('symbol'), 'v3');
  if (topic === 'ticker') return readTickers(r, arg.string('symbol'), 'v3');
  if (isBookChannel(topic)) return readBook(r, topic, arg.string('symbol'), 'v3');
  return OTHER;
}

function isBookChannel(channel: string): channel is BitgetBookFrame['channel'] {
  return (BITGET_BOOK_CHANNELS as readonly string[]).includes(channel);
}

function readEvent(r: FieldReader): BitgetFrame {
  const event = r.string('event');
  if (event === 'subscribe' || event === 'unsubscribe') return { kind: 'ack', event, arg: readArg(r.child('arg')) };
  if (event !== 'error') return OTHER;
  const error: BitgetErrorFrame = { kind: 'error', code: codeOf(r), msg: r.optionalString('msg') ?? '' };
  return r.has('arg') ? { ...error, arg: readArg(r.child('arg')) } : error;
}

function readArg(a: FieldReader): BitgetArg {
  return { instType: a.string('instType'), channel: a.string('channel'), instId: a.string('instId') };
}

/** Bitget writes codes as numbers (`30001`) or strings; either is read as its digits. */
function codeOf(r: FieldReader): string {
  const code = r.raw('code');
  if (typeof code === 'string' || (typeof code === 'number' && Number.isInteger(code))) return String(code);
  throw new FrameParseError('$.code', 'expected an error code');
}
