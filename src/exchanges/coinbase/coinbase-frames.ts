import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import { parseJson, parseWith, type ParseResult } from '../parse-result.js';
import { readCoinbaseBookEvents, type CoinbaseBookFrame } from './coinbase-book-frames.js';
import { readCoinbaseTickers, type CoinbaseTickerFrame } from './coinbase-ticker-frames.js';
import { rfc3339Millis } from './coinbase-time.js';

/** One trade of a `market_trades` frame; prices and sizes as the venue wrote them. */
export interface CoinbaseTrade {
  readonly productId: string;
  /** Decimal digits on the WebSocket (`"1068572091"`), kept as text. */
  readonly tradeId: string;
  readonly price: string;
  readonly size: string;
  /** Trade time, ms. */
  readonly time: number;
  /** The side of the resting (maker) order, not the taker's: see `mapCoinbaseFrame`. */
  readonly side: 'BUY' | 'SELL';
}

/**
 * `market_trades`: per event, `snapshot` (the product's last 100 trades, sent on subscribe) or `update`
 * (the trades of the last 250 ms); both newest first.
 */
export interface CoinbaseTradesFrame {
  readonly kind: 'market_trades';
  /** The socket's message number, shared by every channel. */
  readonly sequenceNum: number;
  /** When Coinbase sent the frame, ms. */
  readonly timestamp: number;
  readonly events: readonly { readonly type: 'snapshot' | 'update'; readonly trades: readonly CoinbaseTrade[] }[];
}

/** `heartbeats`: one a second on a socket subscribed to it; keeps quiet channels open. */
export interface CoinbaseHeartbeatFrame {
  readonly kind: 'heartbeats';
  readonly sequenceNum: number;
  /** Counts up by one per heartbeat (an integer, or a string of digits in older examples). */
  readonly counter: number;
}

/** The `subscriptions` answer to every subscribe and unsubscribe: everything the socket is subscribed to now. */
export interface CoinbaseSubscriptionsFrame {
  readonly kind: 'subscriptions';
  readonly sequenceNum: number;
  /** Channel (`level2`, never `l2_data`) to product ids; `heartbeats` lists `["heartbeats"]`. */
  readonly subscriptions: readonly { readonly channel: string; readonly productIds: readonly string[] }[];
}

/** `{"type":"error","message":...}`: a refused request (e.g. too many level2 products on one socket). */
export interface CoinbaseErrorFrame {
  readonly kind: 'error';
  readonly message: string;
}

/** A channel this client does not read (`candles`, `status`): numbered like the others. */
export interface CoinbaseOtherFrame {
  readonly kind: 'other';
  readonly channel: string;
  readonly sequenceNum: number;
}

export type { CoinbaseBookFrame } from './coinbase-book-frames.js';
export type { CoinbaseTicker, CoinbaseTickerFrame } from './coinbase-ticker-frames.js';

export type CoinbaseFrame =
  CoinbaseTradesFrame | CoinbaseTickerFrame | CoinbaseBookFrame | CoinbaseHeartbeatFrame | CoinbaseSubscriptionsFrame | CoinbaseErrorFrame | CoinbaseOtherFrame;

/**
 * Validates one server-to-client text frame of Coinbase Advanced Trade's market data socket: the
 * envelope `{channel, timestamp, sequence_num, events}` (`client_id` and other extra fields ignored),
 * or an error `{type:"error", message}`. A refusal names the offending path.
 */
export function parseCoinbaseFrame(text: string): ParseResult<CoinbaseFrame> {
  const json = parseJson(text);
  if (!json.ok) return json;
  return parseWith(() => readFrame(FieldReader.of(json.frame, '$')));
}

