import { FieldReader, isJsonObject } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { LevelChange } from '../l2-book.js';
import { epochMillis, nonNegativeNumber, optionalNonNegative, optionalSigned, positiveNumber, sequenceNumber } from './deribit-fields.js';

/** One trade of a `trades.{instrument}.{interval}` notification (docs "trades.{instrument_name}.{interval}"). */
export interface DeribitTrade {
  readonly instrument: string;
  /** Consecutive per instrument: the feed's trade id. Deribit's own `trade_id` (a string, `ETH-` prefixed on ETH) is not kept. */
  readonly tradeSeq: number;
  readonly price: number;
  /** USD on inverse futures (10 a BTC contract, 1 an ETH contract); the coin on options. */
  readonly amount: number;
  /** The taker's side. */
  readonly direction: 'buy' | 'sell';
  readonly timestamp: number;
  /** A liquidation's side(s): `M` the maker was liquidated, `T` the taker, `MT` both; absent on other trades. */
  readonly liquidation?: 'M' | 'T' | 'MT';
}

export interface DeribitTradesFrame {
  readonly kind: 'trades';
  readonly trades: readonly DeribitTrade[];
}

/**
 * A `book.{instrument}.{interval}` notification: a `snapshot` (the whole book) then `change`s, each
 * naming the `change_id` before it (`prev_change_id`). Levels are `[action, price, amount]`, `delete`
 * with amount 0; here `size` is the amount as written (USD on inverse futures).
 */
export interface DeribitBookFrame {
  readonly kind: 'book';
  readonly instrument: string;
  readonly type: 'snapshot' | 'change';
  readonly changeId: number;
  readonly prevChangeId?: number;
  readonly bids: readonly LevelChange[];
  readonly asks: readonly LevelChange[];
  readonly timestamp: number;
}

/** The five greeks of an option's ticker. */
export interface DeribitGreeks {
  readonly delta: number;
  readonly gamma: number;
  readonly vega: number;
  readonly theta: number;
  readonly rho: number;
}

/** The fields of a `ticker.{instrument}.{interval}` notification the feed reads (docs "ticker.{instrument_name}.{interval}"). */
export interface DeribitTicker {
  readonly instrument: string;
  readonly timestamp: number;
  /**
   * 0 or more: an option far out of the money is marked as low as 0.000001 (deribit-options-ticker.ndjson),
   * and a worthless one's last ticker (`state` "closed") at 0.
   */
  readonly markPrice: number;
  readonly indexPrice?: number;
  readonly lastPrice?: number;
  /** 0 with its amount 0 on an empty side. */
  readonly bestBidPrice?: number;
  readonly bestBidAmount?: number;
  readonly bestAskPrice?: number;
  readonly bestAskAmount?: number;
  /** USD on inverse futures, the coin on options. */
  readonly openInterest?: number;
  readonly currentFunding?: number;
  readonly funding8h?: number;
  readonly high24h?: number;
  readonly low24h?: number;
  /** The coin traded in 24 h. */
  readonly volume24h?: number;
  readonly volumeUsd24h?: number;
  /** Percent. */
  readonly priceChange24h?: number;
  /** Options: percent; 0 on an empty side, and on a bid at or below the option's intrinsic value (no volatility prices it). */
  readonly bidIv?: number;
  readonly askIv?: number;
  readonly markIv?: number;
  readonly greeks?: DeribitGreeks;
  readonly underlyingPrice?: number;
  readonly underlyingIndex?: string;
  readonly interestRate?: number;
  /** The book is closed for good (`state: "closed"`, docs "ticker": "The state of the order book. Possible values are open and closed"): an expired instrument's last ticker. */
  readonly closed?: boolean;
}

export interface DeribitTickerFrame {
  readonly kind: 'ticker';
  readonly ticker: DeribitTicker;
}

const LIQUIDATIONS = ['M', 'T', 'MT'] as const;

export function readTrades(data: readonly unknown[], path: string): DeribitTradesFrame {
  const trades = data.map((item, n): DeribitTrade => {
    const at = `${path}[${n}]`;
    const t = FieldReader.of(item, at);
    const direction = t.raw('direction');
    if (direction !== 'buy' && direction !== 'sell') throw new FrameParseError(`${at}.direction`, 'expected "buy" or "sell"');
    const trade = {
      instrument: t.string('instrument_name'),
      tradeSeq: sequenceNumber(t, 'trade_seq', at),
      price: positiveNumber(t, 'price', at),
      amount: positiveNumber(t, 'amount', at),
      direction,
      timestamp: epochMillis(t, 'timestamp', at),
    } as const;
    const liquidation = t.raw('liquidation');
    if (liquidation === undefined || liquidation === null) return trade;
    if (!(LIQUIDATIONS as readonly unknown[]).includes(liquidation)) throw new FrameParseError(`${at}.liquidation`, 'expected "M", "T" or "MT"');
    return { ...trade, liquidation: liquidation as 'M' | 'T' | 'MT' };
  });
  return { kind: 'trades', trades };
}

