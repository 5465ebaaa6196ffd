import { decimalValue } from '../exchanges/field-reader.js';
import { VENUES } from '../exchanges/venues.js';
import type { Building } from '../model/building.js';
import { FeedError } from '../model/feed-error.js';
import type { FeedStatus, HistoryTrade, RecentTrade, TradeEvent } from '../model/index.js';
import type { PublishedTrade } from './gap-details.js';

export type { HistoryTrade, RecentTrade } from '../model/index.js';

/** A gap of consecutive trade ids and the live trade that revealed it (its id is the gap's end plus one). */
export interface IdJob {
  readonly kind: 'ids';
  readonly gap: FeedStatus & { readonly symbol: string; readonly missingFrom: number; readonly missingTo: number };
  readonly revealer: TradeEvent;
  /**
   * For a hole since a moment (`SinceJob`) whose first id the venue's history gave: that moment, which
   * its answer says again (`lastEventTs`) beside the `missingFrom` found, so that it names the `gap` it answers.
   */
  readonly since?: number;
}

/**
 * A gap known by time: the last trade published before it (or, when nothing of the symbol was, the
 * moment it began) and the first live trade after (ids increasing, not consecutive).
 */
export type TimeJob = {
  readonly kind: 'time';
  readonly gap: FeedStatus & { readonly symbol: string };
  readonly revealer: TradeEvent;
} & ({ readonly before: TradeEvent | PublishedTrade; readonly since?: undefined } | { readonly since: number; readonly before?: undefined });

/**
 * A gap of consecutive ids whose first id is not known: nothing of the symbol was published before
 * it; it began at `since` (ms) and ends before the revealing trade's id. The venue's history by time
 * gives its first id.
 */
export interface SinceJob {
  readonly kind: 'since';
  readonly gap: FeedStatus & { readonly symbol: string; readonly missingTo: number };
  readonly since: number;
  readonly revealer: TradeEvent;
}

export type RepairJob = IdJob | TimeJob | SinceJob;

/** A venue's answer that cannot be trusted for this gap: nothing of it is published (not retriable: the same answer would come again). */
export class RefusedAnswer extends FeedError<Record<string, never>> {
  constructor(message: string) {
    super(message, false, {});
  }
}

/**
 * The missing trades in one page of a venue's history from id `from`, asked for at most
 * `pageSize` trades and through the revealing trade. Refuses ids other than the next ones due, and
 * a revealing trade priced differently from the one sent live.
 */
export function idPage(job: IdJob, page: readonly HistoryTrade[], from: number, pageSize: number, receivedTs: number): TradeEvent[] {
  const { revealer, gap } = job;
  const last = Math.min(gap.missingTo + 1, from + pageSize - 1);
  let expected = from;
  const trades: TradeEvent[] = [];
  for (const trade of page) {
    if (trade.id !== expected || trade.id > last) throw new RefusedAnswer(`asked ids ${from}..${last}, got ${trade.id} where ${expected} was due`);
    expected++;
    const price = decimalValue(trade.price);
    if (trade.id === gap.missingTo + 1) {
      if (price !== revealer.price) throw new RefusedAnswer(`trade ${trade.id} at ${trade.price}, sent live at ${revealer.price}`);
      continue;
    }
    trades.push(repairedTrade(revealer, trade, price, receivedTs));
  }
  return trades;
}

/**
 * The missing trades of a time gap among the venue's latest trades (any order), and whether they
 * reach back to the live trade before the gap. Refuses an answer that skips the revealing trade,
 * or prices a trade sent live differently. Decimal ids (Bybit spot, Coinbase) order the trades; ids
 * of a venue whose ids have no order (`tradeIds.ordered: false`: Bybit linear's UUIDs, Hyperliquid's decimal
 * `tid`) or that are not numbers leave it to the trades' times, then to the answer's order, newest
 * first as the venue writes it.
 */
