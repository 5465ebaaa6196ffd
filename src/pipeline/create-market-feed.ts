import { EMPTY, Subject, asyncScheduler, connectable, filter, merge, share, takeUntil, type Connectable, type Observable, type SchedulerLike } from 'rxjs';
import type { Logger } from 'pino';
import { budgetShare } from '../cluster/budget-share.js';
import type { IngestGate } from '../exchanges/ingest-gate.js';
import type {
  BookSnapshot,
  BookStats,
  BookTicker,
  FeedEvent,
  FeedRecord,
  FeedStatus,
  InvalidFrame,
  LargeTrade,
  OrderBookView,
  PriceTick,
  TradeEvent,
  VolumeProfile,
  WindowStats,
} from '../model/index.js';
import type { VenueListing } from '../model/instrument.js';
import type { ExchangeId } from '../model/market-record.js';
import type { ListingSweepCounters, RepairCounters } from '../operators/index.js';
import { gapRepairStep, reconnectSweepStep } from '../repair/gap-repair-step.js';
import type { ShardPlan } from '../shards/plan-shards.js';
import { divertViews } from './divert-events.js';
import type { MarketFeedSettings } from './market-feed-settings.js';
import { PriceCache } from './price-cache.js';
import { clusterStage, type FeedCluster } from './stages/cluster-stage.js';
import { connectionShards } from './stages/connection-shards.js';
import { derivedRecords } from './stages/derived-records.js';
import { instrumentSource } from './stages/instrument-source.js';
import { symbolLimits } from './stages/symbol-limits.js';
import { tradeIntegrity } from './stages/trade-integrity.js';
import { venueAccess } from './stages/venue-access.js';
import type { SymbolCapacity } from './symbol-capacity.js';
import type { VenueFeedFactory } from './venue-settings.js';

export type { MarketFeedSettings } from './market-feed-settings.js';

export interface MarketFeedOptions {
  readonly config: MarketFeedSettings;
  readonly logger: Logger;
  /** Opens a venue; default the real adapters. Replays and tests pass their own. */
  readonly openVenue?: VenueFeedFactory;
  /**
   * The venues' instrument lists as given instead of read over REST (a replay's `--listings`: a venue
   * sized in contracts needs its list's contract values); the venues' REST is then never read for them.
   */
  readonly listings?: Readonly<Partial<Record<ExchangeId, readonly VenueListing[]>>>;
  /** Clock and timers of every operator; default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /**
   * The last trades published before this start, per (venue, symbol) (read back from the trades
   * topic), so that a hole across a restart is reported as a `gap`: by id for the venues of
   * consecutive ids (`detectGaps`' `seed`), by time for the others (`detectReconnectGaps`' `seed`). Default none.
   */
  readonly lastTrades?: readonly TradeEvent[];
  /**
   * False when `lastTrades` lacks a partition of the trades topic (not read to its end): its symbols
   * look never published, so no hole is named by time for a symbol without a last trade (a busy one
   * would be named a hole over what the topic holds). Default true.
   */
  readonly readInFull?: boolean;
  /** Pauses reading the venues' sockets while set (e.g. while the sink is behind). Default none. */
  readonly ingestGate?: IngestGate;
  /**
   * The connection shards to serve, as they change (from the instrument catalog). Default: the
   * configured coins at the configured quote, on every venue in failover order, planned once.
   */
  readonly plans$?: Observable<ShardPlan>;
  /** Counts kept by the repair of gaps (`gaps.repair`), for metrics. Default: not counted. */
  readonly repairCounters?: RepairCounters;
  /** The listings whose trades before they were followed were swept (`gaps.repair`), by venue and outcome, for metrics. Default: not counted. */
  readonly listingSweeps?: ListingSweepCounters;
  /** Counts what the operators with per-symbol state refuse or forget past `limits.maxSymbols` (for metrics and warnings). Default: not counted. */
  readonly capacity?: SymbolCapacity;
  /** Serve only the instruments of the cluster shards held, as they change (see `FeedCluster`). Default: every instrument, no cluster. */
  readonly cluster?: FeedCluster;
}

