import { EMPTY, Subject, asyncScheduler, combineLatest, connectable, filter, identity, map, merge, of, share, takeUntil, tap, type Connectable, type Observable, type SchedulerLike } from 'rxjs';
import type { Logger } from 'pino';
import { budgetShare } from '../cluster/budget-share.js';
import { namingShardInstruments } from '../cluster/shard-statuses.js';
import type { ShardGate } from '../cluster/shard-gate.js';
import type { ShardHandOvers } from '../cluster/shard-hand-overs.js';
import type { CapacityConfig } from '../config/capacity-options.js';
import type { MarketFeedConfig } from '../config/market-feed-config.js';
import type { IngestGate } from '../exchanges/ingest-gate.js';
import type { VenueSymbol } from '../exchanges/adapter-config.js';
import { DEFAULT_INSTRUMENT_CATALOG_CONFIG, instrumentCatalog, venueRestPacers } from '../catalog/index.js';
import { NO_BOOKS } from '../shards/book-selection.js';
import { connectionLimitsOf } from './connection-limits-of.js';
import { protocolFor } from '../exchanges/protocol-registry.js';
import type { ExchangeId } from '../model/market-record.js';
import type { BookSnapshot, BookStats, BookTicker, FeedEvent, OrderBookView, FeedRecord, FeedStatus, InvalidFrame, LargeTrade, PriceTick, TradeEvent, VolumeProfile, WindowStats } from '../model/index.js';
import { DEFAULT_LARGE_TRADES_CONFIG, DEFAULT_VOLUME_PROFILE_CONFIG, bookSnapshots, bookStats, dedupeTrades, detectGaps, detectReconnectGaps, detectStale, largeTrades, retryWithBackoff, windowedStats } from '../operators/index.js';
import { lastTradeIdsOf, restartSinceOf, type FailoverSource, type GapHandover, type RepairCounters } from '../operators/index.js';
import { gapRepairStep } from '../repair/gap-repair-step.js';
import { DEFAULT_MAX_SYMBOLS, type SymbolCounters } from '../operators/symbol-counters.js';
import type { ShardCandidate, ShardPlan } from '../shards/plan-shards.js';
import { candleStreams, streamSelectionOf, type CandleSettings } from './candle-streams.js';
import { coinCandidates, connectionBudgets, DEFAULT_MAX_INSTRUMENTS_PER_SHARD, shardPlanLimits, shardRunner, type ShardSourceOptions } from './shard-feed.js';
import { divertInvalidFrames, divertViews } from './divert-events.js';
import { shardedEvents } from './sharded-events.js';
import { quoteVolumes$, shardPlans } from './shard-plans.js';
import { universeOf } from './universe-of.js';
import { PriceCache } from './price-cache.js';
import type { CapacityOperator, SymbolCapacity } from './symbol-capacity.js';
import { binanceBookPlanOf, binanceWeightOverrides, openVenueFeed, protocolSettings, type VenueBookOptions, type VenueFeedFactory } from './venue-settings.js';

/** The settings the pipeline uses (a subset of the `run` configuration). */
export type MarketFeedSettings = Pick<MarketFeedConfig, 'coins' | 'quote' | 'venues' | 'urls' | 'feed' | 'retry' | 'dedupe' | 'stats' | 'largeTrades'> &
  Partial<Pick<MarketFeedConfig, 'tls' | 'books' | 'restUrls' | 'binanceBook' | 'instruments' | 'quotes' | 'include' | 'exclude' | 'catalog' | 'connections' | 'gaps'>> & CandleSettings & Partial<CapacityConfig>;

