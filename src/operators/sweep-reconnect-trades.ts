import { asyncScheduler, Observable, Subscription, timer, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs';
import type { SweptTrade, SweptTrades } from '../exchanges/venue-definition.js';
import type { ExchangeId, FeedEvent, FeedStatus, MarketEvent } from '../model/index.js';
import { SINCE_HOLE_MAX_MS } from './detect-gaps.js';
import { repairedGaps, unreachedGap, unreadGap, type GapOf } from './swept-gaps.js';

export type { SweptTrade, SweptTrades } from '../exchanges/venue-definition.js';

/** Options for {@link sweepReconnectTrades}. */
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
  /** Time after a venue's `subscribed` before its trades are swept, so the venue's history holds those made up to it, ms. Default 1000. */
  readonly settleMs: number;
  /** Taken before the last record heard from the venue, where its hole may have begun (its clock against ours), ms. Default 1000. */
  readonly marginMs: number;
  readonly scheduler: SchedulerLike;
}

export const DEFAULT_SWEEP_RECONNECT_TRADES_CONFIG = {
  sweeps: () => true,
  settleMs: 1000,
  marginMs: 1000,
  scheduler: asyncScheduler,
} as const satisfies Partial<SweepReconnectTradesConfig>;

/** Statuses after which a venue's connection has lost trades it may not send again. */
const INTERRUPTIONS: ReadonlySet<FeedStatus['state']> = new Set(['disconnected', 'retry_scheduled']);

/**
 * A hole in what a venue sent: when it began, each symbol's last trade id before, and its first
 * published since; `only` one symbol (a listing's time before it was followed) or every one (a lost
 * connection), and how the statuses say it was made.
 */
interface Loss {
  readonly since: number;
  readonly before: ReadonlyMap<string, number>;
  readonly firstAfter: Map<string, number>;
  readonly only?: ReadonlySet<string>;
  readonly made: string;
  /** The shard whose connection was lost; absent for the whole venue's, or a listing's. */
  readonly shard?: string;
  /** A listing's trades published here while its sweep waits, by symbol: what tells a trade found missing where ids tell no order. */
  readonly seen?: Map<string, SeenTrades>;
}

/** A symbol's trades published here: their ids as written, and when the first of them was made. */
interface SeenTrades {
  readonly ids: Set<string>;
  firstTs: number;
}

/**
 * The listings first heard within one `settleMs`, swept together (one question of the venue for all of
 * them: an expiry lists dozens of options at once, and a question each would outrun its REST budget):
 * from the earliest time any of them may have traded to the latest first record.
 */
interface ListingBatch {
  readonly loss: Loss & { readonly only: Set<string>; readonly seen: Map<string, SeenTrades> };
  since: number;
  until: number;
  /** Its listings' instruments (their records' keys): a connection's `subscribed` naming one before the sweep moves it on. */
  readonly instruments: Set<string>;
  /** The sweep's timer: `settleMs` after the latest first record or `subscribed` of the batch. */
  timer?: Subscription;
}

/** A symbol listed during the run, not yet heard here: since when it may have traded (its venue's previous list did not hold it). */
interface Listing {
  readonly since: number;
  readonly at: number;
}

const ACROSS_A_RECONNECT = 'across a reconnect';
const BEFORE_IT_WAS_FOLLOWED = 'between its listing and its first record here';

