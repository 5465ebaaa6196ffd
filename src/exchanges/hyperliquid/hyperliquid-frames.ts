import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import { parseWith, type ParseResult } from '../parse-result.js';
import { parseHyperliquidJson } from './hyperliquid-json.js';
import {
  readAssetCtx,
  readBbo,
  readBook,
  readTrades,
  type HyperliquidAssetCtxFrame,
  type HyperliquidBboFrame,
  type HyperliquidBookFrame,
  type HyperliquidTradesFrame,
} from './hyperliquid-market-frames.js';
import type { HyperliquidSubscription } from './hyperliquid-subscriptions.js';

/** `{"channel":"pong"}`: the answer to `{"method":"ping"}`. */
export interface HyperliquidPongFrame {
  readonly kind: 'pong';
}

/**
 * `{"channel":"subscriptionResponse","data":{"method":"subscribe","subscription":{..}}}`: a request
 * acknowledged, its subscription echoed as the venue normalised it (`l2Book`'s with `nSigFigs`,
 * `mantissa` and `fast` added, hyperliquid-subscriptionResponse.ndjson line 2): only its type and coin are read.
 */
export interface HyperliquidAckFrame {
  readonly kind: 'ack';
  readonly method: 'subscribe' | 'unsubscribe';
  readonly subscription: HyperliquidSubscription;
}

/** `{"channel":"error","data":"<text>"}`: a request refused, in the venue's words. */
export interface HyperliquidErrorFrame {
  readonly kind: 'error';
  readonly message: string;
}

/** Anything valid the client does not read: another channel's message (`allMids`, `candle`, `post`, `notification`). */
export interface HyperliquidOtherFrame {
  readonly kind: 'other';
}

/** A frame of Hyperliquid's socket. */
export type HyperliquidFrame =
  | HyperliquidPongFrame
  | HyperliquidAckFrame
  | HyperliquidErrorFrame
  | HyperliquidOtherFrame
  | HyperliquidTradesFrame
  | HyperliquidBookFrame
  | HyperliquidBboFrame
  | HyperliquidAssetCtxFrame;

const PONG: HyperliquidPongFrame = { kind: 'pong' };
const OTHER: HyperliquidOtherFrame = { kind: 'other' };

/**
 * Validates one server-to-client text frame of `wss://api.hyperliquid.xyz/ws`: `{"channel":..,"data":..}`
 * with the pong, acks and errors, and the data of `trades`, `l2Book`, `bbo` and `activeAssetCtx`, every
 * price and size a positive decimal string, every time epoch milliseconds, every trade id decimal text.
 * A frame naming a coin that is no perpetual of the first perp dex (`dex:COIN`, `@107`), and a spot
 * context (`activeSpotAssetCtx`), are refused as not listed. Another channel's message is `other`; a
 * field missing or mistyped refuses the frame, naming its path.
 */
export function parseHyperliquidFrame(text: string): ParseResult<HyperliquidFrame> {
  const json = parseHyperliquidJson(text);
  if (!json.ok) return json;
  return parseWith(() => readFrame(FieldReader.of(json.frame, '$')));
}

function readFrame(r: FieldReader): HyperliquidFrame {
  const channel = r.string('channel');
  switch (channel) {
    case 'trades':
      return readTrades(r);
    case 'l2Book':
      return readBook(r);
    case 'bbo':
      return readBbo(r);
    case 'activeAssetCtx':
      return readAssetCtx(r);
    case 'activeSpotAssetCtx':
      throw new FrameParseError('$.channel', 'activeSpotAssetCtx is a spot pair\u2019s context: spot pairs are not listed here');
    case 'subscriptionResponse':
      return readAck(r.child('data'));
    case 'error':
      return { kind: 'error', message: errorText(r.raw('data')) };
    case 'pong':
      return PONG;
    default:
      return OTHER;
  }
}

function readAck(d: FieldReader): HyperliquidAckFrame | HyperliquidOtherFrame {
  const method = d.raw('method');
  if (method !== 'subscribe' && method !== 'unsubscribe') throw new FrameParseError('$.data.method', 'expected "subscribe" or "unsubscribe"');
  const s = d.child('subscription');
  return { kind: 'ack', method, subscription: { type: s.string('type'), coin: s.optionalString('coin') ?? '' } };
}

/** The venue's words: a string as sent, anything else as its JSON. */
function errorText(data: unknown): string {
  return typeof data === 'string' ? data : (JSON.stringify(data) ?? 'no words');
}
