import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { LevelChange } from '../l2-book.js';
import type { OkxLevel } from './okx-book-checksum.js';
import { okxChecksum, okxCount, okxItems, okxMillis, okxSequence, okxSide, okxTradeId } from './okx-fields.js';

/** One trade of a `trades-all` push (one fill) or a `trades` push (`count` fills at one price, the last one's id). */
export interface OkxTrade {
  readonly instId: string;
  readonly tradeId: string;
  readonly px: string;
  /** Spot: base currency; swaps: contracts. */
  readonly sz: string;
  /** The taker's side (docs "All trades channel": "Trade direction"; Kraken and Bybit read it so too). */
  readonly side: 'buy' | 'sell';
  readonly ts: number;
  /** Fills merged into this record (`trades` since 2024); absent: one. */
  readonly count?: number;
}

export interface OkxTradesFrame {
  readonly kind: 'trades';
  /** `trades-all` (one record per fill, on `/business`) or `trades` (fills merged, on `/public`). */
  readonly channel: 'trades' | 'trades-all';
  readonly trades: readonly OkxTrade[];
}

/** One `tickers` record: the last price and the rolling day's figures, as written. */
export interface OkxTicker {
  readonly instId: string;
  /** Absent when OKX sends `""`: nothing traded yet (a new listing). */
  readonly last?: string;
  readonly open24h?: string;
  readonly high24h?: string;
  readonly low24h?: string;
  /** Spot: base currency; swaps: contracts (docs "Tickers channel"). */
  readonly vol24h?: string;
  /** Spot: quote currency; swaps: base currency (same; okx-swap-tickers.ndjson: vol24h = volCcy24h / ctVal). */
  readonly volCcy24h?: string;
  readonly ts: number;
}

export interface OkxTickerFrame {
  readonly kind: 'ticker';
  readonly tickers: readonly OkxTicker[];
}

/** One `bbo-tbt` record: the best bid and ask (tick by tick), each side one level or none. */
export interface OkxBbo {
  readonly instId: string;
  readonly bids: readonly LevelChange[];
  readonly asks: readonly LevelChange[];
  readonly ts: number;
}

export interface OkxBboFrame {
  readonly kind: 'bbo';
  readonly quotes: readonly OkxBbo[];
}

/** One record of a depth push: levels as `[px, sz, "0", orders]` (sizes absolute, 0 deletes, each with its texts), chained by `seqId`. */
export interface OkxBookData {
  readonly bids: readonly OkxLevel[];
  readonly asks: readonly OkxLevel[];
  readonly ts: number;
  /** OKX's checksum of the book after this push; absent when not sent or 0 (switched off since 2026). */
  readonly checksum?: number;
  /** This push's sequence number; absent in pushes before OKX added it (the 2022 recordings). */
  readonly seqId?: number;
  /** The previous push's `seqId` (-1 on a snapshot); absent with `seqId`. */
  readonly prevSeqId?: number;
}

/** The depth channels, one wire format (docs "Order book channel"): `books` (400 levels, 100 ms) and the tick-by-tick ones. */
export const OKX_BOOK_CHANNELS = ['books', 'books-l2-tbt', 'books50-l2-tbt'] as const;

export interface OkxBookFrame {
  readonly kind: 'book';
  readonly channel: string;
  readonly instId: string;
  readonly action: 'snapshot' | 'update';
  readonly books: readonly OkxBookData[];
}

export function readTrades(r: FieldReader, channel: 'trades' | 'trades-all'): OkxTradesFrame {
  const trades = okxItems(r).map(({ item, path }): OkxTrade => {
    const t = FieldReader.of(item, path);
    const count = okxCount(t, 'count', path);
    const trade = {
      instId: t.string('instId'),
      tradeId: okxTradeId(t, 'tradeId', path),
      px: t.positiveDecimal('px'),
      sz: t.positiveDecimal('sz'),
      side: okxSide(t, 'side', path),
      ts: okxMillis(t, 'ts', path),
    };
    return count === undefined ? trade : { ...trade, count };
  });
  return { kind: 'trades', channel, trades };
}

export function readTickers(r: FieldReader): OkxTickerFrame {
  const tickers = okxItems(r).map(({ item, path }): OkxTicker => {
    const t = FieldReader.of(item, path);
    const ticker: { -readonly [K in keyof OkxTicker]: OkxTicker[K] } = { instId: t.string('instId'), ts: okxMillis(t, 'ts', path) };
    if (t.raw('last') !== '') ticker.last = t.positiveDecimal('last');
    for (const key of ['open24h', 'high24h', 'low24h', 'vol24h', 'volCcy24h'] as const) {
      const value = t.optionalNonNegativeDecimal(key);
      if (value !== undefined) ticker[key] = value;
    }
    return ticker;
  });
  return { kind: 'ticker', tickers };
}

/** `bbo-tbt` records carry no `instId`: the push's `arg` names it. */
export function readBbo(r: FieldReader, instId: string): OkxBboFrame {
  const quotes = okxItems(r).map(({ item, path }): OkxBbo => {
    const q = FieldReader.of(item, path);
    return { instId, bids: q.levels('bids', true), asks: q.levels('asks', true), ts: okxMillis(q, 'ts', path) };
  });
  return { kind: 'bbo', quotes };
}

/** A depth push: `action` `snapshot` (sizes above 0) or `update` (0 deletes). */
export function readBook(r: FieldReader, channel: string, instId: string): OkxBookFrame {
  const action = r.raw('action');
  if (action !== 'snapshot' && action !== 'update') throw new FrameParseError('$.action', 'expected "snapshot" or "update"');
  const snapshot = action === 'snapshot';
  const books = okxItems(r).map(({ item, path }): OkxBookData => {
    const b = FieldReader.of(item, path);
    const checksum = okxChecksum(b, 'checksum', path);
    const levels = { bids: textedLevels(b, 'bids', snapshot), asks: textedLevels(b, 'asks', snapshot), ts: okxMillis(b, 'ts', path) };
    const data = checksum === undefined ? levels : { ...levels, checksum };
    const seqId = okxSequence(b, 'seqId', path);
    const prevSeqId = okxSequence(b, 'prevSeqId', path);
    if ((seqId === undefined) !== (prevSeqId === undefined)) throw new FrameParseError(`${path}.seqId`, 'expected seqId and prevSeqId together');
    if (seqId === undefined || prevSeqId === undefined) return data;
    if (seqId < 0) throw new FrameParseError(`${path}.seqId`, 'expected an integer of 0 or more');
    return { ...data, seqId, prevSeqId };
  });
  return { kind: 'book', channel, instId, action, books };
}

/**
 * A side's levels read as numbers (`FieldReader.levels`), each with its price and size as the venue wrote
 * them (OKX's and Bitget's checksums are over those texts). Each level is written out as a literal: a
 * spread of the read level cost five times as much (about 2 µs a level, 100 µs a 50-level Bitget push).
 */
export function textedLevels(b: FieldReader, key: string, positiveSize: boolean): readonly OkxLevel[] {
  const raw = b.array(key);
  return b.levels(key, positiveSize).map((level, n): OkxLevel => {
    const pair = raw[n] as readonly unknown[];
    return { price: level.price, size: level.size, px: String(pair[0]), sz: String(pair[1]) };
  });
}
