import { asyncScheduler, Observable, Subscription, timer, type MonoTypeOperatorFunction } from 'rxjs';
import type { SweptTrade, SweptTrades } from '../exchanges/venue-definition.js';
import type { ExchangeId, FeedEvent, FeedStatus, MarketEvent } from '../model/index.js';
import { SINCE_HOLE_MAX_MS } from './detect-gaps.js';
import { listingSweeps, type ListingSweeps } from './listing-sweeps.js';
import { repairedBySymbol, STOPPED_BEFORE_SWEPT, unreadGap, type SweepReconnectTradesConfig } from './swept-gaps.js';

export type { SweptTrade, SweptTrades } from '../exchanges/venue-definition.js';
export type { SweepReconnectTradesConfig } from './swept-gaps.js';

export const DEFAULT_SWEEP_RECONNECT_TRADES_CONFIG = {
  sweeps: () => true,
  settleMs: 1000,
  marginMs: 1000,
  scheduler: asyncScheduler,
} as const satisfies Partial<SweepReconnectTradesConfig>;

/** Statuses after which a venue's connection has lost trades it may not send again. */
const INTERRUPTIONS: ReadonlySet<FeedStatus['state']> = new Set(['disconnected', 'retry_scheduled']);

/** A lost connection's hole: when it began, each symbol's last trade id before, and its first published since. */
interface Loss {
  readonly since: number;
  readonly before: ReadonlyMap<string, number>;
  readonly firstAfter: Map<string, number>;
  /** The shard whose connection was lost; absent for the whole venue's. */
  readonly shard?: string;
}

const ACROSS_A_RECONNECT = 'across a reconnect';

/** A venue's state: when a record of it was last heard, each symbol's last trade id and record, the losses going on (by shard) and those waiting for their sweep, and its listings' sweeps. */
interface Venue {
  /** Whether the venue's trades can be swept (`sweeps`): nothing is kept of one that cannot. */
  readonly sweepable: boolean;
  lastHeard?: number;
  readonly lastIds: Map<string, number>;
  readonly records: Map<string, MarketEvent>;
  readonly lost: Map<string, Loss>;
  readonly sweeping: Set<Loss>;
  readonly listings: ListingSweeps;
}

/**
 * Names and fills, within seconds, the trades a venue made while its connection was lost, where the next
 * trade of each instrument may come hours later or never (an option far from the money; an instrument's
 * first trade, which no id before reveals). After an interruption of a venue with `madeBetween` (a
 * `disconnected` or `retry_scheduled` of one of its shards, or of the whole venue), the shard's next
 * `subscribed` sweeps the venue's trades made from the last record heard before (less `marginMs`, an hour
 * at most) to that `subscribed`, `settleMs` after it. A trade of a followed symbol (one whose records pass here) after the last id
 * published before the loss and before the first published since is missing: per run of consecutive ids,
 * a `gap` status names it (`missingFrom`..`missingTo`), its trades follow (`source` `repair`), then
 * `gap_repaired`. A symbol with trades published both before and since is left to `detectGaps`, which
 * names that hole by its ids. A sweep that cannot be read, or is not done when the events end (a stop), is said
 * `gap_unrepaired` once for the venue (or the shard), whose instruments' next trades name their holes by id as before.
 * Likewise the trades of a symbol listed during the run before its first record here (`listingSweeps`, one per venue).
 * Put it before `dedupeTrades`: the trades it adds are checked as any. Every event is forwarded.
 */
