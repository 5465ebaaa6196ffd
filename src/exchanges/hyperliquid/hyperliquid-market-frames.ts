import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { LevelChange } from '../l2-book.js';
import { hyperliquidCoin, hyperliquidLevel, hyperliquidLevels, hyperliquidMillis, hyperliquidSide, hyperliquidTradeId } from './hyperliquid-fields.js';

/**
 * Levels a side of an `l2Book` message holds at most (docs "Info endpoint", "L2 book snapshot":
 * "Returns at most 20 levels per side"; the socket's `WsBook` is the same snapshot; both recorded
 * frames of hyperliquid-l2Book.ndjson hold 20 a side).
 */
export const HYPERLIQUID_BOOK_LEVELS = 20;

/** One trade (`WsTrade`, docs "Websocket > Subscriptions"); `hash` and `users` are not read. */
export interface HyperliquidTrade {
  readonly coin: string;
  /** Decimal text; unique across coins, says nothing of order or count. */
  readonly tid: string;
  readonly px: string;
  readonly sz: string;
  /** The aggressor's side: `B` bought, `A` sold. */
  readonly side: 'B' | 'A';
  /** The trade's time, epoch ms. */
  readonly time: number;
}

/** `{"channel":"trades","data":[WsTrade,..]}`: the first one of a coin after each subscribe is a backlog (see `hyperliquidBacklogReducer`). */
export interface HyperliquidTradesFrame {
  readonly kind: 'trades';
  readonly trades: readonly HyperliquidTrade[];
}

/** `{"channel":"l2Book","data":{coin,time,levels:[bids,asks]}}`: a whole snapshot of at most 20 levels a side, no sequence. */
export interface HyperliquidBookFrame {
  readonly kind: 'book';
  readonly coin: string;
  readonly time: number;
  readonly bids: readonly LevelChange[];
  readonly asks: readonly LevelChange[];
}

/** `{"channel":"bbo","data":{coin,time,bbo:[bid|null,ask|null]}}`: the best bid and ask, "sent only if the bbo changes on a block". */
export interface HyperliquidBboFrame {
  readonly kind: 'bbo';
  readonly coin: string;
  readonly time: number;
  readonly bid?: LevelChange;
  readonly ask?: LevelChange;
}

/** `{"channel":"activeAssetCtx","data":{coin,ctx}}`: a perpetual's context (`PerpsAssetCtx`); no time in the frame. */
export interface HyperliquidAssetCtxFrame {
  readonly kind: 'asset_ctx';
  readonly coin: string;
  /** The funding rate of the hour, a signed decimal. */
  readonly funding: string;
  readonly markPx: string;
  /** The oracle price, the perpetual's index. */
  readonly oraclePx: string;
  /** Open interest in the coin (base asset; thousands of the token for a `k` coin). */
  readonly openInterest: string;
}

export function readTrades(r: FieldReader): HyperliquidTradesFrame {
  const trades = r.array('data').map((item, n): HyperliquidTrade => {
    const path = `$.data[${n}]`;
    const t = FieldReader.of(item, path);
    return {
      coin: hyperliquidCoin(t, 'coin', path),
      tid: hyperliquidTradeId(t, 'tid', path),
      px: t.positiveDecimal('px'),
      sz: t.positiveDecimal('sz'),
      side: hyperliquidSide(t, 'side', path),
      time: hyperliquidMillis(t, 'time', path),
    };
  });
  return { kind: 'trades', trades };
}

export function readBook(r: FieldReader): HyperliquidBookFrame {
  const d = r.child('data');
  const levels = d.array('levels');
  if (levels.length !== 2) throw new FrameParseError('$.data.levels', 'expected [bids, asks]');
  return {
    kind: 'book',
    coin: hyperliquidCoin(d, 'coin', '$.data'),
    time: hyperliquidMillis(d, 'time', '$.data'),
    bids: hyperliquidLevels(levels[0], '$.data.levels[0]'),
    asks: hyperliquidLevels(levels[1], '$.data.levels[1]'),
  };
}

export function readBbo(r: FieldReader): HyperliquidBboFrame {
  const d = r.child('data');
  const sides = d.array('bbo');
  if (sides.length !== 2) throw new FrameParseError('$.data.bbo', 'expected [bid, ask], either one null');
  const frame = { kind: 'bbo', coin: hyperliquidCoin(d, 'coin', '$.data'), time: hyperliquidMillis(d, 'time', '$.data') } as const;
  const [bid, ask] = sides.map((side, n) => (side === null ? undefined : hyperliquidLevel(side, `$.data.bbo[${n}]`)));
  return { ...frame, ...(bid === undefined ? {} : { bid }), ...(ask === undefined ? {} : { ask }) };
}

export function readAssetCtx(r: FieldReader): HyperliquidAssetCtxFrame {
  const d = r.child('data');
  const coin = hyperliquidCoin(d, 'coin', '$.data');
  const ctx = d.child('ctx');
  const funding = ctx.optionalDecimal('funding');
  if (funding === undefined) throw new FrameParseError('$.data.ctx.funding', 'expected a decimal string');
  return {
    kind: 'asset_ctx',
    coin,
    funding,
    markPx: ctx.positiveDecimal('markPx'),
    oraclePx: ctx.positiveDecimal('oraclePx'),
    openInterest: ctx.nonNegativeDecimal('openInterest'),
  };
}
