import type { Building } from '../model/building.js';
import type { Observable, SchedulerLike } from 'rxjs';
import type { SweptTrade, SweptTrades } from '../exchanges/venue-definition.js';
import type { ExchangeId, FeedEvent, FeedStatus, MarketEvent, TradeEvent } from '../model/index.js';
import type { ListingSweepCounters } from './listing-sweep-counters.js';

/** Options of `sweepReconnectTrades` (`sweep-reconnect-trades.ts`) and of the listing sweeps it composes. */
export interface SweepReconnectTradesConfig {
  /**
   * Every trade of a venue's instruments made from `since` to `until` (ms, inclusive), paced: of `symbols`
   * when given (a listing sweep's), else of every one (a reconnect's); `undefined` for a venue that cannot
   * say (its holes are found by each instrument's next trade, `detectGaps`).
   */
  readonly madeBetween: (exchange: ExchangeId, since: number, until: number, symbols?: ReadonlySet<string>) => Observable<SweptTrades> | undefined;
  /**
   * Whether `madeBetween` can answer for a venue: the records of one that cannot pass untouched (nothing kept
   * of them, no work per record). Default: every venue.
   */
  readonly sweeps: (exchange: ExchangeId) => boolean;
  /**
   * Time after a venue's `subscribed` (or a listing's first record) before its trades are swept, so the venue's history
   * holds those made up to it, and before a listing's second look, ms. Default 1000.
   */
  readonly settleMs: number;
  /** Taken before the last record heard from the venue (or its list that did not hold a listing yet), where its hole may have begun (its clock against ours), ms. Default 1000. */
  readonly marginMs: number;
  readonly scheduler: SchedulerLike;
  /** Where the listing sweeps count their listings when each sweep ends (for metrics). Default: not counted. */
  readonly listingCounters?: ListingSweepCounters;
}

/** A swept hole: the venue, how its trades were made (`across a reconnect`, ...), when it may have begun and ended, and the clock. */
export interface SweptHole {
  readonly exchange: ExchangeId;
  readonly made: string;
  readonly since: number;
  readonly until: number;
  readonly now: () => number;
}

/** Why a hole not swept yet when the events end (a stop) is said unrepaired. */
export const STOPPED_BEFORE_SWEPT = 'the pipeline stopped before they were swept';

/** Whose hole it is: one symbol's (a listing), or a shard's or the whole venue's instruments (a reconnect). */
export type GapOf = { readonly symbol: string } | { readonly shard: string | undefined };

/**
 * A hole whose trades could not be read: a `gap` by time, then `gap_unrepaired` (`venue_error`) with the reason;
 * a shard's or venue's adds that each instrument's next trade names its own hole by id.
 */
export function unreadGap(hole: SweptHole, of: GapOf, error: unknown): readonly FeedStatus[] {
  const next = 'symbol' in of ? '' : "; each instrument's next trade names its own hole";
  const why = `venue_error: ${hole.exchange}'s trades made then could not be read: ${error instanceof Error ? error.message : String(error)}${next}`;
  return unrepairedGap(hole, of, why);
}

/**
 * A hole older than the venue's history reaches (it keeps only its latest trades, and they begin at
 * `until`): a `gap` by time, then `gap_unrepaired` (`history`).
 */
export function unreachedGap(hole: SweptHole, of: GapOf): readonly FeedStatus[] {
  return unrepairedGap(hole, of, `history: ${hole.exchange}'s latest trades reach back to ${new Date(hole.until).toISOString()} only`);
}

/** A `gap` by time that may hold trades, then `gap_unrepaired` saying why they were not read. */
function unrepairedGap(hole: SweptHole, of: GapOf, why: string): readonly FeedStatus[] {
  const { exchange, made, since, until, now } = hole;
  const between = `between ${new Date(since).toISOString()} and ${new Date(until).toISOString()}`;
  const whose = 'symbol' in of ? { symbol: of.symbol } : of.shard === undefined ? {} : { shard: of.shard };
  const said = (state: 'gap' | 'gap_unrepaired', reason: string): FeedStatus => ({
    type: 'feed_status',
    exchange,
    ...whose,
    state,
    reason,
    lastEventTs: since,
    ts: now(),
  });
  return [said('gap', `trades made ${made} (${between}) may be missing`), said('gap_unrepaired', why)];
}

/**
 * The trades found in a hole, per run of consecutive ids: a `gap` naming the run (`missingFrom`..`missingTo`),
 * its trades as records of `record`'s symbol (`source` `repair`), then `gap_repaired`. Trades whose ids tell
 * no order (Bybit's UUIDs) are one run by time, its `gap` naming no ids. Duplicates are left out.
 */
