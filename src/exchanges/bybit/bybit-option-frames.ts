import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import { parseJson, parseWith, type ParseResult } from '../parse-result.js';
import { readBybitFrame, type BybitSharedFrame } from './bybit-frames.js';

/**
 * The figures of an option's `tickers.{symbol}` this client reads (bybit-exchange/docs
 * `docs/v5/websocket/public/ticker.mdx`, Option tab): prices, sizes, IVs and open interest zero or
 * more (an empty side is written `"0"`, a worthless option is marked `"0"`), the underlying's price above
 * zero (it prices the option: 0 says nothing), the greeks of either sign.
 */
export const BYBIT_OPTION_TICKER_FIGURES = {
  bidPrice: 'non-negative',
  bidSize: 'non-negative',
  bidIv: 'non-negative',
  askPrice: 'non-negative',
  askSize: 'non-negative',
  askIv: 'non-negative',
  lastPrice: 'non-negative',
  markPrice: 'non-negative',
  markPriceIv: 'non-negative',
  indexPrice: 'non-negative',
  underlyingPrice: 'positive',
  openInterest: 'non-negative',
  delta: 'signed',
  gamma: 'signed',
  vega: 'signed',
  theta: 'signed',
} as const;

export type BybitOptionTickerFigure = keyof typeof BYBIT_OPTION_TICKER_FIGURES;

/** What an option's summary cannot be made without: its mark, mark IV, greeks and the underlying's price. */
export const BYBIT_OPTION_REQUIRED_FIGURES = ['markPrice', 'markPriceIv', 'delta', 'gamma', 'vega', 'theta', 'underlyingPrice'] as const;

/**
 * An option's `tickers.{symbol}` push: always a full `snapshot` (ticker.mdx: "Spot & Option tickers
 * message are snapshot only"), every 100 ms while it changes. Figures as the venue wrote them; one that is
 * absent, empty or not a number of its kind was not sent (the summary says so by leaving it out, or is
 * refused when it is one of `BYBIT_OPTION_REQUIRED_FIGURES`).
 */
export interface BybitOptionTickerFrame {
  readonly kind: 'option_ticker';
  readonly topic: string;
  /** When the system generated the data, ms. */
  readonly ts: number;
  readonly data: { readonly symbol: string } & Readonly<Partial<Record<BybitOptionTickerFigure, string>>>;
}

/**
 * The option socket's answer to a subscribe (wss-authentication.mdx, "Understanding the Subscription
 * Response", Option/Spread tab): `{"success":..,"conn_id":..,"data":{"failTopics":[..],"successTopics":[..]},"type":"COMMAND_RESP"}`,
 * with no `req_id` and no `op`: the topics say which request it answers.
 */
export interface BybitOptionAckFrame {
  readonly kind: 'option_ack';
  readonly success: boolean;
  readonly successTopics: readonly string[];
  readonly failTopics: readonly string[];
  readonly retMsg: string;
}

/** A frame of the v5 public option stream. */
export type BybitOptionFrame = BybitSharedFrame | BybitOptionTickerFrame | BybitOptionAckFrame;

/**
 * Validates one server-to-client text frame of the v5 public option stream: trades (`publicTrade.{baseCoin}`,
 * every option of the coin), tickers, subscribe answers by topic, and pongs (`{"op":"pong","args":[..]}`).
 */
export function parseBybitOptionFrame(text: string): ParseResult<BybitOptionFrame> {
  const json = parseJson(text);
  if (!json.ok) return json;
  return parseWith(() => {
    const r = FieldReader.of(json.frame, '$');
    return r.raw('type') === 'COMMAND_RESP' ? readAck(r) : readBybitFrame(r, readOptionTopic);
  });
}

function readOptionTopic(r: FieldReader, topic: string): BybitOptionTickerFrame | undefined {
  if (!topic.startsWith('tickers.')) return undefined;
  const d = r.child('data');
  const data: { symbol: string } & Partial<Record<BybitOptionTickerFigure, string>> = { symbol: d.string('symbol') };
  for (const [key, kind] of Object.entries(BYBIT_OPTION_TICKER_FIGURES) as [BybitOptionTickerFigure, 'positive' | 'non-negative' | 'signed'][]) {
    // A figure out of its kind (a negative price) is not sent: it refuses no more than itself.
    const value = d.optionalDecimal(key);
    if (value !== undefined && (kind === 'signed' || Number(value) > 0 || (kind === 'non-negative' && Number(value) === 0))) data[key] = value;
  }
  return { kind: 'option_ticker', topic, ts: r.integer('ts'), data };
}

function readAck(r: FieldReader): BybitOptionAckFrame {
  const topics = (key: 'successTopics' | 'failTopics'): readonly string[] => {
    const data = r.child('data');
    if (!data.has(key)) return [];
    return data.array(key).map((topic, n) => {
      if (typeof topic !== 'string') throw new FrameParseError(`$.data.${key}[${n}]`, 'expected a topic');
      return topic;
    });
  };
  return {
    kind: 'option_ack',
    success: r.boolean('success'),
    successTopics: topics('successTopics'),
    failTopics: topics('failTopics'),
    retMsg: r.optionalString('ret_msg') ?? '',
  };
}
