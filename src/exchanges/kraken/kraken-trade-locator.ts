import { FeedError } from '../../model/feed-error.js';
import { KRAKEN_TRADES_PAGE, type KrakenRestTrade, type KrakenTradesPage } from './kraken-trades.js';

/** One pair's `Trades` pages: the latest `count` without `since`, else the first `count` after `since` (nanoseconds). */
export type TradePages = (count: number, since?: string) => Promise<KrakenTradesPage>;

/** A trade whose id and time are known: where a search by time may start. */
export interface KnownTrade {
  readonly id: number;
  readonly micros: number;
}

export interface TradeLocatorLimits {
  /** Single-trade requests spent finding, by time, a moment before the trade asked for. Default 12. */
  readonly maxProbes: number;
  /** Pages read forward from there, beyond those the trades asked for fill. Default 4. */
  readonly extraPages: number;
}

export const DEFAULT_TRADE_LOCATOR_LIMITS: TradeLocatorLimits = { maxProbes: 12, extraPages: 4 };

/** The trade history cannot serve these ids: not found by time within the probes, or not reached within the pages (retriable: later reads may reach them). */
export class TradeNotLocatedError extends FeedError<{ readonly fromId: string }> {
  constructor(message: string, fromId: string) {
    super(message, true, { fromId });
  }
}

/** `since` (nanoseconds) for the trades from the moment `micros` on: one nanosecond earlier (whether Kraken's `since` is inclusive is not documented). */
export function nanosBefore(micros: number): string {
  return micros <= 0 ? '0' : `${micros - 1}999`;
}

/**
 * `since` for a trade read from a REST answer and the trades after it: its time came as seconds in a
 * double (about a quarter of a microsecond apart at today's times), so a microsecond earlier still.
 */
export function sinceTrade(micros: number): string {
  return nanosBefore(micros - 1);
}

/**
 * Up to `limit` trades from id `fromId` on, oldest first, over pages keyed by time only (Kraken's
 * `Trades` takes a `since` time, not an id):
 * - after `known` (a trade at most one page before `fromId`, e.g. the last one of the previous call),
 *   read forward from its time;
 * - else the latest page: `fromId` is in it (its trades from there on are all there is), or newer
 *   than every trade (none made yet: nothing), or older: then single-trade probes find a moment at or
 *   before it (first stepping back by the page's trade rate, then narrowing between the moments found
 *   before and after it), and pages are read forward from there.
 * Costs one request per probe and per page. Trades between the moment found and `fromId` are skipped;
 * fewer than `limit` come back only when the pair's history ends. Throws `TradeNotLocatedError` when
 * the probes or pages run out first.
 */
export async function tradesFromId(
  pages: TradePages,
  fromId: number,
  limit: number,
  known?: KnownTrade,
  limits: TradeLocatorLimits = DEFAULT_TRADE_LOCATOR_LIMITS,
): Promise<readonly KrakenRestTrade[]> {
  if (known !== undefined && known.id <= fromId && fromId - known.id < KRAKEN_TRADES_PAGE)
    return forward(pages, sinceTrade(known.micros), fromId, limit, limits);
  const latest = await pages(KRAKEN_TRADES_PAGE);
  const sorted = byId(latest.trades);
  const oldest = sorted[0];
  const newest = sorted.at(-1);
  if (oldest === undefined || newest === undefined || fromId > newest.id) return [];
  // The latest page ends with the newest trade: what it holds from `fromId` on is all there is.
  if (fromId >= oldest.id) return sorted.filter((trade) => trade.id >= fromId).slice(0, limit);
  const start = await momentBefore(pages, fromId, oldest, newest, limits.maxProbes);
  return forward(pages, nanosBefore(start), fromId, limit, limits);
}

/** A time from which the first trade's id is at most `fromId` (and, when the probes allow, less than a page before it). */
async function momentBefore(pages: TradePages, fromId: number, oldest: KrakenRestTrade, newest: KrakenRestTrade, maxProbes: number): Promise<number> {
  /** The first trade from `hi.micros` on is after `fromId`; from `lo.micros` on, at or before it. */
  let hi: KnownTrade = { id: oldest.id, micros: oldest.micros };
  let lo: KnownTrade | undefined;
  const rate = (newest.id - oldest.id) / Math.max(1, newest.micros - oldest.micros);
  let back = ((oldest.id - fromId) / (rate > 0 ? rate : 1e-6)) * 1.5;
  for (let probe = 0; probe < maxProbes; probe++) {
    if (lo !== undefined && (fromId - lo.id < KRAKEN_TRADES_PAGE || hi.micros - lo.micros < 2)) break;
    let at: number;
    if (lo === undefined) {
      at = Math.max(0, Math.floor(hi.micros - back));
      back *= 4;
    } else {
      const share = (fromId - lo.id) / Math.max(1, hi.id - lo.id);
      at = Math.floor(lo.micros + (hi.micros - lo.micros) * share * 0.9);
      if (at <= lo.micros) at = lo.micros + Math.floor((hi.micros - lo.micros) / 2);
    }
    const first = (await pages(1, nanosBefore(at))).trades[0];
    if (first === undefined || first.id > fromId) hi = { id: first?.id ?? hi.id, micros: at };
    else lo = { id: first.id, micros: at };
    if (lo === undefined && at === 0) break;
  }
  if (lo === undefined) throw new TradeNotLocatedError(`no moment before trade ${fromId} found in ${maxProbes} requests by time`, String(fromId));
  return lo.micros;
}

/** Pages forward from `since`, keeping trades from `fromId` on until `limit` are kept or the history ends. */
async function forward(pages: TradePages, since: string, fromId: number, limit: number, limits: TradeLocatorLimits): Promise<readonly KrakenRestTrade[]> {
  const found: KrakenRestTrade[] = [];
  let cursor = since;
  let newestSeen = -1;
  const maxPages = Math.ceil(limit / KRAKEN_TRADES_PAGE) + limits.extraPages;
  for (let n = 0; n < maxPages && found.length < limit; n++) {
    const page = await pages(KRAKEN_TRADES_PAGE, cursor);
    const sorted = byId(page.trades);
    for (const trade of sorted) {
      if (trade.id > newestSeen) newestSeen = trade.id;
      if (trade.id >= fromId && (found.at(-1)?.id ?? -1) < trade.id) found.push(trade);
    }
    if (page.trades.length < KRAKEN_TRADES_PAGE) return found.slice(0, limit);
    // From the last trade's own time (trades sharing it may straddle the page's end), else Kraken's cursor.
    const last = sorted.at(-1);
    const next = last === undefined ? page.last : sinceTrade(last.micros);
    if (next === cursor && page.last === cursor) break;
    cursor = next === cursor ? page.last : next;
  }
  if (found.length === 0 && newestSeen < fromId)
    throw new TradeNotLocatedError(`trade ${fromId} not reached in ${maxPages} pages (newest read: ${newestSeen})`, String(fromId));
  return found.slice(0, limit);
}

function byId(trades: readonly KrakenRestTrade[]): readonly KrakenRestTrade[] {
  return [...trades].sort((a, b) => a.id - b.id);
}
