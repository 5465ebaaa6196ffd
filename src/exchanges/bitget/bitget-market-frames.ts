import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { OkxLevel } from '../okx/okx-book-checksum.js';
import { textedLevels } from '../okx/okx-market-frames.js';
import { bitgetChecksum, bitgetFigure, bitgetItems, bitgetMillis, bitgetOptionalMillis, bitgetSequence, bitgetSide, bitgetTradeId } from './bitget-fields.js';

/** One trade of a `trade` push: one fill (docs "Trade Channel"). */
export interface BitgetTrade {
  readonly tradeId: string;
  readonly price: string;
  /** In the base coin, on spot and on USDT-M futures alike. */
  readonly size: string;
  /** The taker's side (docs "Trade Channel": "side: Trade direction"; ccxt and tardis-node read it so). */
  readonly side: 'buy' | 'sell';
  readonly ts: number;
}

export interface BitgetTradesFrame {
  readonly kind: 'trades';
  readonly instId: string;
  /** `snapshot`: the trades made before the subscription (the last ones, newest first); `update`: new trades. */
  readonly action: 'snapshot' | 'update';
  readonly trades: readonly BitgetTrade[];
}

/**
 * One `ticker` record as written (docs "Tickers Channel", spot and futures): the last price, the rolling
 * day, the best bid and ask, and on futures the mark, index, funding and holding (open interest, base coin).
 */
export interface BitgetTicker {
  readonly instId: string;
  readonly ts: number;
  readonly lastPr?: string;
  readonly open24h?: string;
  readonly high24h?: string;
  readonly low24h?: string;
  /** Base coin. */
  readonly baseVolume?: string;
  /** Quote coin. */
  readonly quoteVolume?: string;
  readonly bidPr?: string;
  readonly bidSz?: string;
  readonly askPr?: string;
  readonly askSz?: string;
  readonly markPrice?: string;
  readonly indexPrice?: string;
  readonly fundingRate?: string;
  readonly nextFundingTime?: number;
  /** Open interest in the base coin (docs: "holdingAmount: Total position"). */
  readonly holdingAmount?: string;
}

export interface BitgetTickerFrame {
  readonly kind: 'ticker';
  readonly tickers: readonly BitgetTicker[];
}

/** One record of a depth push: levels `[price, size]` (0 deletes on an update), chained by `seq`/`pseq`, with Bitget's checksum. */
export interface BitgetBookData {
  readonly bids: readonly OkxLevel[];
  readonly asks: readonly OkxLevel[];
  readonly ts: number;
  /** The checksum of the best 25 levels after this push; absent when 0 (a v2 snapshot's). */
  readonly checksum?: number;
  readonly seq?: number;
  /** The previous push's `seq` (0 on a snapshot). */
  readonly pseq?: number;
}

/** The depth channels (docs "Depth Channel"): `books` (all levels: a snapshot, then changes) and `books1`/`books5`/`books15` (a snapshot each time). */
export const BITGET_BOOK_CHANNELS = ['books', 'books1', 'books5', 'books15'] as const;

export interface BitgetBookFrame {
  readonly kind: 'book';
  readonly channel: (typeof BITGET_BOOK_CHANNELS)[number];
  readonly instId: string;
  readonly action: 'snapshot' | 'update';
  readonly books: readonly BitgetBookData[];
}

function actionOf(r: FieldReader): 'snapshot' | 'update' {
  const action = r.raw('action');
  if (action !== 'snapshot' && action !== 'update') throw new FrameParseError('$.action', 'expected "snapshot" or "update"');
  return action;
}

/** The field names of a trade in each API: v1/v2 `trade`, v3 `publicTrade` (`i`, `p`, `v`, `S`, `T`). */
const TRADE_FIELDS = {
  v2: { id: 'tradeId', price: 'price', size: 'size', side: 'side', ts: 'ts' },
  v3: { id: 'i', price: 'p', size: 'v', side: 'S', ts: 'T' },
} as const;

export function readTrades(r: FieldReader, instId: string, api: 'v2' | 'v3'): BitgetTradesFrame {
  const names = TRADE_FIELDS[api];
  const trades = bitgetItems(r).map(({ item, path }): BitgetTrade => {
    const t = FieldReader.of(item, path);
    return {
      tradeId: bitgetTradeId(t, names.id, path),
      price: t.positiveDecimal(names.price),
      size: t.positiveDecimal(names.size),
      side: bitgetSide(t, names.side, path),
      ts: bitgetMillis(t, names.ts, path),
    };
  });
  return { kind: 'trades', instId, action: actionOf(r), trades };
}

