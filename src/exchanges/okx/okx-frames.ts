import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import { parseJson, parseWith, type ParseResult } from '../parse-result.js';
import { readCandles, type OkxCandleFrame } from './okx-candle-frames.js';
import {
  OKX_BOOK_CHANNELS,
  readBbo,
  readBook,
  readTickers,
  readTrades,
  type OkxBboFrame,
  type OkxBookFrame,
  type OkxTickerFrame,
  type OkxTradesFrame,
} from './okx-market-frames.js';
import { readSwapChannel, type OkxSwapFrame } from './okx-swap-frames.js';
import type { OkxArg } from './okx-subscriptions.js';

/** The answer to the keep-alive `ping`: the text `pong`, not JSON. */
export interface OkxPongFrame {
  readonly kind: 'pong';
}

/** `{"event":"subscribe"|"unsubscribe","arg":{..},"connId":..}`: one argument of a request acknowledged. */
export interface OkxAckFrame {
  readonly kind: 'ack';
  readonly event: 'subscribe' | 'unsubscribe';
  readonly arg: OkxArg;
}

/** `{"event":"error","code":"60012","msg":"..."}` (a refused request; it names no argument but in its words), or `{"event":"notice",..}`. */
export interface OkxEventFrame {
  readonly kind: 'error' | 'notice';
  readonly code: string;
  readonly msg: string;
}

/** Anything valid the client does not read: another event (`channel-conn-count`), another channel's push. */
export interface OkxOtherFrame {
  readonly kind: 'other';
}

/** A frame of OKX's public and business sockets. */
export type OkxFrame =
  OkxPongFrame | OkxAckFrame | OkxEventFrame | OkxOtherFrame | OkxTradesFrame | OkxTickerFrame | OkxBboFrame | OkxBookFrame | OkxCandleFrame | OkxSwapFrame;

const PONG: OkxPongFrame = { kind: 'pong' };
const OTHER: OkxOtherFrame = { kind: 'other' };

/**
 * Validates one server-to-client text frame of OKX's `/ws/v5/public` or `/ws/v5/business`: the text
 * `pong`; events (acks, errors, notices); pushes `{"arg":{"channel",..},"data":[..]}` of the channels the
 * client reads, every price and size a positive decimal string, every time epoch milliseconds. A push
 * of another channel is `other`; a field missing or mistyped refuses the frame, naming its path.
 */
export function parseOkxFrame(text: string): ParseResult<OkxFrame> {
  if (text === 'pong') return { ok: true, frame: PONG };
  const json = parseJson(text);
  if (!json.ok) return json;
  return parseWith(() => readOkxFrame(FieldReader.of(json.frame, '$')));
}

function readOkxFrame(r: FieldReader): OkxFrame {
  if (r.has('event')) return readEvent(r);
  const arg = r.child('arg');
  const channel = arg.string('channel');
  if (channel === 'trades' || channel === 'trades-all') return readTrades(r, channel);
  if (channel === 'tickers') return readTickers(r);
  if (channel === 'bbo-tbt') return readBbo(r, arg.string('instId'));
  if ((OKX_BOOK_CHANNELS as readonly string[]).includes(channel)) return readBook(r, channel, arg.string('instId'));
  if (channel.startsWith('candle')) return readCandles(r, channel, arg.string('instId')) ?? OTHER;
  return readSwapChannel(r, channel) ?? OTHER;
}

function readEvent(r: FieldReader): OkxFrame {
  const event = r.string('event');
  if (event === 'subscribe' || event === 'unsubscribe') return { kind: 'ack', event, arg: readArg(r.child('arg')) };
  if (event === 'error' || event === 'notice') return { kind: event, code: codeOf(r), msg: r.optionalString('msg') ?? '' };
  return OTHER;
}

function readArg(a: FieldReader): OkxArg {
  const channel = a.string('channel');
  if (a.has('instFamily')) return { channel, instFamily: a.string('instFamily') };
  if (a.has('instId')) return { channel, instId: a.string('instId') };
  if (a.has('instType')) return { channel, instType: a.string('instType') };
  throw new FrameParseError('$.arg', 'expected instId, instType or instFamily');
}

/** OKX writes codes as strings (`"60012"`); a number is read as its digits. */
function codeOf(r: FieldReader): string {
  const code = r.raw('code');
  if (typeof code === 'string' || (typeof code === 'number' && Number.isInteger(code))) return String(code);
  throw new FrameParseError('$.code', 'expected an error code');
}