/** The in-process feed: hot streams once `start()`ed; subscribe before starting to miss nothing. */
export interface MarketFeed {
  /** Every market event and status after failover, de-duplication and gap detection. */
  readonly events$: Observable<FeedEvent>;
  /**
   * Frames a venue sent that could not be parsed or validated, from every socket the feed reads
   * (the active venue's, and a candidate's or probe's too), for counting and dead-lettering. Hot from
   * `start()`, complete after `stop()`.
   */
  readonly invalidFrames$: Observable<InvalidFrame>;
  readonly trades$: Observable<TradeEvent>;
  readonly prices$: Observable<PriceTick>;
  readonly bookTickers$: Observable<BookTicker>;
  readonly status$: Observable<FeedStatus>;
  /** Windowed statistics for every configured window length. */
  readonly stats$: Observable<WindowStats>;
  readonly largeTrades$: Observable<LargeTrade>;
  /** Top levels of each live order book, when they changed (none unless books are enabled). */
  readonly bookSnapshots$: Observable<BookSnapshot>;
  /** Order-book figures per symbol per interval (none unless books are enabled). */
  readonly bookStats$: Observable<BookStats>;
  /** Statuses the pipeline derives from the data rather than the venues: the kline cross-check's `data_mismatch`. */
  readonly checks$: Observable<FeedStatus>;
  /** Volume profiles per symbol per profile window. */
  readonly profiles$: Observable<VolumeProfile>;
  /** Everything the sink publishes: events (klines and their `data_mismatch` included), stats, large trades, profiles, book snapshots and book stats. */
  readonly records$: Observable<FeedRecord>;
  /** Latest price of a coin (ticker, moved by newer trades), if any yet. */
  getPrice(coin: string): PriceTick | undefined;
  getAllPrices(): Readonly<Record<string, PriceTick>>;
  /** Calls back on every price update; returns the unsubscribe function. */
  subscribePrice(callback: (tick: PriceTick) => void): () => void;
  subscribeTrades(callback: (trade: TradeEvent) => void): () => void;
  /** Connects the venues. */
  start(): void;
  /** Stops the venues; open windows are closed (`complete: false`) and every stream completes. */
  stop(): void;
}

const is =
  <T extends FeedEvent['type']>(type: T) =>
  (event: FeedEvent): event is Extract<FeedEvent, { type: T }> =>
    event.type === type;

/** Every feed event but live book views (none reach the published stream; this narrows its type). */
const isPublished = (event: FeedEvent): event is Exclude<FeedEvent, OrderBookView> => event.type !== 'order_book';

/**
 * The composition root, in named stages (`./stages/`): the venues' REST access, the instruments,
 * the cluster's part, the connection shards (venues -> retryWithBackoff -> detectStale -> failover,
 * primary first), then on the merged stream the cluster's gate, the live book views taken off, the sweep
 * of the trades a returned connection missed (with `gaps.repair`), the
 * trades' integrity (dedupeTrades -> detectGaps -> detectReconnectGaps) and the repair of holes
 * (with `gaps.repair`) -> shared; the derived records (stats, large trades, profiles, books) come
 * from the shared stream. Live book views (`order_book`) leave before `dedupeTrades` for the book
 * snapshots and book stats (with every status) and `events$`; they are not published themselves.
 * A feature adds a stage (a function of its settings returning streams or an operator), not a branch here.
 */