export function sweepReconnectTrades(
  config: Partial<SweepReconnectTradesConfig> & Pick<SweepReconnectTradesConfig, 'madeBetween'>,
): MonoTypeOperatorFunction<FeedEvent> {
  const options: SweepReconnectTradesConfig = { ...DEFAULT_SWEEP_RECONNECT_TRADES_CONFIG, ...config };
  const { scheduler, settleMs, marginMs } = options;
  return (source) =>
    new Observable<FeedEvent>((subscriber) => {
      const venues = new Map<ExchangeId, Venue>();
      const sweeps = new Subscription();
      const emit = (event: FeedEvent): void => subscriber.next(event);
      const venueOf = (exchange: ExchangeId): Venue => {
        const known = venues.get(exchange);
        if (known !== undefined) return known;
        const records = new Map<string, MarketEvent>();
        const madeBetween = (since: number, until: number, symbols: ReadonlySet<string>): Observable<SweptTrades> | undefined =>
          options.madeBetween(exchange, since, until, symbols);
        const counters = options.listingCounters === undefined ? {} : { counters: options.listingCounters };
        const listings = listingSweeps({ exchange, madeBetween, records, emit, subscriptions: sweeps, settleMs, marginMs, scheduler, ...counters });
        const venue: Venue = { sweepable: options.sweeps(exchange), lastIds: new Map(), records, lost: new Map(), sweeping: new Set(), listings };
        venues.set(exchange, venue);
        return venue;
      };
      const onRecord = (event: MarketEvent): void => {
        const venue = venueOf(event.exchange);
        if (!venue.sweepable) return;
        venue.lastHeard = Math.max(venue.lastHeard ?? 0, event.receivedTs);
        venue.records.set(event.symbol, event);
        venue.listings.onRecord(event);
        if (event.type !== 'trade') return;
        const id = Number(event.tradeId);
        if (!Number.isSafeInteger(id)) return;
        if (id > (venue.lastIds.get(event.symbol) ?? -1)) venue.lastIds.set(event.symbol, id);
        for (const loss of [...venue.lost.values(), ...venue.sweeping])
          if (id < (loss.firstAfter.get(event.symbol) ?? Infinity)) loss.firstAfter.set(event.symbol, id);
      };
      const onStatus = (status: FeedStatus): void => {
        const venue = venueOf(status.exchange);
        if (!venue.sweepable) return;
        venue.listings.onStatus(status);
        const shard = status.shard ?? '';
        if (status.state === 'delisted' && status.symbol !== undefined) {
          // Gone for good (an expired option): nothing of it is kept.
          venue.records.delete(status.symbol);
          venue.lastIds.delete(status.symbol);
        } else if (INTERRUPTIONS.has(status.state) && !venue.lost.has(shard)) {
          venue.lost.set(shard, {
            since: (venue.lastHeard ?? status.ts) - marginMs,
            before: new Map(venue.lastIds),
            firstAfter: new Map(),
            ...(status.shard === undefined ? {} : { shard: status.shard }),
          });
        } else if (status.state === 'subscribed') {
          // The shard's loss, and one said of the whole venue.
          for (const key of new Set([shard, ''])) {
            const lost = venue.lost.get(key);
            if (lost === undefined) continue;
            venue.lost.delete(key);
            venue.sweeping.add(lost);
            const until = status.ts;
            const since = Math.max(lost.since, until - SINCE_HOLE_MAX_MS);
            sweeps.add(timer(settleMs, scheduler).subscribe(() => sweep(status.exchange, venue, lost, since, until)));
          }
        }
      };
      /**
       * Whether a trade the venue made was not published: after the last id before the loss and before the first
       * since, of a symbol without trades on both sides; never one whose ids tell no order, nor one made after the
       * sweep's end with nothing of its symbol published since (it may still come live).
       */
      const missed = (lost: Loss, trade: SweptTrade, until: number): boolean => {
        if (typeof trade.id === 'string') return false;
        const before = lost.before.get(trade.symbol);
        const after = lost.firstAfter.get(trade.symbol);
        if (after === undefined && trade.time > until) return false;
        if (before !== undefined && after !== undefined) return false;
        return trade.id > (before ?? -1) && trade.id < (after ?? Infinity);
      };
      /** Sweeps `lost` from `since` to `until`. */
      const sweep = (exchange: ExchangeId, venue: Venue, lost: Loss, since: number, until: number): void => {
        const made$ = options.madeBetween(exchange, since, until);
        if (made$ === undefined) return void venue.sweeping.delete(lost);
        const hole = { exchange, made: ACROSS_A_RECONNECT, since, until, now: () => scheduler.now() };
        sweeps.add(
          made$.subscribe({
            next: ({ trades }) => {
              const found = trades.filter((trade) => venue.records.has(trade.symbol) && missed(lost, trade, until));
              for (const event of repairedBySymbol(hole, venue.records, found)) emit(event);
              venue.sweeping.delete(lost);
            },
            // The venue's (or the shard's) hole is said unrepaired once, each instrument's next trade still naming its own.
            error: (error: unknown) => {
              venue.sweeping.delete(lost);
              for (const status of unreadGap(hole, { shard: lost.shard }, error)) emit(status);
            },
          }),
        );
      };
      const events = source.subscribe({
        next: (event) => {
          if (event.type === 'feed_status') onStatus(event);
          else if (event.type !== 'order_book') onRecord(event);
          subscriber.next(event);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          // The end (a stop): what was found waits no longer, and each hole not swept yet is said, never dropped.
          for (const venue of venues.values()) venue.listings.end();
          for (const [exchange, venue] of venues)
            for (const lost of [...venue.sweeping, ...venue.lost.values()]) {
              const hole = { exchange, made: ACROSS_A_RECONNECT, since: lost.since, until: scheduler.now(), now: () => scheduler.now() };
              for (const status of unreadGap(hole, { shard: lost.shard }, new Error(STOPPED_BEFORE_SWEPT))) emit(status);
            }
          subscriber.complete();
        },
      });
      return () => {
        sweeps.unsubscribe();
        events.unsubscribe();
      };
    });
}
