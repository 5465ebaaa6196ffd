import { FieldReader, isJsonObject } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import { parseJson, parseWith, type ParseResult } from '../parse-result.js';
import { readBook, readTicker, readTrades, type DeribitBookFrame, type DeribitTickerFrame, type DeribitTradesFrame } from './deribit-market-frames.js';

/** A JSON-RPC answer whose `result` is a list of channels: `public/subscribe`'s (and `public/unsubscribe`'s). */
export interface DeribitChannelsFrame {
  readonly kind: 'channels';
  readonly id: string;
  readonly channels: readonly string[];
}

/** Another JSON-RPC answer with a readable `id` (`public/auth`'s token, `public/set_heartbeat`'s "ok"): what the request was is told by its id. */
export interface DeribitAnswerFrame {
  readonly kind: 'answer';
  readonly id: string;
}

/** A JSON-RPC answer with `error` (docs "Errors": `{"code":..,"message":..,"data":..}`). */
export interface DeribitErrorFrame {
  readonly kind: 'error';
  /** Absent when Deribit could not read the request's id. */
  readonly id?: string;
  readonly code: number;
  readonly message: string;
  /** `data.reason` when sent. */
  readonly reason?: string;
}

/** `{"method":"heartbeat","params":{"type":"test_request"}}`: answer with `public/test` or Deribit closes the socket. */
export interface DeribitTestRequestFrame {
  readonly kind: 'test_request';
}

/** Anything valid the feed does not read: an answer without a readable id, a `heartbeat`, another channel. */
export interface DeribitOtherFrame {
  readonly kind: 'other';
}

export type DeribitFrame =
  | DeribitChannelsFrame
  | DeribitAnswerFrame
  | DeribitErrorFrame
  | DeribitTestRequestFrame
  | DeribitOtherFrame
  | DeribitTradesFrame
  | DeribitBookFrame
  | DeribitTickerFrame;

const OTHER: DeribitOtherFrame = { kind: 'other' };
const TEST_REQUEST: DeribitTestRequestFrame = { kind: 'test_request' };

/**
 * Validates one frame of Deribit's JSON-RPC 2.0 socket: answers by `id` (a list of channels, an
 * error, anything else), `heartbeat` notifications (a `test_request` asks for an answer), and
 * `subscription` notifications of the channels the feed reads, `trades.{instrument}.{interval}`,
 * `book.{instrument}.{interval}` and `ticker.{instrument}.{interval}`, every number a JSON number. A
 * notification of another channel (a grouped book `book.X.none.10.100ms`, `quote.X`) is `other`; a field
 * missing or mistyped refuses the frame, naming its path, but for a ticker's optional figures, each dropped
 * alone (the rest of the ticker is published).
 */
export function parseDeribitFrame(text: string): ParseResult<DeribitFrame> {
  const json = parseJson(text);
  if (!json.ok) return json;
  return parseWith(() => readDeribitFrame(FieldReader.of(json.frame, '$')));
}

function readDeribitFrame(r: FieldReader): DeribitFrame {
  if (r.raw('jsonrpc') !== '2.0') throw new FrameParseError('$.jsonrpc', 'expected "2.0"');
  const method = r.raw('method');
  if (method === 'subscription') return readNotification(r.child('params'));
  if (method === 'heartbeat') return r.child('params').raw('type') === 'test_request' ? TEST_REQUEST : OTHER;
  if (method !== undefined) return OTHER;
  if (r.has('error')) return readError(r);
  if (r.raw('result') === undefined) throw new FrameParseError('$', 'expected a method, a result or an error');
  const result = r.raw('result');
  if (!Array.isArray(result)) return answerOf(r.raw('id'));
  const channels = (result as readonly unknown[]).map((channel, n) => {
    if (typeof channel !== 'string') throw new FrameParseError(`$.result[${n}]`, 'expected a channel name');
    return channel;
  });
  return { kind: 'channels', id: idOf(r), channels };
}

function readError(r: FieldReader): DeribitErrorFrame {
  const e = r.child('error');
  const code = e.raw('code');
  if (typeof code !== 'number' || !Number.isInteger(code)) throw new FrameParseError('$.error.code', 'expected an integer');
  const data = e.raw('data');
  const reason = isJsonObject(data) && typeof data['reason'] === 'string' ? { reason: data['reason'] } : {};
  const id = r.has('id') ? { id: idOf(r) } : {};
  return { kind: 'error', code, message: e.optionalString('message') ?? '', ...reason, ...id };
}

/** An answer that is not a list of channels, by its id when readable (the feed's own requests carry integers). */
function answerOf(id: unknown): DeribitFrame {
  return typeof id === 'number' && Number.isSafeInteger(id) ? { kind: 'answer', id: String(id) } : OTHER;
}

/** The request's id, as the feed names requests (text): Deribit echoes the number sent. */
function idOf(r: FieldReader): string {
  const id = r.raw('id');
  if ((typeof id === 'number' && Number.isSafeInteger(id)) || (typeof id === 'string' && id !== '')) return String(id);
  throw new FrameParseError('$.id', 'expected a request id');
}

function readNotification(p: FieldReader): DeribitFrame {
  const channel = p.string('channel');
  const parts = channel.split('.');
  const path = '$.params.data';
  // `trades.{kind}.{currency}.{interval}` (`trades.option.any.raw`) carries each trade's instrument like `trades.{instrument}.{interval}`.
  if (parts[0] === 'trades' && parts.length === 4) return readTrades(p.array('data'), path);
  switch (parts.length === 3 ? parts[0] : undefined) {
    case 'trades':
      return readTrades(p.array('data'), path);
    case 'book':
      return readBook(p.child('data'), path);
    case 'ticker':
      return readTicker(p.child('data'), path);
    default:
      return OTHER;
  }
}