const TICKER_FIGURES = [
  'lastPr',
  'open24h',
  'high24h',
  'low24h',
  'baseVolume',
  'quoteVolume',
  'bidPr',
  'bidSz',
  'askPr',
  'askSz',
  'markPrice',
  'indexPrice',
  'fundingRate',
  'holdingAmount',
] as const;

/** The v3 names of the ticker's figures (its records carry no time of their own: the push's `ts` stands for it). */
const V3_TICKER_NAMES: Readonly<Partial<Record<(typeof TICKER_FIGURES)[number], string>>> = {
  lastPr: 'lastPrice',
  open24h: 'openPrice24h',
  high24h: 'highPrice24h',
  low24h: 'lowPrice24h',
  baseVolume: 'volume24h',
  quoteVolume: 'turnover24h',
  bidPr: 'bid1Price',
  bidSz: 'bid1Size',
  askPr: 'ask1Price',
  askSz: 'ask1Size',
  holdingAmount: 'openInterest',
};

/** Ticker records, each figure read alone: one that is absent, empty or no decimal is left out, the others kept. */
export function readTickers(r: FieldReader, instId: string, api: 'v2' | 'v3'): BitgetTickerFrame {
  const tickers = bitgetItems(r).map(({ item, path }): BitgetTicker => {
    const t = FieldReader.of(item, path);
    const ts = api === 'v3' && !t.has('ts') ? bitgetMillis(r, 'ts', '$') : bitgetMillis(t, 'ts', path);
    const ticker: { -readonly [K in keyof BitgetTicker]: BitgetTicker[K] } = { instId: t.optionalString('instId') ?? instId, ts };
    for (const key of TICKER_FIGURES) {
      const value = bitgetFigure(t, api === 'v3' ? (V3_TICKER_NAMES[key] ?? key) : key, key === 'fundingRate');
      if (value !== undefined) ticker[key] = value;
    }
    const next = bitgetOptionalMillis(t, 'nextFundingTime', path);
    if (next !== undefined) ticker.nextFundingTime = next;
    return ticker;
  });
  return { kind: 'ticker', tickers };
}

/** A depth push: `snapshot` (sizes above 0) or `update` (0 deletes), each record's levels with their texts as written (v3: `b`, `a`). */
export function readBook(r: FieldReader, channel: BitgetBookFrame['channel'], instId: string, api: 'v2' | 'v3'): BitgetBookFrame {
  const [bidsKey, asksKey] = api === 'v3' ? (['b', 'a'] as const) : (['bids', 'asks'] as const);
  const action = actionOf(r);
  const snapshot = action === 'snapshot';
  const books = bitgetItems(r).map(({ item, path }): BitgetBookData => {
    const b = FieldReader.of(item, path);
    const data: { -readonly [K in keyof BitgetBookData]: BitgetBookData[K] } = {
      bids: textedLevels(b, bidsKey, snapshot),
      asks: textedLevels(b, asksKey, snapshot),
      ts: bitgetMillis(b, 'ts', path),
    };
    const checksum = bitgetChecksum(b, 'checksum', path);
    if (checksum !== undefined) data.checksum = checksum;
    const seq = bitgetSequence(b, 'seq', path);
    const pseq = bitgetSequence(b, 'pseq', path);
    if (seq !== undefined) data.seq = seq;
    if (pseq !== undefined) data.pseq = pseq;
    return data;
  });
  return { kind: 'book', channel, instId, action, books };
}

/** One liquidation of a v3 `liquidation` push (every symbol of an instrument type on one topic): the order that closed a position. */
export interface BitgetLiquidation {
  readonly symbol: string;
  /** `buy` closes a short, `sell` a long. */
  readonly side: 'buy' | 'sell';
  readonly price: string;
  /** In the base coin. */
  readonly amount: string;
  readonly ts: number;
}

export interface BitgetLiquidationsFrame {
  readonly kind: 'liquidations';
  readonly liquidations: readonly BitgetLiquidation[];
}

/** A v3 `liquidation` push (`{"arg":{"instType":"usdt-futures","topic":"liquidation"},"data":[{symbol,side,price,amount,ts}..]}`). */
export function readLiquidations(r: FieldReader): BitgetLiquidationsFrame {
  const liquidations = bitgetItems(r).map(({ item, path }): BitgetLiquidation => {
    const l = FieldReader.of(item, path);
    return {
      symbol: l.string('symbol'),
      side: bitgetSide(l, 'side', path),
      price: l.positiveDecimal('price'),
      amount: l.positiveDecimal('amount'),
      ts: bitgetMillis(l, 'ts', path),
    };
  });
  return { kind: 'liquidations', liquidations };
}