export function timePage(job: TimeJob, page: readonly RecentTrade[], receivedTs: number): { readonly trades: TradeEvent[]; readonly complete: boolean } {
  const { before, revealer } = job;
  if (before === undefined) return timePageSince(job.since, revealer, page, receivedTs);
  if (!VENUES[revealer.exchange].tradeIds.ordered || ![before.tradeId, revealer.tradeId, ...page.map((trade) => trade.id)].every((id) => DECIMAL_ID.test(id)))
    return timePageByTime(before, revealer, page, receivedTs);
  const beforeId = idOf(before.tradeId);
  const revealerId = idOf(revealer.tradeId);
  const sorted = page.map((trade) => ({ trade, id: idOf(trade.id) })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const newest = sorted.at(-1);
  if (newest === undefined || newest.id < revealerId) throw new RefusedAnswer(`the venue's latest trades do not hold trade ${revealer.tradeId}, sent live`);
  const trades: TradeEvent[] = [];
  let sawRevealer = false;
  let reachesBack = false;
  for (const { trade, id } of sorted) {
    const price = decimalValue(trade.price);
    if (id === revealerId || id === beforeId) {
      const live = id === revealerId ? revealer : before;
      if (live.price !== undefined && price !== live.price) throw new RefusedAnswer(`trade ${trade.id} at ${trade.price}, sent live at ${live.price}`);
      sawRevealer ||= id === revealerId;
    }
    if (id <= beforeId) reachesBack = true;
    else if (id < revealerId) trades.push(repairedTrade(revealer, trade, price, receivedTs));
  }
  if (!sawRevealer) {
    const oldest = sorted[0];
    if (oldest !== undefined && oldest.id > revealerId) return { trades: [], complete: false };
    throw new RefusedAnswer(`the venue's latest trades skip trade ${revealer.tradeId}, sent live`);
  }
  return { trades, complete: reachesBack };
}

const DECIMAL_ID = /^\d{1,30}$/;

/** `timePage` where ids say nothing of order: the answer's trades by time, those of one millisecond newest last (the answer lists them newest first). */
function timePageByTime(
  before: TradeEvent | PublishedTrade,
  revealer: TradeEvent,
  page: readonly RecentTrade[],
  receivedTs: number,
): { readonly trades: TradeEvent[]; readonly complete: boolean } {
  const found = revealerInOrder(revealer, page);
  if (found === undefined) return { trades: [], complete: false };
  const { ordered, revealerAt, oldest } = found;
  const beforeAt = ordered.findIndex(({ trade }) => trade.id === before.tradeId);
  const beforeTrade = ordered[beforeAt]?.trade;
  if (beforeTrade !== undefined && before.price !== undefined && decimalValue(beforeTrade.price) !== before.price)
    throw new RefusedAnswer(`trade ${beforeTrade.id} at ${beforeTrade.price}, sent live at ${before.price}`);
  // Without the trade before the gap in the answer, the answer reaches back when it holds an older one.
  const first = beforeAt >= 0 ? beforeAt + 1 : ordered.findIndex(({ trade }) => trade.time >= before.exchangeTs);
  const trades = ordered.slice(Math.max(0, first), revealerAt).map(({ trade }) => repairedTrade(revealer, trade, decimalValue(trade.price), receivedTs));
  return { trades, complete: beforeAt >= 0 || oldest.trade.time < before.exchangeTs };
}

/**
 * `timePage` of a gap that began at `since` (nothing of the symbol published before it): the answer's
 * trades by time from `since` up to the revealing trade; complete when the answer holds an older one.
 */
function timePageSince(
  since: number,
  revealer: TradeEvent,
  page: readonly RecentTrade[],
  receivedTs: number,
): { readonly trades: TradeEvent[]; readonly complete: boolean } {
  const found = revealerInOrder(revealer, page);
  if (found === undefined) return { trades: [], complete: false };
  const { ordered, revealerAt, oldest } = found;
  const trades = ordered
    .slice(0, revealerAt)
    .filter(({ trade }) => trade.time >= since)
    .map(({ trade }) => repairedTrade(revealer, trade, decimalValue(trade.price), receivedTs));
  return { trades, complete: oldest.trade.time < since };
}

/**
 * The answer's trades by time (those of one millisecond newest last: the answer lists them newest
 * first) and where the revealing trade is among them, its price checked; `undefined` when the answer
 * is all newer than it (nothing of the gap is within reach). Refuses an answer that skips it.
 */
function revealerInOrder(
  revealer: TradeEvent,
  page: readonly RecentTrade[],
):
  | {
      readonly ordered: readonly { readonly trade: RecentTrade; readonly n: number }[];
      readonly revealerAt: number;
      readonly oldest: { readonly trade: RecentTrade };
    }
  | undefined {
  const ordered = page.map((trade, n) => ({ trade, n })).sort((a, b) => a.trade.time - b.trade.time || b.n - a.n);
  const newest = ordered.at(-1);
  const oldest = ordered[0];
  if (newest === undefined || oldest === undefined || newest.trade.time < revealer.exchangeTs)
    throw new RefusedAnswer(`the venue's latest trades do not hold trade ${revealer.tradeId}, sent live`);
  const revealerAt = ordered.findIndex(({ trade }) => trade.id === revealer.tradeId);
  if (revealerAt < 0) {
    if (oldest.trade.time > revealer.exchangeTs) return undefined;
    throw new RefusedAnswer(`the venue's latest trades skip trade ${revealer.tradeId}, sent live`);
  }
  const price = ordered[revealerAt]?.trade.price;
  if (price !== undefined && decimalValue(price) !== revealer.price)
    throw new RefusedAnswer(`trade ${revealer.tradeId} at ${price}, sent live at ${revealer.price}`);
  return { ordered, revealerAt, oldest };
}

/** A repaired trade: the live trade's instrument and venue, the history's trade. */
function repairedTrade(revealer: TradeEvent, trade: HistoryTrade | RecentTrade, price: number, receivedTs: number): TradeEvent {
  const repaired: Building<TradeEvent> = {
    type: 'trade',
    exchange: revealer.exchange,
    symbol: revealer.symbol,
    coin: revealer.coin,
    quote: revealer.quote,
    exchangeTs: trade.time,
    receivedTs,
    isFallback: revealer.isFallback,
    env: revealer.env,
    connectionId: 'rest-history',
    tradeId: String(trade.id),
    price,
    quantity: decimalValue(trade.qty),
    side: trade.isBuyerMaker ? 'SELL' : 'BUY',
    isBuyerMaker: trade.isBuyerMaker,
    source: 'repair',
  };
  if (revealer.instrument !== undefined) repaired.instrument = revealer.instrument;
  return repaired;
}

/** A decimal trade id as a bigint; refuses anything else. */
function idOf(id: string): bigint {
  if (!DECIMAL_ID.test(id)) throw new RefusedAnswer(`trade id ${JSON.stringify(id)} is not a decimal id`);
  return BigInt(id);
}