export interface MarketFeedOptions {
  readonly config: MarketFeedSettings;
  readonly logger: Logger;
  /** Opens a venue; default the real adapters. Replays and tests pass their own. */
  readonly openVenue?: VenueFeedFactory;
  /** Clock and timers of every operator; default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /**
   * The last trades published before this start, per (venue, symbol) (read back from the trades
   * topic), so that a hole across a restart is reported as a `gap`: by id for the venues of
   * consecutive ids (`detectGaps`' `seed`), by time for the others (`detectReconnectGaps`' `seed`). Default none.
   */
  readonly lastTrades?: readonly TradeEvent[];
  /** Pauses reading the venues' sockets while set (e.g. while the sink is behind). Default none. */
  readonly ingestGate?: IngestGate;
  /**
   * The connection shards to serve, as they change (from the instrument catalog). Default: the
   * configured coins at the configured quote, on every venue in failover order, planned once.
   */
  readonly plans$?: Observable<ShardPlan>;
  /** Counts kept by the repair of gaps (`gaps.repair`), for metrics. Default: not counted. */
  readonly repairCounters?: RepairCounters;
  /** Counts what the operators with per-symbol state refuse or forget past `limits.maxSymbols` (for metrics and warnings). Default: not counted. */
  readonly capacity?: SymbolCapacity;
  /**
   * Serve only the instruments of the cluster shards held, as they change (`src/cluster/`): the
   * gate's shards are set from `held$`, and each change re-plans the connections. An instrument of
   * a shard given up is neither subscribed nor published from that moment (its events still on the
   * way are dropped). `handovers$` tells gap detection of the shards taken and given up, so that a
   * handover's hole is named (`detectGaps`' `handovers$`). `statuses$` (`shard_assigned`,
   * `shard_revoked`) are published with the feed's statuses, each naming the shard's instruments, so
   * that the windows of a shard's instruments are incomplete in the period it moves, and forgotten
   * by the instance that gave it up. Default: every instrument, no cluster.
   */
  readonly cluster?: {
    readonly gate: ShardGate;
    /**
     * The shards' hand-overs (`src/cluster/shard-hand-overs.ts`): when given, they set the gate's
     * states (`held$` is then their `planned$`), and events go through their gate, which holds a
     * shard's trades back while it is being taken and tells them what a shard being released
     * published. Default: the gate serves exactly the shards of `held$`.
     */
    readonly handOvers?: ShardHandOvers;
    readonly held$: Observable<ReadonlySet<number>>;
    readonly handovers$?: Observable<GapHandover>;
    readonly statuses$?: Observable<FeedStatus>;
  };
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
 * Venues -> retryWithBackoff -> detectStale -> failover (primary first) -> dedupeTrades ->
 * detectGaps -> detectReconnectGaps -> repairGaps (with `gaps.repair`) -> shared; stats and large trades are derived from the shared stream. Live book views
 * (`order_book`) leave before `dedupeTrades` for the book snapshots and book stats (with every
 * status) and `events$`; they are not published themselves.
 */
export function createMarketFeed(options: MarketFeedOptions): MarketFeed {
  const { config, logger } = options;
  const scheduler = options.scheduler ?? asyncScheduler;
  const openVenue = options.openVenue ?? openVenueFeed;
  const stop$ = new Subject<void>();
  const invalidFrames = new Subject<InvalidFrame>();
  const prices = new PriceCache();

  const books = config.books !== undefined && config.books.follow.kind !== 'none' ? config.books : undefined;
  // One REST pacer per venue, shared by the instrument catalog and the depth snapshots: the venues count weight per IP.
  // A cluster instance takes its part of the venues' per-IP budgets: that of the shards it holds.
  const budgetPart = options.cluster === undefined ? undefined : budgetShare(options.cluster.gate);
  const restPacers = venueRestPacers(config.venues, scheduler, config.binanceBook === undefined ? {} : binanceWeightOverrides(config.venues, config.binanceBook.restWeightPerMinute), budgetPart);
  // One Binance book plan for every Binance venue and connection.
  const binancePlan = books === undefined ? undefined : binanceBookPlanOf(config.binanceBook, restPacers);
  const bookOptions = (exchange: ExchangeId): VenueBookOptions | undefined =>
    books === undefined
      ? undefined
      : {
          bybitDepth: books.bybitDepth,
          ...(binancePlan === undefined ? {} : { binancePlan }),
          ...(config.restUrls?.[exchange] === undefined ? {} : { restUrl: config.restUrls[exchange] }),
        };
  const streams = streamSelectionOf(config);
  const connections = connectionLimitsOf(config.connections);
  const limits = shardPlanLimits({ maxInstruments: config.connections?.maxInstruments ?? DEFAULT_MAX_INSTRUMENTS_PER_SHARD, connections, streams, books: bookOptions });
  const restUrls = config.restUrls === undefined ? {} : { restUrls: config.restUrls };
  const catalogSettings = { ...DEFAULT_INSTRUMENT_CATALOG_CONFIG, ...config.catalog };
  // The whole market (--instruments all): the venues' lists, read and followed; else the configured coins.
  const universe =
    config.instruments === 'all'
      ? universeOf({
          catalog$: instrumentCatalog({ venues: config.venues, scheduler, pacers: restPacers, ...restUrls, ...catalogSettings }),
          selection: { kind: 'all', quotes: config.quotes ?? [config.quote], include: config.include ?? [], exclude: config.exclude ?? [] },
        })
      : undefined;
  /** The instruments of the market (the latest list), for the statuses of a cluster shard. */
  let market: readonly ShardCandidate[] = [];
  const candidates$ = (universe?.candidates$ ?? of(coinCandidates(config.coins, config.quote, config.venues))).pipe(tap((candidates) => (market = candidates)));
  const cluster = options.cluster;
  cluster?.handOvers?.follow(() => market);
  const shardStatuses$ = cluster?.statuses$ === undefined ? EMPTY : namingShardInstruments(cluster.statuses$, cluster.gate, () => market);
  const planned = shardPlans({
    candidates$:
      cluster === undefined
        ? candidates$
        : combineLatest([candidates$, cluster.held$.pipe(tap((held) => cluster.handOvers === undefined ? cluster.gate.hold(held) : undefined))]).pipe(
            map(([candidates]) => candidates.filter((candidate) => cluster.gate.holds(candidate.coin, candidate.quote))),
          ),
    books: books?.follow ?? NO_BOOKS,
    ...(books?.follow.kind === 'top' ? { volumes$: quoteVolumes$({ venues: config.venues, pacers: restPacers, ...restUrls, refreshMs: catalogSettings.refreshMs, timeoutMs: catalogSettings.timeoutMs, scheduler }) } : {}),
    limits,
    scheduler,
  });
  const plans$ = options.plans$ ?? planned.plans$;
  /** One venue of a shard's chain: its connection, refused frames taken off, retries and staleness. */
  const openSource = ({ exchange, instruments$, initial, books: shardBooks, openPacer, logger: venueLogger }: ShardSourceOptions): FailoverSource => ({
    exchange,
    // A venue whose books the shard follows is usable (failover, switch-back) from its first good snapshot.
    ...(shardBooks && protocolFor(exchange, protocolSettings(bookOptions(exchange))).book !== undefined ? { readyOn: 'book' as const } : {}),
    events$: openVenue({
      exchange, url: config.urls[exchange], ...fixedSymbolsOf(initial), instruments$,
      ...(openPacer === undefined ? {} : { openPacer }),
      logger: venueLogger,
      allowUnverifiedTls: config.tls?.allowSelfSigned === true, streams,
      ...(options.ingestGate === undefined ? {} : { ingestGate: options.ingestGate }),
      ...withBooks(bookOptions(exchange)),
    }).pipe(
      divertInvalidFrames(invalidFrames),
      retryWithBackoff({
        exchange, scheduler, jitter: config.retry.jitter,
        initialDelayMs: config.retry.initialDelayMs, maxDelayMs: config.retry.maxDelayMs,
        maxAttempts: config.retry.maxAttempts, resetAfterMs: config.retry.resetAfterMs,
      }),
      detectStale({ exchange, staleAfterMs: config.feed.staleAfterMs, scheduler }),
    ),
  });
  const runShard = shardRunner({
    budgets: connectionBudgets(config.venues, scheduler, connections, budgetPart),
    logger,
    policy: { failoverAfterMs: config.feed.failoverAfterMs, switchBackAfterMs: config.feed.switchBackAfterMs, probeIntervalMs: config.feed.probeIntervalMs, scheduler },
    source: openSource,
  });

  // Per-symbol state: `limits.maxSymbols` symbols per operator, what is refused or forgotten counted when asked.
  const maxSymbols = config.limits?.maxSymbols ?? DEFAULT_MAX_SYMBOLS;
  const capacityOf = (operator: CapacityOperator, windowMs?: number): { readonly maxSymbols: number; readonly symbolCounters?: SymbolCounters } =>
    options.capacity === undefined ? { maxSymbols } : { maxSymbols, symbolCounters: options.capacity.counters(operator, windowMs) };
  // Live book views, the busiest events, leave before the trade-only operators: only the book
  // operators and `events$` readers get them, not every operator that would let them pass.
  const views = new Subject<OrderBookView>();
  // Told to both gap detectors (by id and by time): one reading of the trades topic per move.
  const handovers$ = cluster?.handovers$?.pipe(share());
  const published$: Connectable<FeedEvent> = connectable(
    merge(universe?.statuses$ ?? EMPTY, shardStatuses$, options.plans$ === undefined ? planned.statuses$ : EMPTY, shardedEvents(plans$, runShard, scheduler)).pipe(
      cluster === undefined ? identity : cluster.handOvers?.gate() ?? filter((event) => event.type === 'feed_status' || cluster.gate.serves(event.coin, event.quote)),
      divertViews(views),
      dedupeTrades({ capacity: config.dedupe.capacity, scheduler }),
      detectGaps({
        scheduler, ...capacityOf('detect_gaps'),
        ...(options.lastTrades === undefined ? {} : { seed: lastTradeIdsOf(options.lastTrades), ...restartSinceOf(options.lastTrades) }),
        ...(handovers$ === undefined ? {} : { handovers$ }),
      }),
      detectReconnectGaps({
        scheduler, maxSymbols,
        ...(options.lastTrades === undefined ? {} : { seed: options.lastTrades }),
        ...(handovers$ === undefined ? {} : { handovers$ }),
      }),
      takeUntil(stop$),
      // After takeUntil: at stop, the gaps still waiting for repair are said unrepaired before the end.
      // The repair of named gaps from the venues' REST history, on the same pacers as the snapshots and catalog reads.
      gapRepairStep({ gaps: config.gaps, pacers: restPacers, restUrls: config.restUrls, scheduler, ...(options.repairCounters === undefined ? {} : { counters: options.repairCounters }) }),
    ),
    { connector: () => new Subject<FeedEvent>(), resetOnDisconnect: false },
  );
  const events$ = merge(published$, views);
  const statuses$ = published$.pipe(filter(is('feed_status')));
  /** What the book operators read: the views and every status, in the order the venues' sockets produced them. */
  const bookEvents$ = merge(views, statuses$);

  const trades$ = published$.pipe(filter(is('trade')));
  const prices$ = published$.pipe(filter(is('price_tick')));
  const largeTradeSettings = {
    multiple: config.largeTrades.multiple, lookback: config.largeTrades.lookback, minSamples: DEFAULT_LARGE_TRADES_CONFIG.minSamples,
  };
  const stats$ = merge(
    ...config.stats.windowsMs.map((windowMs) => published$.pipe(windowedStats({ windowMs, largeTrade: largeTradeSettings, scheduler, ...capacityOf('windowed_stats', windowMs) }))),
  ).pipe(share());
  const largeTrades$ = published$.pipe(largeTrades({ ...largeTradeSettings, ...capacityOf('large_trades') }), share());
  const bookSnapshots$ = books === undefined ? EMPTY : bookEvents$.pipe(bookSnapshots({ levels: books.snapshotLevels, intervalMs: books.snapshotIntervalMs, scheduler }), share());
  const bookStats$ =
    books === undefined
      ? EMPTY
      : bookEvents$.pipe(
          bookStats({
            intervalMs: books.statsIntervalMs,
            analytics: { imbalanceLevels: books.imbalanceLevels, depthBandsPct: books.depthBandsPct, impactNotionals: books.impactNotionals, roundTripNotional: books.roundTripNotional },
            scheduler,
          }),
          share(),
        );
  const { profiles$, mismatches$ } = candleStreams({ events$: published$, stats$, statsWindowsMs: config.stats.windowsMs, settings: config, scheduler, profileCapacity: capacityOf('volume_profile', config.profile?.windowMs ?? DEFAULT_VOLUME_PROFILE_CONFIG.windowMs), ...(universe === undefined ? {} : { tickSizes: universe.tickSizes }) });
  const priceUpdates$ = published$.pipe(
    filter((event) => event.type === 'price_tick' || event.type === 'trade'),
    share(),
  );

  let connection: { unsubscribe(): void } | undefined;
  const cacheSubscription = priceUpdates$.subscribe((event) => prices.update(event));

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
    records$: merge(published$.pipe(filter(isPublished)), stats$, largeTrades$, bookSnapshots$, bookStats$, profiles$, mismatches$),
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

/** The coins and quote a venue opened from a fixed list expects (the replay's venue reads them), from a shard's instruments. */
function fixedSymbolsOf(initial: readonly VenueSymbol[]): { readonly coins: readonly string[]; readonly quote: string } {
  const quote = initial[0]?.quote ?? '';
  return { coins: initial.filter((instrument) => instrument.quote === quote).map((instrument) => instrument.coin), quote };
}

function withBooks(books: VenueBookOptions | undefined): { readonly books?: VenueBookOptions } {
  return books === undefined ? {} : { books };
}
