import { decimalValue, FieldReader, isJsonObject } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { LevelChange } from '../l2-book.js';
import {
  gateId,
  gateMillis,
  gateNonNegative,
  gateOptionalDecimal,
  gatePositive,
  gateResultItems,
  gateSide,
  gateSignedSize,
  gateUpdateId,
  type GateMarket,
} from './gate-fields.js';

/** One trade: spot `amount` in the base coin, futures `size` in contracts (its sign the taker's side). */
export interface GateTrade {
  readonly symbol: string;
  /** Spot: rising over every pair ("All Market Trade ID"); futures: rising per contract. */
  readonly id: string;
  /** Spot `id_market` (2025 on): the pair's own trade id, each one more than the last. */
  readonly marketId?: string;
  /** Futures `is_internal`: an insurance-fund or ADL takeover, not traded on the book. */
  readonly internal?: true;
  readonly price: string;
  /** Spot: the base coin; futures: contracts (without the sign). */
  readonly size: string;
  /** The taker's side. */
  readonly side: 'buy' | 'sell';
  readonly ts: number;
}

export interface GateTradesFrame {
  readonly kind: 'trades';
  readonly market: GateMarket;
  readonly trades: readonly GateTrade[];
}

/** One instrument's ticker as written, each figure read alone (an absent, empty or bad one is left out). */
export interface GateTicker {
  readonly symbol: string;
  readonly ts: number;
  readonly last?: string;
  readonly high24h?: string;
  readonly low24h?: string;
  /** Percent over the rolling day (`change_percentage`). */
  readonly changePercent?: string;
  /** Spot `base_volume`; futures `volume_24h_base`. */
  readonly baseVolume?: string;
  /** Spot `quote_volume`; futures `volume_24h_quote`. */
  readonly quoteVolume?: string;
  /** Spot `highest_bid`, `lowest_ask`. */
  readonly bid?: string;
  readonly ask?: string;
  readonly markPrice?: string;
  readonly indexPrice?: string;
  readonly fundingRate?: string;
  /** Futures `funding_next_apply` (seconds as written), in milliseconds. */
  readonly nextFundingTime?: number;
  /** Futures `total_size`: open interest in contracts. */
  readonly openInterest?: string;
}

export interface GateTickersFrame {
  readonly kind: 'tickers';
  readonly market: GateMarket;
  readonly tickers: readonly GateTicker[];
}

/** `book_ticker`: the best bid and ask (sizes: spot the base coin, futures contracts); a side Gate leaves empty (no price, or size 0) is absent. */
export interface GateBookTickerFrame {
  readonly kind: 'book_ticker';
  readonly market: GateMarket;
  readonly symbol: string;
  readonly ts: number;
  readonly updateId: number;
  readonly bid?: { readonly price: string; readonly size: string };
  readonly ask?: { readonly price: string; readonly size: string };
}

/**
 * A depth push: `order_book_update` (changes from update id `U` to `u`, bridged to a REST snapshot by those
 * ids) or `obu` (a whole book, then changes chained by `U`/`u`); either may push a whole book (`full: true`)
 * at any time. Sizes 0 delete; spot sizes are the base coin, futures' contracts.
 */
export interface GateBookUpdateFrame {
  readonly kind: 'book_update';
  readonly market: GateMarket;
  readonly channel: 'order_book_update' | 'obu';
  readonly symbol: string;
  readonly ts: number;
  /** `U`: the first update id the push holds; absent on a whole book. */
  readonly firstUpdateId?: number;
  /** `u`: the last. */
  readonly lastUpdateId: number;
  /** An `obu` whole book (`full: true`). */
  readonly full: boolean;
  readonly bids: readonly LevelChange[];
  readonly asks: readonly LevelChange[];
}

/** The push's own time: `time_ms`, else `time` in seconds. */
function pushMillis(r: FieldReader): number {
  const ms = r.raw('time_ms');
  if (typeof ms === 'number' && Number.isSafeInteger(ms) && ms > 0) return ms;
  const seconds = r.raw('time');
  if (typeof seconds === 'number' && Number.isSafeInteger(seconds) && seconds > 0) return seconds * 1000;
  throw new FrameParseError('$.time', 'expected epoch seconds');
}