function readFrame(r: FieldReader): CoinbaseFrame {
  if (r.raw('type') === 'error') return { kind: 'error', message: r.optionalString('message') ?? '' };
  const channel = r.string('channel');
  const sequenceNum = r.integer('sequence_num');
  switch (channel) {
    case 'market_trades':
      return { kind: 'market_trades', sequenceNum, timestamp: timeAt(r, 'timestamp', '$'), events: eventsOf(r).map(readTradesEvent) };
    case 'ticker':
    case 'ticker_batch':
      return { kind: 'ticker', channel, sequenceNum, timestamp: timeAt(r, 'timestamp', '$'), tickers: readCoinbaseTickers(eventsOf(r)) };
    case 'l2_data':
      return { kind: 'l2_data', sequenceNum, timestamp: timeAt(r, 'timestamp', '$'), events: readCoinbaseBookEvents(r.array('events')) };
    case 'heartbeats':
      return { kind: 'heartbeats', sequenceNum, counter: readCounter(eventsOf(r)) };
    case 'subscriptions':
      return { kind: 'subscriptions', sequenceNum, subscriptions: eventsOf(r).flatMap(readSubscriptions) };
    default:
      return { kind: 'other', channel, sequenceNum };
  }
}

/** Each of `events` as a reader with its path. */
function eventsOf(r: FieldReader): readonly FieldReader[] {
  return r.array('events').map((event, n) => FieldReader.of(event, `$.events[${n}]`));
}

/** An RFC 3339 time field as epoch ms; `path` is the reader's own. */
export function timeAt(r: FieldReader, key: string, path: string): number {
  const ms = rfc3339Millis(r.string(key));
  if (ms === undefined) throw new FrameParseError(`${path}.${key}`, 'expected an RFC 3339 time');
  return ms;
}

function readTradesEvent(event: FieldReader, n: number): CoinbaseTradesFrame['events'][number] {
  const type = event.raw('type');
  if (type !== 'snapshot' && type !== 'update') throw new FrameParseError(`$.events[${n}].type`, 'expected "snapshot" or "update"');
  const trades = event.array('trades').map((trade, k) => readTrade(FieldReader.of(trade, `$.events[${n}].trades[${k}]`), `$.events[${n}].trades[${k}]`));
  return { type, trades };
}

function readTrade(t: FieldReader, path: string): CoinbaseTrade {
  const side = t.raw('side');
  if (side !== 'BUY' && side !== 'SELL') throw new FrameParseError(`${path}.side`, 'expected "BUY" or "SELL"');
  return {
    productId: t.string('product_id'),
    tradeId: t.string('trade_id'),
    price: t.positiveDecimal('price'),
    size: t.positiveDecimal('size'),
    time: timeAt(t, 'time', path),
    side,
  };
}

const DIGITS = /^\d{1,15}$/;

/** `heartbeat_counter` of the first event, a JSON integer or a string of digits; `current_time` (Go's `time.String()`) is not read. */
function readCounter(events: readonly FieldReader[]): number {
  const first = events[0];
  if (first === undefined) throw new FrameParseError('$.events', 'expected one heartbeat event');
  const counter = first.raw('heartbeat_counter');
  if (typeof counter === 'string' && DIGITS.test(counter)) return Number(counter);
  return first.integer('heartbeat_counter');
}

const CHANNEL_NAME = /^\w+$/;

function readSubscriptions(event: FieldReader, n: number): CoinbaseSubscriptionsFrame['subscriptions'] {
  const path = `$.events[${n}].subscriptions`;
  const channels = event.child('subscriptions');
  const raw = event.raw('subscriptions') as Readonly<Record<string, unknown>>;
  return Object.keys(raw).map((channel) => {
    if (!CHANNEL_NAME.test(channel)) throw new FrameParseError(path, `expected channel names, got ${JSON.stringify(channel)}`);
    const productIds = channels.array(channel).map((id, k) => {
      if (typeof id !== 'string' || id === '') throw new FrameParseError(`${path}.${channel}[${k}]`, 'expected a product id');
      return id;
    });
    return { channel, productIds };
  });
}
