import { timer, type Observable, type Subscription } from 'rxjs';
import type { SweptTrade, SweptTrades } from '../exchanges/venue-definition.js';
import type { ExchangeId, FeedEvent, FeedStatus, MarketEvent } from '../model/index.js';
import { SINCE_HOLE_MAX_MS } from './detect-gaps.js';
import type { ListingSweepCounters, ListingSweepOutcome } from './listing-sweep-counters.js';
import { repairedBySymbol, STOPPED_BEFORE_SWEPT, unreachedGap, unreadGap, type SweepReconnectTradesConfig, type SweptHole } from './swept-gaps.js';

/** What one venue's listing sweeps are given by the operator that composes them, with its `settleMs`, `marginMs` and clock. */
export interface ListingSweepsConfig extends Pick<SweepReconnectTradesConfig, 'settleMs' | 'marginMs' | 'scheduler'> {
  readonly exchange: ExchangeId;
  /** The venue's trades made from `since` to `until` (ms, inclusive) by `symbols`, paced; `undefined` where it cannot say. */
  readonly madeBetween: (since: number, until: number, symbols: ReadonlySet<string>) => Observable<SweptTrades> | undefined;
  /** The last record of each symbol followed here (the operator keeps it): only these symbols' trades are filled, named as it names them. */
  readonly records: ReadonlyMap<string, MarketEvent>;
  /** Where the gaps and the trades found go. */
  readonly emit: (event: FeedEvent) => void;
  /** Holds the sweeps' timers and questions: ended with the operator. */
  readonly subscriptions: Subscription;
  /** Where each batch's listings are counted when its sweep ends. Default: not counted. */
  readonly counters?: ListingSweepCounters;
}

/** A venue's sweeps of the symbols listed during the run, fed every record and status of the venue. */
export interface ListingSweeps {
  /** A record of the venue, after the operator kept it as its symbol's last. */
  readonly onRecord: (event: MarketEvent) => void;
  /** A status of the venue: `listed`, `delisted`, and a connection's `subscribed`. */
  readonly onStatus: (status: FeedStatus) => void;
  /** The end (a stop): the second looks are taken at once, and each listing not swept yet is said `gap_unrepaired`. */
  readonly end: () => void;
}

/** A symbol listed during the run, not yet heard here: since when it may have traded (its venue's previous list did not hold it). */
interface Listing {
  readonly since: number;
  readonly at: number;
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
  /** The time the first of its listings may have traded from: the hole said when the events end while it is asked. */
  readonly firstSince: number;
  since: number;
  until: number;
  readonly symbols: Set<string>;
  /** Its listings' instruments (their records' keys): a connection's `subscribed` naming one before the sweep moves it on. */
  readonly instruments: Set<string>;
  /** Its listings' trades published here while it waits: what tells a trade found missing where ids tell no order. */
  readonly seen: Map<string, SeenTrades>;
  /** Its listings' first trade ids published here. */
  readonly firstAfter: Map<string, number>;
  /** The sweep's timer: `settleMs` after the latest first record or `subscribed` of the batch. */
  timer?: Subscription;
}

const BEFORE_IT_WAS_FOLLOWED = 'between its listing and its first record here';

/**
 * Names and fills what a symbol `listed` during the run (the catalog's status, its `lastEventTs` the venue's
 * previous list, which did not hold it) traded before its first record here: the trades it made from then on
 * (less `marginMs`, an hour at most) before its first trade published are named and filled, `settleMs` after
 * that first record (or after a connection's `subscribed` naming it, when that comes later: its trades' stream may
 * be subscribed after its first record); its first trade among them. A trade of it made too late to tell whether
 * it may still come live is looked at once more `settleMs` later, and filled when it did not. The listings first
 * heard within one `settleMs` are swept with one question; one that cannot be read, or is not swept yet when the
 * events end (a stop), is said `gap_unrepaired` for each. Listings never heard here are let go after an hour.
 */
