import type { Building } from '../model/building.js';
import type { SweptTrade } from '../exchanges/venue-definition.js';
import type { ExchangeId, FeedEvent, FeedStatus, MarketEvent, TradeEvent } from '../model/index.js';

/** A swept hole: the venue, how its trades were made (`across a reconnect`, ...), when it may have begun and ended, and the clock. */
export interface SweptHole {
  readonly exchange: ExchangeId;
  readonly made: string;
  readonly since: number;
  readonly until: number;
  readonly now: () => number;
}

/** Whose hole it is: one symbol's (a listing), or a shard's or the whole venue's instruments (a reconnect). */
export type GapOf = { readonly symbol: string } | { readonly shard: string | undefined };

/**
 * A hole whose trades could not be read: a `gap` by time, then `gap_unrepaired` (`venue_error`) with the reason;
 * a shard's or venue's adds that each instrument's next trade names its own hole by id.
 */
export function unreadGap(hole: SweptHole, of: GapOf, error: unknown): readonly FeedStatus[] {
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
  const next = 'symbol' in of ? '' : "; each instrument's next trade names its own hole";
  return [
    said('gap', `trades made ${made} (${between}) may be missing`),
    said('gap_unrepaired', `venue_error: ${exchange}'s trades made then could not be read: ${error instanceof Error ? error.message : String(error)}${next}`),
  ];
}

/**
 * The trades found in a hole, per run of consecutive ids: a `gap` naming the run (`missingFrom`..`missingTo`),
 * its trades as records of `record`'s symbol (`source` `repair`), then `gap_repaired`. Duplicates are left out.
 */
export function repairedGaps(hole: SweptHole, record: MarketEvent, trades: readonly SweptTrade[]): readonly FeedEvent[] {
  const { exchange, made, since, until, now } = hole;
  const sorted = [...trades].sort((a, b) => a.id - b.id).filter((t, n, all) => n === 0 || t.id !== all[n - 1]?.id);
  const runs: SweptTrade[][] = [];
  for (const trade of sorted) {
    const run = runs.at(-1);
    if (run !== undefined && run.at(-1)?.id === trade.id - 1) run.push(trade);
    else runs.push([trade]);
  }
  const between = `${new Date(since).toISOString()} and ${new Date(until).toISOString()}`;
  const events: FeedEvent[] = [];
  for (const run of runs) {
    const missingFrom = run[0]?.id ?? 0;
    const missingTo = run.at(-1)?.id ?? 0;
    const said = (state: 'gap' | 'gap_repaired', reason: string): FeedStatus => ({
      type: 'feed_status',
      exchange,
      symbol: record.symbol,
      state,
      reason,
      missingFrom,
      missingTo,
      lastEventTs: since,
      ts: now(),
    });
    events.push(said('gap', `trade ids ${missingFrom}..${missingTo} made ${made} (between ${between}), found in ${exchange}'s trades made then`));
    for (const trade of run) events.push(sweptTrade(record, trade, now()));
    events.push(said('gap_repaired', `${run.length} trades repaired from ${exchange}'s trades made ${made}`));
  }
  return events;
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