/** A venue's state: when a record of it was last heard, each symbol's last trade id and record, the losses going on (by shard) and those waiting for their sweep. */
interface Venue {
  /** Whether the venue's trades can be swept (`sweeps`): nothing is kept of one that cannot. */
  readonly sweepable: boolean;
  lastHeard?: number;
  readonly lastIds: Map<string, number>;
  readonly records: Map<string, MarketEvent>;
  readonly lost: Map<string, Loss>;
  readonly sweeping: Set<Loss>;
  readonly listed: Map<string, Listing>;
  batch: ListingBatch | undefined;
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
 * names that hole by its ids. Likewise a symbol `listed` during the run (the catalog's status, its
 * `lastEventTs` the venue's previous list, which did not hold it): from its first record here, the trades
 * it made from then on (less `marginMs`, an hour at most) before its first trade published are named
 * and filled, `settleMs` later (after a connection's `subscribed` naming it, when that comes later: its trades' stream
 * may be subscribed after its first record); its first trade among them. A trade of it made too late to tell whether it
 * may still come live is looked at once more `settleMs` later, and filled when it did not. The listings first heard within one
 * `settleMs` are swept with one question; one that cannot be read, or is not swept yet when the events end (a stop), is said `gap_unrepaired` for each, and a reconnect's once for the
 * venue (or the shard), whose instruments' next trades name their holes by id as before. Put it before `dedupeTrades`: the trades
 * it adds are checked as any. Every event is forwarded.
 */
export function sweepReconnectTrades(
  config: Partial<SweepReconnectTradesConfig> & Pick<SweepReconnectTradesConfig, 'madeBetween'>,
): MonoTypeOperatorFunction<FeedEvent> {
  const options: SweepReconnectTradesConfig = { ...DEFAULT_SWEEP_RECONNECT_TRADES_CONFIG, ...config };
  const { scheduler } = options;
  return (source) =>
    new Observable<FeedEvent>((subscriber) => {
      const venues = new Map<ExchangeId, Venue>();
      const sweeps = new Subscription();
      /** The second looks waiting (`mayStillCome`): taken at once when the events end. */
      const looks = new Set<() => void>();
      const venueOf = (exchange: ExchangeId): Venue => {
        let venue = venues.get(exchange);
        if (venue === undefined)
          venues.set(
            exchange,
            (venue = {
              sweepable: options.sweeps(exchange),
              lastIds: new Map(),
              records: new Map(),
              lost: new Map(),
              sweeping: new Set(),
              listed: new Map(),
              batch: undefined,
            }),
          );
        return venue;
      };
      const onRecord = (event: MarketEvent): void => {
        const venue = venueOf(event.exchange);
        if (!venue.sweepable) return;
        venue.lastHeard = Math.max(venue.lastHeard ?? 0, event.receivedTs);
        venue.records.set(event.symbol, event);
        const listing = venue.listed.get(event.symbol);
        if (listing !== undefined) {
          // A new listing's first record here: what it traded before, from when the venue listed it on, is swept with the others heard meanwhile.
          venue.listed.delete(event.symbol);
          let batch = venue.batch;
          if (batch === undefined) {
            const loss = {
              since: listing.since,
              before: new Map(),
              firstAfter: new Map(),
              only: new Set<string>(),
              seen: new Map<string, SeenTrades>(),
              made: BEFORE_IT_WAS_FOLLOWED,
            };
            batch = venue.batch = { loss, since: listing.since, until: event.receivedTs, instruments: new Set() };
            venue.sweeping.add(loss);
            sweepBatch(event.exchange, venue, batch);
          }
          if (event.instrument !== undefined) batch.instruments.add(event.instrument);
          batch.loss.only.add(event.symbol);
          batch.since = Math.min(batch.since, listing.since);
          batch.until = Math.max(batch.until, event.receivedTs);
        }
        if (event.type !== 'trade') return;
        for (const loss of venue.sweeping) if (loss.only?.has(event.symbol) === true) seenHere(loss, event.symbol, event.tradeId, event.exchangeTs);
        const id = Number(event.tradeId);
        if (!Number.isSafeInteger(id)) return;
        if (id > (venue.lastIds.get(event.symbol) ?? -1)) venue.lastIds.set(event.symbol, id);
        for (const loss of venue.lost.values()) firstSince(loss, event.symbol, id);
        for (const loss of venue.sweeping) firstSince(loss, event.symbol, id);
      };
      /**
       * Sweeps a listing batch `settleMs` after its first record, or after a connection said it subscribed one of its
       * instruments meanwhile (a listing's first record may come before its trades' stream is live: Binance's marks come per
       * underlying, its trades per option, on another socket): asked up to then.
       */
      const sweepBatch = (exchange: ExchangeId, venue: Venue, batch: ListingBatch): void => {
        batch.timer?.unsubscribe();
        const due = timer(options.settleMs, scheduler).subscribe(() => {
          if (venue.batch === batch) venue.batch = undefined;
          const since = Math.max(batch.since, batch.until - SINCE_HOLE_MAX_MS);
          sweep(exchange, venue, batch.loss, since, batch.until + options.settleMs, batch.until);
        });
        batch.timer = due;
        sweeps.add(due);
      };
      const seenHere = (loss: Loss, symbol: string, id: string, at: number): void => {
        const seen = loss.seen?.get(symbol);
        if (seen === undefined) loss.seen?.set(symbol, { ids: new Set([id]), firstTs: at });
        else {
          seen.ids.add(id);
          seen.firstTs = Math.min(seen.firstTs, at);
        }
      };
      /**
       * Whether a trade may still come live: made after the hole's first record here (`heard`) and within half a
       * `settleMs` of `until` (a live stream would have brought one made earlier by then), nothing of its symbol
       * published since. A listing's is looked at again `settleMs` later.
       */
      const mayStillCome = (lost: Loss, trade: SweptTrade, heard: number, until: number): boolean => {
        if (trade.time <= heard || trade.time <= until - options.settleMs / 2) return false;
        return typeof trade.id === 'string' ? lost.seen?.get(trade.symbol) === undefined : lost.firstAfter.get(trade.symbol) === undefined;
      };
      /**
       * Whether a trade the venue made was not published: after the last id before the loss and before the first
       * since, of a symbol without trades on both sides; a listing's whose ids tell no order (Bybit's), not among
       * those published and made no later than the first of them; never one that may still come live.
       */
      const missed = (lost: Loss, trade: SweptTrade, heard: number, until: number): boolean => {
        if (lost.only !== undefined && !lost.only.has(trade.symbol)) return false;
        if (mayStillCome(lost, trade, heard, until)) return false;
        if (typeof trade.id === 'string') {
          const seen = lost.seen?.get(trade.symbol);
          if (lost.only === undefined) return false;
          return seen === undefined || (!seen.ids.has(trade.id) && trade.time <= seen.firstTs);
        }
        const before = lost.before.get(trade.symbol);
        const after = lost.firstAfter.get(trade.symbol);
        if (before !== undefined && after !== undefined) return false;
        return trade.id > (before ?? -1) && trade.id < (after ?? Infinity);
      };
      const firstSince = (loss: Loss, symbol: string, id: number): void => {
        if (id < (loss.firstAfter.get(symbol) ?? Infinity)) loss.firstAfter.set(symbol, id);
      };
      const onStatus = (status: FeedStatus): void => {
        const venue = venueOf(status.exchange);
        if (!venue.sweepable) return;
        const shard = status.shard ?? '';
        if (status.state === 'delisted' && status.symbol !== undefined) {
          // Gone for good (an expired option): nothing of it is kept.
          venue.records.delete(status.symbol);
          venue.lastIds.delete(status.symbol);
          venue.listed.delete(status.symbol);
        } else if (status.state === 'listed' && status.symbol !== undefined) {
          // Listed during the run: it may trade before it is followed. Listings never heard here (another instance's) are let go after an hour.
          for (const [symbol, listing] of venue.listed) if (status.ts - listing.at > SINCE_HOLE_MAX_MS) venue.listed.delete(symbol);
          const since = status.lastEventTs ?? status.ts - SINCE_HOLE_MAX_MS;
          if (!venue.records.has(status.symbol)) venue.listed.set(status.symbol, { since: since - options.marginMs, at: status.ts });
        } else if (INTERRUPTIONS.has(status.state) && !venue.lost.has(shard)) {
          venue.lost.set(shard, {
            since: (venue.lastHeard ?? status.ts) - options.marginMs,
            before: new Map(venue.lastIds),
            firstAfter: new Map(),
            made: ACROSS_A_RECONNECT,
            ...(status.shard === undefined ? {} : { shard: status.shard }),
          });
        } else if (status.state === 'subscribed') {
          // A listing batch not swept yet whose instrument a connection just subscribed: its trades are live from now, asked up to here.
          const batch = venue.batch;
          if (batch !== undefined && status.instruments?.some((instrument) => batch.instruments.has(instrument)) === true) {
            batch.until = Math.max(batch.until, status.ts);
            sweepBatch(status.exchange, venue, batch);
          }
          // The shard's loss, and one said of the whole venue.
          for (const key of new Set([shard, ''])) {
            const lost = venue.lost.get(key);
            if (lost === undefined) continue;
            venue.lost.delete(key);
            venue.sweeping.add(lost);
            const until = status.ts;
            const since = Math.max(lost.since, until - SINCE_HOLE_MAX_MS);
            sweeps.add(timer(options.settleMs, scheduler).subscribe(() => sweep(status.exchange, venue, lost, since, until)));
          }
        }
      };
      /** Sweeps `lost` from `since` to `until`, naming its hole up to `heard`: a listing's latest first record here, before which its trades are all its hole. */
      const sweep = (exchange: ExchangeId, venue: Venue, lost: Loss, since: number, until: number, heard = until): void => {
        const made$ = options.madeBetween(exchange, since, until, lost.only);
        if (made$ === undefined) return void venue.sweeping.delete(lost);
        sweeps.add(
          made$.subscribe({
            next: ({ trades, heldFrom }) => {
              // A listing's time older than the venue's history reaches: named, nothing to fill it with.
              for (const symbol of lost.only ?? []) {
                const from = heldFrom?.get(symbol);
                if (from !== undefined && from > since) unreached(exchange, symbol, lost.made, since, from);
              }
              const followed = trades.filter((trade) => venue.records.has(trade.symbol));
              publishBySymbol(
                exchange,
                followed.filter((trade) => missed(lost, trade, heard, until)),
                lost.made,
                since,
                heard,
              );
              // A listing's trades that may still come live (its trades' stream subscribed after its first record): those still
              // not published here `settleMs` later never will be (a live trade comes within it), and are filled.
              const later = followed.filter((trade) => lost.only?.has(trade.symbol) === true && mayStillCome(lost, trade, heard, until));
              if (later.length === 0) return void venue.sweeping.delete(lost);
              const look = (): void => {
                looks.delete(look);
                venue.sweeping.delete(lost);
                const unseen = later.filter((trade) => venue.records.has(trade.symbol) && lost.seen?.get(trade.symbol)?.ids.has(String(trade.id)) !== true);
                publishBySymbol(exchange, unseen, lost.made, since, Math.max(...later.map((trade) => trade.time)));
              };
              looks.add(look);
              sweeps.add(timer(options.settleMs, scheduler).subscribe(look));
            },
            // A listing's sweep that fails: each of its instruments is said unrepaired (it has no trade before to name its hole by).
            // A reconnect's: the venue's (or the shard's) hole is said unrepaired once, each instrument's next trade still naming its own.
            error: (error: unknown) => {
              venue.sweeping.delete(lost);
              if (lost.only === undefined) unread(exchange, { shard: lost.shard }, lost.made, since, heard, error);
              else for (const symbol of lost.only) unread(exchange, { symbol }, lost.made, since, heard, error);
            },
          }),
        );
      };
      /** The trades found missing, named and filled per symbol (`publish`). */
      const publishBySymbol = (exchange: ExchangeId, found: readonly SweptTrade[], made: string, since: number, until: number): void => {
        const bySymbol = new Map<string, SweptTrade[]>();
        for (const trade of found) bySymbol.set(trade.symbol, [...(bySymbol.get(trade.symbol) ?? []), trade]);
        for (const [symbol, trades] of bySymbol) publish(exchange, symbol, trades, made, since, until);
      };
      /** A hole whose trades could not be read (`unreadGap`). */
      const unread = (exchange: ExchangeId, of: GapOf, made: string, since: number, until: number, error: unknown): void => {
        for (const status of unreadGap({ exchange, made, since, until, now: () => scheduler.now() }, of, error)) subscriber.next(status);
      };
      /** A listing's time before the venue's history begins (`unreachedGap`). */
      const unreached = (exchange: ExchangeId, symbol: string, made: string, since: number, until: number): void => {
        for (const status of unreachedGap({ exchange, made, since, until, now: () => scheduler.now() }, { symbol })) subscriber.next(status);
      };
      /** The trades found in a hole, named and filled (`repairedGaps`), as the symbol's last record names it. */
      const publish = (exchange: ExchangeId, symbol: string, trades: readonly SweptTrade[], made: string, since: number, until: number): void => {
        const record = venues.get(exchange)?.records.get(symbol);
        if (record === undefined) return;
        for (const event of repairedGaps({ exchange, made, since, until, now: () => scheduler.now() }, record, trades)) subscriber.next(event);
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
          for (const look of [...looks]) look();
          for (const [exchange, venue] of venues) {
            for (const lost of [...venue.sweeping, ...venue.lost.values()]) {
              const since = venue.batch?.loss === lost ? venue.batch.since : lost.since;
              const stopped = new Error('the pipeline stopped before they were swept');
              if (lost.only === undefined) unread(exchange, { shard: lost.shard }, lost.made, since, scheduler.now(), stopped);
              else for (const symbol of lost.only) unread(exchange, { symbol }, lost.made, since, scheduler.now(), stopped);
            }
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
