import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import { parseJson, parseWith, type ParseResult } from '../parse-result.js';
import { okxItems, okxMillis, okxSide, okxTradeId } from './okx-fields.js';
import { parseOkxFrame, type OkxFrame } from './okx-frames.js';
import { okxOptionOf } from './okx-option-names.js';

/**
 * One option of an `opt-summary` push (docs "Option summary channel"), its figures as written: IVs as
 * fractions (`markVol`, and `bidVol`/`askVol`, `""` when that side has no quote: absent here), the
 * Black-Scholes greeks in USD (`deltaBS`, `gammaBS`, `vegaBS`, `thetaBS`), the same greeks in coin terms
 * (`delta`, `gamma`, `vega`, `theta`), and the forward the option is priced at (`fwdPx`, USD; absent in
 * the recordings before OKX added it).
 */
export interface OkxOptSummary {
  readonly instId: string;
  readonly markVol: string;
  readonly bidVol?: string;
  readonly askVol?: string;
  readonly deltaBS: string;
  readonly gammaBS: string;
  readonly vegaBS: string;
  readonly thetaBS: string;
  readonly fwdPx?: string;
  readonly ts: number;
}

/**
 * An `opt-summary` push: every option of a family in one frame (`instFamily`, or `uly` in older
 * recordings). An option whose entry is unusable is refused alone (`refused`, each with its path and
 * reason), never the family's other options.
 */
export interface OkxOptSummaryFrame {
  readonly kind: 'opt_summary';
  readonly family: string;
  readonly entries: readonly OkxOptSummary[];
  readonly refused: readonly string[];
}

/** An option's `mark-price` push: its mark in the coin (0 for a worthless option). */
export interface OkxOptionMarkFrame {
  readonly kind: 'option_mark';
  readonly instId: string;
  readonly markPx: string;
  readonly ts: number;
}

/** An option's `open-interest` push: `oiCcy`, the open contracts in the coin. */
export interface OkxOptionInterestFrame {
  readonly kind: 'option_interest';
  readonly instId: string;
  readonly oiCcy: string;
  readonly ts: number;
}

/** An option's `tickers` push: its best bid and ask in the coin and their sizes in contracts (absent: an empty side, `""` and `"0"`), and its last price. */
export interface OkxOptionTickerFrame {
  readonly kind: 'option_ticker';
  readonly instId: string;
  readonly bidPx?: string;
  readonly bidSz?: string;
  readonly askPx?: string;
  readonly askSz?: string;
  readonly last?: string;
  readonly ts: number;
}

/** One option trade: price in the coin, size in contracts. */
export interface OkxOptionTrade {
  readonly instId: string;
  readonly tradeId: string;
  readonly px: string;
  readonly sz: string;
  readonly side: 'buy' | 'sell';
  readonly ts: number;
}

/** Option trades: `option-trades` (every option of a family) or `trades` (one option). */
export interface OkxOptionTradesFrame {
  readonly kind: 'option_trades';
  readonly trades: readonly OkxOptionTrade[];
}

/** A frame of OKX's public socket as its options feed reads it: the socket's events as on spot, and the option channels. */
export type OkxOptionFrame = OkxFrame | OkxOptSummaryFrame | OkxOptionMarkFrame | OkxOptionInterestFrame | OkxOptionTickerFrame | OkxOptionTradesFrame;

/** The channels of an option the feed reads; any other push is `other`. */
const OPTION_CHANNELS = ['opt-summary', 'option-trades', 'trades', 'mark-price', 'open-interest', 'tickers'] as const;

const OTHER: OkxFrame = { kind: 'other' };

/**
 * Validates one frame of OKX's `/ws/v5/public` for options: pong and events as `parseOkxFrame` reads
 * them, pushes of `OPTION_CHANNELS`. A mark or an open interest may be 0 (an option worth nothing, one
 * nobody holds); a time is epoch milliseconds; a price above 0 where one is sent.
 */
export function parseOkxOptionFrame(text: string): ParseResult<OkxOptionFrame> {
  if (text === 'pong') return parseOkxFrame(text);
  const json = parseJson(text);
  if (!json.ok) return json;
  const push = json.frame;
  if (typeof push === 'object' && push !== null && 'event' in push) return parseOkxFrame(text);
  return parseWith(() => readPush(FieldReader.of(push, '$')));
}

