import { readBinancePayload, type BinanceAckFrame, type BinanceErrorFrame, type BinanceServerShutdownFrame } from '../binance/binance-frames.js';
import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import { parseJson, parseWith, type ParseResult } from '../parse-result.js';
import {
  readBinanceOptionEntries,
  readBinanceOptionFigures,
  readBinanceOptionInterest,
  readBinanceOptionMark,
  type BinanceOptionInterest,
  type BinanceOptionMark,
} from './binance-option-entries.js';
import { binanceOptionOf } from './binance-option-names.js';

/**
 * One option trade: `<symbol>@optionTrade` (since 2025-12-17: `t` a number, `S` `BUY`/`SELL`, `m` the
 * buyer was the maker) or the 2023 `<SYMBOL>@trade` (`t` a decimal string, `S` `"1"` for a buyer's trade
 * and `"-1"` for a seller's, no `m`). Price per contract and quantity in contracts, as the venue wrote them.
 */
export interface BinanceOptionTradeFrame {
  readonly kind: 'option_trade';
  readonly s: string;
  /** Trade id, consecutive per option. */
  readonly id: number;
  readonly p: string;
  readonly q: string;
  /** Trade time, ms. */
  readonly T: number;
  /** The buyer was the maker: the taker sold. */
  readonly buyerMaker: boolean;
}

/** `<underlying>@optionMarkPrice`: every option of the underlying, those that could be read and the reasons of the others. */
export interface BinanceOptionMarkFrame {
  readonly kind: 'option_mark';
  readonly entries: readonly BinanceOptionMark[];
  readonly refused: readonly string[];
}

/** `<underlying>@optionOpenInterest@<YYMMDD>` (and 2023's `<COIN>@openInterest@<YYMMDD>`): every option of one expiry. */
export interface BinanceOptionInterestFrame {
  readonly kind: 'option_interest';
  readonly entries: readonly BinanceOptionInterest[];
  readonly refused: readonly string[];
}

/**
 * A 24 h ticker of one option. Since 2025-12-17 (`@optionTicker`) it holds 24 h statistics only: its
 * last price `c` (0 with no trade in the day, `n` 0) is kept. The 2023 `@ticker` also carried the quotes,
 * their IVs (`b`, `a`), the mark `mp`, its IV `vo` and the greeks (`d`, `t`, `g`, `v`), but no price of
 * the underlying: `mark` holds those when they came.
 */
export interface BinanceOptionTickerFrame {
  readonly kind: 'option_ticker';
  readonly s: string;
  /** Event time, ms. */
  readonly E: number;
  readonly c?: string;
  readonly mark?: BinanceOptionMark;
}

/** Pushes the feed does not read: the 2023 `@markPrice` (a mark alone, no IV nor greeks: no summary), quotes, books, the index. */
export interface BinanceOptionOtherFrame {
  readonly kind: 'other';
}

export type BinanceOptionFrame =
  | BinanceOptionTradeFrame
  | BinanceOptionMarkFrame
  | BinanceOptionInterestFrame
  | BinanceOptionTickerFrame
  | BinanceAckFrame
  | BinanceErrorFrame
  | BinanceServerShutdownFrame
  | BinanceOptionOtherFrame;

const OTHER: BinanceOptionOtherFrame = { kind: 'other' };

/**
 * Validates one frame of a Binance options connection, combined (`{"stream","data"}`) or raw: the pushes
 * above, acknowledgements, errors and `serverShutdown` as on every Binance socket. A push that carries
 * every option of an underlying (an array) keeps the entries it can read and names the others at their
 * path (`refused`): one option's bad entry never refuses the others'.
 */
export function parseBinanceOptionFrame(text: string): ParseResult<BinanceOptionFrame> {
  const json = parseJson(text);
  if (!json.ok) return json;
  return parseWith(() => {
    const outer = FieldReader.of(json.frame, '$');
    const stream = outer.raw('stream');
    const combined = typeof stream === 'string' && outer.has('data');
    const payload = combined ? outer.raw('data') : json.frame;
    const path = combined ? '$.data' : '$';
    if (Array.isArray(payload)) return readArray(payload, path, combined ? stream : undefined);
    const r = FieldReader.of(payload, path);
    if (r.has('error') || (r.has('id') && !r.has('e')) || r.raw('e') === 'serverShutdown') return controlOf(r, path);
    if (r.raw('e') === 'trade') return readTrade(r, path);
    if (r.raw('e') === '24hrTicker') return readTicker(r, path);
    return OTHER;
  });
}

function controlOf(r: FieldReader, path: string): BinanceOptionFrame {
  const frame = readBinancePayload(r, path);
  return frame.kind === 'ack' || frame.kind === 'error' || frame.kind === 'server_shutdown' ? frame : OTHER;
}

/** An array push: the marks of `@optionMarkPrice`, the open interests of `@optionOpenInterest@...`; 2023's `@markPrice` (marks alone) is not read. */
function readArray(items: readonly unknown[], path: string, stream: string | undefined): BinanceOptionFrame {
  const first: unknown = items[0];
  const event = typeof first === 'object' && first !== null ? (first as Record<string, unknown>)['e'] : undefined;
  const marks =
    stream === undefined ? event === 'markPrice' && typeof first === 'object' && first !== null && 'vo' in first : stream.endsWith('@optionMarkPrice');
  if (marks) return { kind: 'option_mark', ...readBinanceOptionEntries(items, path, readBinanceOptionMark) };
  const interests = stream === undefined ? event === 'openInterest' : /@(option)?[oO]penInterest@/.test(stream);
  if (interests) return { kind: 'option_interest', ...readBinanceOptionEntries(items, path, readBinanceOptionInterest) };
  return OTHER;
}

function readTrade(r: FieldReader, path: string): BinanceOptionTradeFrame {
  const s = r.string('s');
  const id = r.raw('t');
  const trade = { kind: 'option_trade', s, p: r.positiveDecimal('p'), q: r.positiveDecimal('q'), T: r.integer('T') } as const;
  if (typeof id === 'number') return { ...trade, id: r.integer('t'), buyerMaker: r.has('m') ? r.boolean('m') : sideOf(r, path) };
  if (typeof id !== 'string' || !/^\d{1,15}$/.test(id)) throw new FrameParseError(`${path}.t`, 'expected a trade id');
  return { ...trade, id: Number(id), buyerMaker: sideOf(r, path) };
}

/** `S`: the new `BUY`/`SELL`, or 2023's `"1"` (a buyer took) and `"-1"` (a seller took); true when the seller took. */
function sideOf(r: FieldReader, path: string): boolean {
  switch (r.raw('S')) {
    case 'SELL':
    case '-1':
      return true;
    case 'BUY':
    case '1':
      return false;
    default:
      throw new FrameParseError(`${path}.S`, 'expected BUY, SELL, 1 or -1');
  }
}

function readTicker(r: FieldReader, path: string): BinanceOptionTickerFrame {
  const s = r.string('s');
  if (binanceOptionOf(s) === undefined) throw new FrameParseError(`${path}.s`, `${JSON.stringify(s)} is not a Binance option's name`);
  const c = r.optionalNonNegativeDecimal('c');
  const ticker: BinanceOptionTickerFrame = { kind: 'option_ticker', s, E: r.integer('E'), ...(c === undefined ? {} : { c }) };
  return r.has('mp') ? { ...ticker, mark: readBinanceOptionFigures(r, path) } : ticker;
}