function itemReaders(r: FieldReader): readonly { readonly t: FieldReader; readonly path: string }[] {
  return gateResultItems(r).map(({ item, path }) => ({ t: FieldReader.of(item, path), path }));
}

/** `spot.trades` (one trade a push, `currency_pair`, `amount`, `side`) and `futures.trades` (a batch, `contract`, signed `size`). */
export function readTrades(r: FieldReader, market: GateMarket): GateTradesFrame {
  const trades = itemReaders(r).map(({ t, path }): GateTrade => {
    // `create_time_ms` (milliseconds, spot's with a fraction), else `create_time` in seconds.
    const ts = t.has('create_time_ms') ? gateMillis(t, 'create_time_ms', path) : gateMillis(t, 'create_time', path) * 1000;
    const common = { id: gateId(t, 'id', path), price: gatePositive(t, 'price', path), ts };
    if (market === 'spot') {
      const marketId = t.has('id_market') ? gateId(t, 'id_market', path) : undefined;
      const spot = { symbol: t.string('currency_pair'), ...common, size: gatePositive(t, 'amount', path), side: gateSide(t, 'side', path) };
      return marketId === undefined ? spot : { ...spot, marketId };
    }
    const futures = { symbol: t.string('contract'), ...common, ...gateSignedSize(t, 'size', path) };
    return t.raw('is_internal') === true ? { ...futures, internal: true } : futures;
  });
  return { kind: 'trades', market, trades };
}

/** A figure read alone: absent, empty or no decimal is left out; negative only where it may be (`signed`). */
function figure(t: FieldReader, key: string, signed = false): string | undefined {
  const value = t.raw(key);
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string' || text === '') return undefined;
  const n = decimalValue(text);
  return Number.isFinite(n) && (signed || n >= 0) ? text : undefined;
}

type TickerFigure = Exclude<keyof GateTicker, 'symbol' | 'ts' | 'nextFundingTime'>;

/** Each figure of a ticker and the key Gate writes it under, per market. */
const FIGURES: Readonly<Record<GateMarket, readonly (readonly [TickerFigure, string])[]>> = {
  spot: [
    ['last', 'last'],
    ['high24h', 'high_24h'],
    ['low24h', 'low_24h'],
    ['changePercent', 'change_percentage'],
    ['baseVolume', 'base_volume'],
    ['quoteVolume', 'quote_volume'],
    ['bid', 'highest_bid'],
    ['ask', 'lowest_ask'],
  ],
  futures: [
    ['last', 'last'],
    ['high24h', 'high_24h'],
    ['low24h', 'low_24h'],
    ['changePercent', 'change_percentage'],
    ['baseVolume', 'volume_24h_base'],
    ['quoteVolume', 'volume_24h_quote'],
    ['markPrice', 'mark_price'],
    ['indexPrice', 'index_price'],
    ['fundingRate', 'funding_rate'],
    ['openInterest', 'total_size'],
  ],
};

const SIGNED: ReadonlySet<string> = new Set(['change_percentage', 'funding_rate']);

/** `spot.tickers` (`currency_pair`) and `futures.tickers` (`contract`, mark, index, funding, open interest in contracts). */
export function readTickers(r: FieldReader, market: GateMarket): GateTickersFrame {
  const pushed = pushMillis(r);
  const tickers = itemReaders(r).map(({ t, path }): GateTicker => {
    const ts = t.has('t') ? gateMillis(t, 't', path) : pushed;
    const ticker: { -readonly [K in keyof GateTicker]: GateTicker[K] } = { symbol: t.string(market === 'spot' ? 'currency_pair' : 'contract'), ts };
    for (const [field, key] of FIGURES[market]) {
      const value = figure(t, key, SIGNED.has(key));
      if (value !== undefined) ticker[field] = value;
    }
    const next = t.raw('funding_next_apply');
    if (typeof next === 'number' && Number.isSafeInteger(next) && next > 0) ticker.nextFundingTime = next * 1000;
    return ticker;
  });
  return { kind: 'tickers', market, tickers };
}