export function createMarketFeed(options: MarketFeedOptions): MarketFeed {
  const { config, logger } = options;
  const scheduler = options.scheduler ?? asyncScheduler;
  const stop$ = new Subject<void>();
  const invalidFrames = new Subject<InvalidFrame>();
  const prices = new PriceCache();
  const limits = symbolLimits(config, options.capacity);

  // A cluster instance takes its part of the venues' per-IP budgets: that of the shards it holds.
  const budgetPart = options.cluster === undefined ? undefined : budgetShare(options.cluster.gate);
  const venues = venueAccess(config, scheduler, budgetPart);
  const instruments = instrumentSource(config, venues, scheduler, options.listings);
  const cluster = clusterStage(options.cluster, instruments.market);
  const venueEvents$ = connectionShards({
    config,
    venues,
    instruments,
    served$: cluster.held(instruments.candidates$),
    invalidFrames,
    logger,
    scheduler,
    ...(options.plans$ === undefined ? {} : { plans$: options.plans$ }),
    ...(budgetPart === undefined ? {} : { budgetPart }),
    ...(options.openVenue === undefined ? {} : { openVenue: options.openVenue }),
    ...(options.ingestGate === undefined ? {} : { ingestGate: options.ingestGate }),
    // A cluster's giver asks its quiet sockets for a barrier before it stops serving a shard.
    ...(options.cluster?.handOvers === undefined ? {} : { barriers: options.cluster.handOvers.barriers }),
  });

  // Live book views, the busiest events, leave before the trade-only operators: only the book
  // operators and `events$` readers get them, not every operator that would let them pass.
  const views = new Subject<OrderBookView>();
  const published$: Connectable<FeedEvent> = connectable(
    merge(instruments.universe?.statuses$ ?? EMPTY, cluster.statuses$, venueEvents$).pipe(
      cluster.gate,
      divertViews(views),
      // Before the sweeps: at stop, a hole not swept yet is said before the end, and each step after it ends in turn.
      takeUntil(stop$),
      // The trades a lost connection missed, of instruments that may not trade again for hours: swept from the venue at its return.
      reconnectSweepStep({
        gaps: config.gaps,
        pacers: venues.restPacers,
        restUrls: config.restUrls,
        venueOptions: config.venueOptions,
        scheduler,
        ...(options.listingSweeps === undefined ? {} : { listingCounters: options.listingSweeps }),
      }),
      tradeIntegrity({
        config,
        limits,
        scheduler,
        ...(options.lastTrades === undefined ? {} : { lastTrades: options.lastTrades, readInFull: options.readInFull ?? true }),
        ...(cluster.handovers$ === undefined ? {} : { handovers$: cluster.handovers$ }),
      }),
      // After takeUntil: at stop, the gaps still waiting for repair are said unrepaired before the end.
      gapRepairStep({
        gaps: config.gaps,
        pacers: venues.restPacers,
        restUrls: config.restUrls,
        venueOptions: config.venueOptions,
        scheduler,
        ...(options.repairCounters === undefined ? {} : { counters: options.repairCounters }),
      }),
    ),
    { connector: () => new Subject<FeedEvent>(), resetOnDisconnect: false },
  );
  const events$ = merge(published$, views);
  const statuses$ = published$.pipe(filter(is('feed_status')));
  const trades$ = published$.pipe(filter(is('trade')));
  const prices$ = published$.pipe(filter(is('price_tick')));
  const { stats$, largeTrades$, bookSnapshots$, bookStats$, profiles$, mismatches$, dataTypes$ } = derivedRecords({
    config,
    published$,
    bookEvents$: merge(views, statuses$),
    limits,
    scheduler,
    ...(venues.books === undefined ? {} : { books: venues.books }),
    ...(instruments.universe === undefined ? {} : { universe: instruments.universe }),
  });
  const priceUpdates$ = published$.pipe(
    filter((event) => event.type === 'price_tick' || event.type === 'trade'),
    share(),
  );

  let connection: { unsubscribe(): void } | undefined;
  // The stream failing is the records' subscriber's to say (`RunningPipeline.failed`); the cache only lets go.
  const cacheSubscription = priceUpdates$.subscribe({ next: (event) => prices.update(event), error: () => undefined });

  return {
    events$,
    invalidFrames$: invalidFrames.asObservable(),
    trades$,
    prices$,
    bookTickers$: published$.pipe(filter(is('book_ticker'))),
    status$: merge(statuses$, mismatches$),
    stats$,
    largeTrades$,
    bookSnapshots$,
    bookStats$,
    profiles$,
    checks$: mismatches$,
    records$: merge(published$.pipe(filter(isPublished)), stats$, largeTrades$, bookSnapshots$, bookStats$, profiles$, mismatches$, dataTypes$),
    getPrice: (coin) => prices.get(coin),
    getAllPrices: () => prices.all(),
    subscribePrice(callback) {
      const subscription = prices$.subscribe(callback);
      return () => subscription.unsubscribe();
    },
    subscribeTrades(callback) {
      const subscription = trades$.subscribe(callback);
      return () => subscription.unsubscribe();
    },
    start() {
      connection ??= published$.connect();
    },
    stop() {
      stop$.next();
      stop$.complete();
      views.complete();
      invalidFrames.complete();
      cacheSubscription.unsubscribe();
      connection?.unsubscribe();
    },
  };
}