export function readBook(d: FieldReader, path: string): DeribitBookFrame {
  const type = d.raw('type');
  if (type !== 'snapshot' && type !== 'change') throw new FrameParseError(`${path}.type`, 'expected "snapshot" or "change"');
  const snapshot = type === 'snapshot';
  const frame = {
    kind: 'book',
    instrument: d.string('instrument_name'),
    type,
    changeId: sequenceNumber(d, 'change_id', path),
    bids: levels(d, 'bids', snapshot, path),
    asks: levels(d, 'asks', snapshot, path),
    timestamp: epochMillis(d, 'timestamp', path),
  } as const;
  if (snapshot && !d.has('prev_change_id')) return frame;
  return { ...frame, prevChangeId: sequenceNumber(d, 'prev_change_id', path) };
}

/** `[action, price, amount]` entries: `new` and `change` with an amount above zero, `delete` (read as size 0); a snapshot holds only `new`. */
function levels(d: FieldReader, key: string, snapshot: boolean, path: string): readonly LevelChange[] {
  return d.array(key).map((entry, n): LevelChange => {
    const at = `${path}.${key}[${n}]`;
    if (!Array.isArray(entry) || entry.length !== 3) throw new FrameParseError(at, 'expected [action, price, amount]');
    const [action, price, amount] = entry as readonly unknown[];
    if (action !== 'new' && action !== 'change' && action !== 'delete') throw new FrameParseError(`${at}.action`, 'expected "new", "change" or "delete"');
    if (snapshot && action !== 'new') throw new FrameParseError(`${at}.action`, 'expected "new" in a snapshot');
    if (typeof price !== 'number' || !Number.isFinite(price) || price <= 0) throw new FrameParseError(`${at}.price`, 'expected a positive number');
    if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0 || (action !== 'delete' && amount === 0))
      throw new FrameParseError(`${at}.amount`, action === 'delete' ? 'expected a number of zero or more' : 'expected a positive number');
    return { price, size: action === 'delete' ? 0 : amount };
  });
}

export function readTicker(d: FieldReader, path: string): DeribitTickerFrame {
  const ticker: { -readonly [K in keyof DeribitTicker]: DeribitTicker[K] } = {
    instrument: d.string('instrument_name'),
    timestamp: epochMillis(d, 'timestamp', path),
    markPrice: nonNegativeNumber(d, 'mark_price', path),
  };
  const set = <K extends keyof DeribitTicker>(key: K, value: DeribitTicker[K] | undefined): void => {
    if (value !== undefined) ticker[key] = value;
  };
  set('indexPrice', optionalNonNegative(d, 'index_price'));
  set('lastPrice', optionalNonNegative(d, 'last_price'));
  set('bestBidPrice', optionalNonNegative(d, 'best_bid_price'));
  set('bestBidAmount', optionalNonNegative(d, 'best_bid_amount'));
  set('bestAskPrice', optionalNonNegative(d, 'best_ask_price'));
  set('bestAskAmount', optionalNonNegative(d, 'best_ask_amount'));
  set('openInterest', optionalNonNegative(d, 'open_interest'));
  set('currentFunding', optionalSigned(d, 'current_funding'));
  set('funding8h', optionalSigned(d, 'funding_8h'));
  set('bidIv', optionalNonNegative(d, 'bid_iv'));
  set('askIv', optionalNonNegative(d, 'ask_iv'));
  set('markIv', optionalNonNegative(d, 'mark_iv'));
  set('underlyingPrice', optionalNonNegative(d, 'underlying_price'));
  set('interestRate', optionalSigned(d, 'interest_rate'));
  if (d.raw('state') === 'closed') ticker.closed = true;
  const index = d.raw('underlying_index');
  if (typeof index === 'string' && index !== '') set('underlyingIndex', index);
  // The 24 h figures, each dropped alone when unreadable; all of them when `stats` is no object.
  if (isJsonObject(d.raw('stats'))) {
    const s = d.child('stats');
    set('high24h', optionalNonNegative(s, 'high'));
    set('low24h', optionalNonNegative(s, 'low'));
    set('volume24h', optionalNonNegative(s, 'volume'));
    set('volumeUsd24h', optionalNonNegative(s, 'volume_usd'));
    set('priceChange24h', optionalSigned(s, 'price_change'));
  }
  if (d.has('greeks')) {
    const g = d.child('greeks');
    const at = `${path}.greeks`;
    const greek = (key: string): number => {
      const value = optionalSigned(g, key);
      if (value === undefined) throw new FrameParseError(`${at}.${key}`, 'expected a number');
      return value;
    };
    ticker.greeks = { delta: greek('delta'), gamma: greek('gamma'), vega: greek('vega'), theta: greek('theta'), rho: greek('rho') };
  }
  return { kind: 'ticker', ticker };
}