export function listingSweeps(config: ListingSweepsConfig): ListingSweeps {
  const { exchange, records, emit, subscriptions, settleMs, marginMs, scheduler, counters } = config;
  const listed = new Map<string, Listing>();
  /** The batch taking listings: the one not swept yet. */
  let taking: ListingBatch | undefined;
  /** The batches not done: waiting, asked, or waiting for their second look. */
  const sweeping = new Set<ListingBatch>();
  /** The second looks waiting (`mayStillCome`): taken at once when the events end. */
  const looks = new Set<() => void>();
  const hole = (since: number, until: number): SweptHole => ({ exchange, made: BEFORE_IT_WAS_FOLLOWED, since, until, now: () => scheduler.now() });
  /** A batch's sweep ended: no longer waited on, its listings counted by how. */
  const ended = (batch: ListingBatch, outcome: ListingSweepOutcome): void => {
    sweeping.delete(batch);
    counters?.add(exchange, outcome, batch.symbols.size);
  };

  const onRecord = (event: MarketEvent): void => {
    const listing = listed.get(event.symbol);
    if (listing !== undefined) {
      // A new listing's first record here: what it traded before, from when the venue listed it on, is swept with the others heard meanwhile.
      listed.delete(event.symbol);
      let batch = taking;
      if (batch === undefined) {
        batch = taking = {
          firstSince: listing.since,
          since: listing.since,
          until: event.receivedTs,
          symbols: new Set(),
          instruments: new Set(),
          seen: new Map(),
          firstAfter: new Map(),
        };
        sweeping.add(batch);
        sweepLater(batch);
      }
      if (event.instrument !== undefined) batch.instruments.add(event.instrument);
      batch.symbols.add(event.symbol);
      batch.since = Math.min(batch.since, listing.since);
      batch.until = Math.max(batch.until, event.receivedTs);
    }
    if (event.type !== 'trade') return;
    const id = Number(event.tradeId);
    for (const batch of sweeping) {
      if (!batch.symbols.has(event.symbol)) continue;
      seenHere(batch, event.symbol, event.tradeId, event.exchangeTs);
      if (Number.isSafeInteger(id) && id < (batch.firstAfter.get(event.symbol) ?? Infinity)) batch.firstAfter.set(event.symbol, id);
    }
  };

  const onStatus = (status: FeedStatus): void => {
    if (status.state === 'delisted' && status.symbol !== undefined) listed.delete(status.symbol);
    else if (status.state === 'listed' && status.symbol !== undefined) {
      // Listed during the run: it may trade before it is followed. Listings never heard here (another instance's) are let go after an hour.
      for (const [symbol, listing] of listed) if (status.ts - listing.at > SINCE_HOLE_MAX_MS) listed.delete(symbol);
      const since = status.lastEventTs ?? status.ts - SINCE_HOLE_MAX_MS;
      if (!records.has(status.symbol)) listed.set(status.symbol, { since: since - marginMs, at: status.ts });
    } else if (status.state === 'subscribed') {
      // A batch not swept yet whose instrument a connection just subscribed: its trades are live from now, asked up to here.
      const batch = taking;
      if (batch !== undefined && status.instruments?.some((instrument) => batch.instruments.has(instrument)) === true) {
        batch.until = Math.max(batch.until, status.ts);
        sweepLater(batch);
      }
    }
  };

  /**
   * Sweeps a batch `settleMs` after its first record, or after a connection said it subscribed one of its instruments
   * meanwhile (a listing's first record may come before its trades' stream is live: Binance's marks come per underlying,
   * its trades per option, on another socket): asked up to then.
   */
  const sweepLater = (batch: ListingBatch): void => {
    batch.timer?.unsubscribe();
    const due = timer(settleMs, scheduler).subscribe(() => {
      if (taking === batch) taking = undefined;
      sweep(batch, Math.max(batch.since, batch.until - SINCE_HOLE_MAX_MS));
    });
    batch.timer = due;
    subscriptions.add(due);
  };

  const seenHere = (batch: ListingBatch, symbol: string, id: string, at: number): void => {
    const seen = batch.seen.get(symbol);
    if (seen === undefined) batch.seen.set(symbol, { ids: new Set([id]), firstTs: at });
    else {
      seen.ids.add(id);
      seen.firstTs = Math.min(seen.firstTs, at);
    }
  };

  /**
   * Whether a trade may still come live: made within half a `settleMs` of the sweep's end, a `settleMs` after the batch's
   * latest first record here (a live stream would have brought one made earlier by then), nothing of its symbol
   * published since. It is looked at again `settleMs` later.
   */
  const mayStillCome = (batch: ListingBatch, trade: SweptTrade): boolean => {
    if (trade.time <= batch.until + settleMs / 2) return false;
    return typeof trade.id === 'string' ? batch.seen.get(trade.symbol) === undefined : batch.firstAfter.get(trade.symbol) === undefined;
  };

  /**
   * Whether a listing's trade was not published: before the first published since; where ids tell no order (Bybit's),
   * not among those published and made no later than the first of them; never one that may still come live.
   */
  const missed = (batch: ListingBatch, trade: SweptTrade): boolean => {
    if (!batch.symbols.has(trade.symbol) || mayStillCome(batch, trade)) return false;
    if (typeof trade.id === 'string') {
      const seen = batch.seen.get(trade.symbol);
      return seen === undefined || (!seen.ids.has(trade.id) && trade.time <= seen.firstTs);
    }
    return trade.id > -1 && trade.id < (batch.firstAfter.get(trade.symbol) ?? Infinity);
  };

  /** Asks for the batch's trades from `since` to a settle time after its latest first record, naming its hole up to that record. */
  const sweep = (batch: ListingBatch, since: number): void => {
    const made$ = config.madeBetween(since, batch.until + settleMs, batch.symbols);
    if (made$ === undefined) return void sweeping.delete(batch);
    const named = hole(since, batch.until);
    subscriptions.add(
      made$.subscribe({
        next: ({ trades, heldFrom }) => {
          // A listing's time older than the venue's history reaches: named, nothing to fill it with.
          for (const symbol of batch.symbols) {
            const from = heldFrom?.get(symbol);
            if (from !== undefined && from > since) for (const status of unreachedGap(hole(since, from), { symbol })) emit(status);
          }
          const followed = trades.filter((trade) => records.has(trade.symbol));
          const found = followed.filter((trade) => missed(batch, trade));
          for (const event of repairedBySymbol(named, records, found)) emit(event);
          // Its trades that may still come live (its trades' stream subscribed after its first record): those still
          // not published here `settleMs` later never will be (a live trade comes within it), and are filled.
          const later = followed.filter((trade) => batch.symbols.has(trade.symbol) && mayStillCome(batch, trade));
          if (later.length === 0) return ended(batch, 'read');
          const look = (): void => {
            looks.delete(look);
            ended(batch, 'read');
            const unseen = later.filter((trade) => records.has(trade.symbol) && batch.seen.get(trade.symbol)?.ids.has(String(trade.id)) !== true);
            const lookedUpTo = hole(since, Math.max(...later.map((trade) => trade.time)));
            for (const event of repairedBySymbol(lookedUpTo, records, unseen)) emit(event);
          };
          looks.add(look);
          subscriptions.add(timer(settleMs, scheduler).subscribe(look));
        },
        // A sweep that fails: each of its listings is said unrepaired (it has no trade before to name its hole by).
        error: (error: unknown) => {
          ended(batch, 'unread');
          unread(batch, named, error);
        },
      }),
    );
  };

  const unread = (batch: ListingBatch, unswept: SweptHole, error: unknown): void => {
    for (const symbol of batch.symbols) for (const status of unreadGap(unswept, { symbol }, error)) emit(status);
  };

  const end = (): void => {
    for (const look of [...looks]) look();
    for (const batch of [...sweeping]) {
      ended(batch, 'stopped');
      unread(batch, hole(taking === batch ? batch.since : batch.firstSince, scheduler.now()), new Error(STOPPED_BEFORE_SWEPT));
    }
  };

  return { onRecord, onStatus, end };
}