export function repairedGaps(hole: SweptHole, record: MarketEvent, trades: readonly SweptTrade[]): readonly FeedEvent[] {
  const { exchange, made, since, until, now } = hole;
  const between = `${new Date(since).toISOString()} and ${new Date(until).toISOString()}`;
  const events: FeedEvent[] = [];
  const said = (state: 'gap' | 'gap_repaired', reason: string, ids: { readonly missingFrom: number; readonly missingTo: number } | undefined): FeedStatus => ({
    type: 'feed_status',
    exchange,
    symbol: record.symbol,
    state,
    reason,
    ...ids,
    lastEventTs: since,
    ts: now(),
  });
  const repaired = `trades repaired from ${exchange}'s trades made ${made}`;
  for (const run of numberedRuns(trades)) {
    const ids = { missingFrom: run[0]?.id ?? 0, missingTo: run.at(-1)?.id ?? 0 };
    events.push(said('gap', `trade ids ${ids.missingFrom}..${ids.missingTo} made ${made} (between ${between}), found in ${exchange}'s trades made then`, ids));
    for (const trade of run) events.push(sweptTrade(record, trade, now()));
    events.push(said('gap_repaired', `${run.length} ${repaired}`, ids));
  }
  const unordered = byTime(trades);
  if (unordered.length > 0) {
    events.push(said('gap', `${unordered.length} trades made ${made} (between ${between}), found in ${exchange}'s trades made then`, undefined));
    for (const trade of unordered) events.push(sweptTrade(record, trade, now()));
    events.push(said('gap_repaired', `${unordered.length} ${repaired}`, undefined));
  }
  return events;
}

/** The trades found in a hole, named and filled per symbol (`repairedGaps`) as its last record in `records` names it; those of a symbol without one left out. */
export function repairedBySymbol(hole: SweptHole, records: ReadonlyMap<string, MarketEvent>, trades: readonly SweptTrade[]): readonly FeedEvent[] {
  const bySymbol = new Map<string, SweptTrade[]>();
  for (const trade of trades) bySymbol.set(trade.symbol, [...(bySymbol.get(trade.symbol) ?? []), trade]);
  return [...bySymbol].flatMap(([symbol, found]) => {
    const record = records.get(symbol);
    return record === undefined ? [] : repairedGaps(hole, record, found);
  });
}

/** The trades with numbered ids, in runs of consecutive ids, each id once. */
function numberedRuns(trades: readonly SweptTrade[]): readonly (readonly (SweptTrade & { readonly id: number })[])[] {
  const numbered = trades.filter((t): t is SweptTrade & { readonly id: number } => typeof t.id === 'number');
  const sorted = numbered.sort((a, b) => a.id - b.id).filter((t, n, all) => n === 0 || t.id !== all[n - 1]?.id);
  const runs: (SweptTrade & { readonly id: number })[][] = [];
  for (const trade of sorted) {
    const run = runs.at(-1);
    if (run !== undefined && run.at(-1)?.id === trade.id - 1) run.push(trade);
    else runs.push([trade]);
  }
  return runs;
}

/** The trades whose ids tell no order, oldest first, each id once. */
function byTime(trades: readonly SweptTrade[]): readonly SweptTrade[] {
  const unordered = new Map<string, SweptTrade>();
  for (const trade of trades) if (typeof trade.id === 'string') unordered.set(trade.id, trade);
  return [...unordered.values()].sort((a, b) => a.time - b.time);
}

/** A swept trade as a record of its symbol, as `record` (any record of it) names it; read from the venue's history (`source` `repair`). */
function sweptTrade(record: MarketEvent, trade: SweptTrade, receivedTs: number): TradeEvent {
  const swept: Building<TradeEvent> = {
    type: 'trade',
    exchange: record.exchange,
    symbol: record.symbol,
    coin: record.coin,
    quote: record.quote,
    exchangeTs: trade.time,
    receivedTs,
    isFallback: record.isFallback,
    env: record.env,
    connectionId: 'rest-history',
    tradeId: String(trade.id),
    price: Number(trade.price),
    quantity: Number(trade.qty),
    side: trade.isBuyerMaker ? 'SELL' : 'BUY',
    isBuyerMaker: trade.isBuyerMaker,
    source: 'repair',
  };
  if (record.instrument !== undefined) swept.instrument = record.instrument;
  return swept;
}