function readPush(r: FieldReader): OkxOptionFrame {
  const arg = r.child('arg');
  const channel = arg.string('channel');
  if (!(OPTION_CHANNELS as readonly string[]).includes(channel)) return OTHER;
  if (channel === 'opt-summary') return readSummaries(r, arg);
  if (channel === 'option-trades' || channel === 'trades')
    return { kind: 'option_trades', trades: okxItems(r).map(({ item, path }) => readTrade(FieldReader.of(item, path), path)) };
  const [first, ...rest] = okxItems(r);
  if (first === undefined || rest.length > 0) throw new FrameParseError('$.data', `expected one ${channel} record`);
  const d = FieldReader.of(first.item, first.path);
  const instId = d.string('instId');
  const ts = okxMillis(d, 'ts', first.path);
  if (channel === 'mark-price') return { kind: 'option_mark', instId, markPx: d.nonNegativeDecimal('markPx'), ts };
  if (channel === 'open-interest') return { kind: 'option_interest', instId, oiCcy: d.nonNegativeDecimal('oiCcy'), ts };
  return {
    kind: 'option_ticker',
    instId,
    ts,
    ...quoteSide(d, 'bidPx', 'bidSz'),
    ...quoteSide(d, 'askPx', 'askSz'),
    ...defined('last', positiveOrNone(d, 'last')),
  };
}

function readSummaries(r: FieldReader, arg: FieldReader): OkxOptSummaryFrame {
  const family = arg.optionalString('instFamily') ?? arg.string('uly');
  const entries: OkxOptSummary[] = [];
  const refused: string[] = [];
  for (const { item, path } of okxItems(r)) {
    try {
      entries.push(readSummary(FieldReader.of(item, path), path));
    } catch (error) {
      if (!(error instanceof FrameParseError)) throw error;
      refused.push(error.message);
    }
  }
  return { kind: 'opt_summary', family, entries, refused };
}

function readSummary(s: FieldReader, path: string): OkxOptSummary {
  const instId = s.string('instId');
  if (okxOptionOf(instId) === undefined) throw new FrameParseError(`${path}.instId`, `${JSON.stringify(instId)} is not an OKX option's name`);
  const figure = (key: string): string => {
    const value = s.optionalDecimal(key);
    if (value === undefined) throw new FrameParseError(`${path}.${key}`, `${instId}: expected a decimal string`);
    return value;
  };
  return {
    instId,
    markVol: s.nonNegativeDecimal('markVol'),
    ...defined('bidVol', positiveOrNone(s, 'bidVol')),
    ...defined('askVol', positiveOrNone(s, 'askVol')),
    deltaBS: figure('deltaBS'),
    gammaBS: figure('gammaBS'),
    vegaBS: figure('vegaBS'),
    thetaBS: figure('thetaBS'),
    ...defined('fwdPx', positiveOrNone(s, 'fwdPx')),
    ts: okxMillis(s, 'ts', path),
  };
}

function readTrade(t: FieldReader, path: string): OkxOptionTrade {
  return {
    instId: t.string('instId'),
    tradeId: okxTradeId(t, 'tradeId', path),
    px: t.positiveDecimal('px'),
    sz: t.positiveDecimal('sz'),
    side: okxSide(t, 'side', path),
    ts: okxMillis(t, 'ts', path),
  };
}

/** A side of a quote: its price and size when both are above 0, else nothing (OKX's empty side: `""` and `"0"`). */
function quoteSide(d: FieldReader, price: 'bidPx' | 'askPx', size: 'bidSz' | 'askSz'): Partial<Record<typeof price | typeof size, string>> {
  const px = positiveOrNone(d, price);
  const sz = positiveOrNone(d, size);
  return px === undefined || sz === undefined ? {} : { [price]: px, [size]: sz };
}

/** A decimal above 0, or nothing where the venue wrote `""`, `"0"` or nothing; a negative or unreadable one is refused. */
function positiveOrNone(d: FieldReader, key: string): string | undefined {
  const value = d.optionalNonNegativeDecimal(key);
  if (value === undefined && d.raw(key) !== undefined && d.raw(key) !== '' && d.raw(key) !== null)
    throw new FrameParseError(`$.${key}`, 'expected a decimal string');
  return value === undefined || Number(value) === 0 ? undefined : value;
}

function defined<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