/** One side of a best bid/ask: absent when Gate leaves it empty (its price `""`, its size 0). */
function touch(t: FieldReader, price: string, size: string, path: string): { readonly price: string; readonly size: string } | undefined {
  if (gateOptionalDecimal(t, price, path) === undefined) return undefined;
  const level = { price: gatePositive(t, price, path), size: gateNonNegative(t, size, path) };
  return Number(level.size) > 0 ? level : undefined;
}

/** `spot.book_ticker`, `futures.book_ticker`: `{t,u,s,b,B,a,A}`. */
export function readBookTicker(r: FieldReader, market: GateMarket): GateBookTickerFrame {
  const [{ t, path } = { t: FieldReader.of(undefined, '$.result'), path: '$.result' }] = itemReaders(r);
  const bid = touch(t, 'b', 'B', path);
  const ask = touch(t, 'a', 'A', path);
  return {
    kind: 'book_ticker',
    market,
    symbol: t.string('s'),
    ts: gateMillis(t, 't', path),
    updateId: gateUpdateId(t, 'u', path),
    ...(bid === undefined ? {} : { bid }),
    ...(ask === undefined ? {} : { ask }),
  };
}

/** The instrument of an `obu` topic (`ob.BTC_USDT.400`), or of a push's `s`. */
function bookSymbol(t: FieldReader, channel: GateBookUpdateFrame['channel'], path: string): string {
  const s = t.string('s');
  if (channel !== 'obu') return s;
  const parts = s.split('.');
  if (parts.length !== 3 || parts[0] !== 'ob' || parts[1] === '') throw new FrameParseError(`${path}.s`, 'expected ob.<pair>.<levels>');
  return parts[1] as string;
}

/** A side's levels: spot `[price, size]` pairs, futures `{p, s}` objects (sizes numbers of contracts, or decimal strings). */
function levels(t: FieldReader, key: string, path: string, positiveSize: boolean): readonly LevelChange[] {
  if (!t.has(key)) return [];
  return t.array(key).map((level: unknown, n): LevelChange => {
    const at = `${path}.${key}[${n}]`;
    const pair = Array.isArray(level) ? (level as readonly unknown[]) : undefined;
    const l = pair !== undefined ? FieldReader.of({ p: pair[0], s: pair[1] }, at) : isJsonObject(level) ? FieldReader.of(level, at) : undefined;
    if (l === undefined) throw new FrameParseError(at, 'expected [price, size] or {p, s}');
    const size = Number(gateNonNegative(l, 's', at));
    if (positiveSize && size === 0) throw new FrameParseError(`${at}.s`, 'expected a positive decimal');
    return { price: Number(gatePositive(l, 'p', at)), size };
  });
}

/** `spot.order_book_update`, `futures.order_book_update` and `spot.obu`. */
export function readBookUpdate(r: FieldReader, market: GateMarket, channel: GateBookUpdateFrame['channel']): GateBookUpdateFrame {
  const [{ t, path } = { t: FieldReader.of(undefined, '$.result'), path: '$.result' }] = itemReaders(r);
  // A whole book: `obu`'s first push and any later one, and `order_book_update`'s at irregular times (announcement 44678).
  const full = t.raw('full') === true;
  const first = full || !t.has('U') ? undefined : gateUpdateId(t, 'U', path);
  if (!full && first === undefined) throw new FrameParseError(`${path}.U`, 'expected an update id');
  return {
    kind: 'book_update',
    market,
    channel,
    symbol: bookSymbol(t, channel, path),
    ts: gateMillis(t, 't', path),
    ...(first === undefined ? {} : { firstUpdateId: first }),
    lastUpdateId: gateUpdateId(t, 'u', path),
    full,
    bids: levels(t, 'b', path, full),
    asks: levels(t, 'a', path, full),
  };
}
