import { EMPTY, merge, share, type Observable, type SchedulerLike } from 'rxjs';
import type { BookSnapshot, BookStats, FeedEvent, FeedStatus, LargeTrade, OrderBookView, TradeBar, VolumeProfile, WindowStats } from '../../model/index.js';
import { bookDerivedData, tradeBars, type BookDataType, type BookDerivedRecord, type TradeDataType } from '../../derived/derived-data.js';
import { bookSnapshots, bookStats, DEFAULT_LARGE_TRADES_CONFIG, DEFAULT_VOLUME_PROFILE_CONFIG, largeTrades, windowedStats } from '../../operators/index.js';
import { candleStreams } from '../candle-streams.js';
import type { MarketFeedSettings } from '../market-feed-settings.js';
import type { Universe } from '../universe-of.js';
import type { SymbolLimits } from './symbol-limits.js';
import type { BookSettings } from '../book-options.js';

/** The records the pipeline derives from the published events and the live book views. */
export interface DerivedRecords {
  readonly stats$: Observable<WindowStats>;
  readonly largeTrades$: Observable<LargeTrade>;
  readonly bookSnapshots$: Observable<BookSnapshot>;
  readonly bookStats$: Observable<BookStats>;
  readonly profiles$: Observable<VolumeProfile>;
  /** The kline cross-check's `data_mismatch`. */
  readonly mismatches$: Observable<FeedStatus>;
  /** The data types asked for by name (`dataTypes`): book changes, interval snapshots and quotes, trade bars. */
  readonly dataTypes$: Observable<BookDerivedRecord | TradeBar>;
}

/**
 * Stage 7, what is derived: windowed statistics per window length, large trades, volume profiles
 * and the kline cross-check from the published events; with books, snapshots and figures from the
 * live views and every status (`bookEvents$`, in the order the venues' sockets produced them); and
 * the data types asked for by name, from the same streams.
 */
export function derivedRecords(options: {
  readonly config: MarketFeedSettings;
  readonly published$: Observable<FeedEvent>;
  readonly bookEvents$: Observable<OrderBookView | FeedStatus>;
  readonly books?: BookSettings;
  readonly universe?: Universe;
  readonly limits: SymbolLimits;
  readonly scheduler: SchedulerLike;
}): DerivedRecords {
  const { config, published$, bookEvents$, books, limits, scheduler } = options;
  const largeTradeSettings = {
    multiple: config.largeTrades.multiple,
    lookback: config.largeTrades.lookback,
    minSamples: DEFAULT_LARGE_TRADES_CONFIG.minSamples,
  };
  const stats$ = merge(
    ...config.stats.windowsMs.map((windowMs) =>
      published$.pipe(windowedStats({ windowMs, largeTrade: largeTradeSettings, scheduler, ...limits.of('windowed_stats', windowMs) })),
    ),
  ).pipe(share());
  const largeTrades$ = published$.pipe(largeTrades({ ...largeTradeSettings, ...limits.of('large_trades') }), share());
  const bookSnapshots$ =
    books === undefined ? EMPTY : bookEvents$.pipe(bookSnapshots({ levels: books.snapshotLevels, intervalMs: books.snapshotIntervalMs, scheduler }), share());
  const bookStats$ =
    books === undefined
      ? EMPTY
      : bookEvents$.pipe(
          bookStats({
            intervalMs: books.statsIntervalMs,
            analytics: {
              imbalanceLevels: books.imbalanceLevels,
              depthBandsPct: books.depthBandsPct,
              impactNotionals: books.impactNotionals,
              roundTripNotional: books.roundTripNotional,
            },
            scheduler,
          }),
          share(),
        );
  const { profiles$, mismatches$ } = candleStreams({
    events$: published$,
    stats$,
    statsWindowsMs: config.stats.windowsMs,
    settings: config,
    scheduler,
    profileCapacity: limits.of('volume_profile', config.profile?.windowMs ?? DEFAULT_VOLUME_PROFILE_CONFIG.windowMs),
    ...(options.universe === undefined ? {} : { tickSizes: options.universe.tickSizes }),
  });
  const bookTypes = (config.dataTypes ?? []).filter((type): type is BookDataType => type.kind !== 'trade_bar');
  const barTypes = (config.dataTypes ?? []).filter((type): type is TradeDataType => type.kind === 'trade_bar');
  const dataTypes$ = merge(
    books === undefined || bookTypes.length === 0 ? EMPTY : bookEvents$.pipe(bookDerivedData(bookTypes)),
    barTypes.length === 0 ? EMPTY : published$.pipe(tradeBars(barTypes)),
  ).pipe(share());
  return { stats$, largeTrades$, bookSnapshots$, bookStats$, profiles$, mismatches$, dataTypes$ };
}
