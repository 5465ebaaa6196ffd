import type { SymbolCounters } from '../operators/symbol-counters.js';
import { filter, merge, share, type Observable, type SchedulerLike } from 'rxjs';
import { KLINE_INTERVAL_MS, type FeedEvent, type FeedStatus, type Kline, type VolumeProfile, type WindowStats } from '../model/index.js';
import { DEFAULT_VOLUME_PROFILE_CONFIG, klineCrossCheck, volumeProfile, windowedStats } from '../operators/index.js';
import { DEFAULT_STREAM_SELECTION, type StreamSelection } from '../exchanges/select-streams.js';
import type { CandleSettings } from './candle-options.js';

/** The venue streams the settings ask for: candles at their interval (or none), aggTrade when enabled. */
export function streamSelectionOf(settings: CandleSettings): StreamSelection {
  return {
    klines: settings.klines === undefined ? DEFAULT_STREAM_SELECTION.klines : settings.klines.enabled && settings.klines.interval,
    optional: settings.aggTrades?.enabled === true ? ['agg_trade'] : [],
  };
}

/** What the pipeline derives from candles and trades. */
export interface CandleStreams {
  /** `data_mismatch` statuses of the kline cross-check. */
  readonly mismatches$: Observable<FeedStatus>;
  readonly profiles$: Observable<VolumeProfile>;
}

/**
 * Volume profiles from the trades, and the cross-check of the venue's closed candles against our
 * windows of the same length: `stats$` when it has them, else a window of that length of its own.
 */
export function candleStreams(options: {
  readonly events$: Observable<FeedEvent>;
  readonly stats$: Observable<WindowStats>;
  readonly statsWindowsMs: readonly number[];
  readonly settings: CandleSettings;
  readonly scheduler: SchedulerLike;
  /** Tick sizes by instrument from the venues' lists, for the profiles' rows. */
  readonly tickSizes?: ReadonlyMap<string, number>;
  /** Symbols the profiles keep state for at most, and where refusals are counted. */
  readonly profileCapacity?: { readonly maxSymbols: number; readonly symbolCounters?: SymbolCounters };
}): CandleStreams {
  const { events$, settings, scheduler } = options;
  const profile = settings.profile;
  const profiles$ = events$.pipe(
    volumeProfile({
      ...(profile ?? DEFAULT_VOLUME_PROFILE_CONFIG),
      scheduler,
      ...options.profileCapacity,
      ...(options.tickSizes === undefined ? {} : { tickSizes: options.tickSizes }),
    }),
    share(),
  );
  const klines = settings.klines;
  if (klines?.enabled === false) return { profiles$, mismatches$: merge() };
  const intervalMs = KLINE_INTERVAL_MS[klines?.interval ?? '1m'];
  const windows$ = options.statsWindowsMs.includes(intervalMs) ? options.stats$ : events$.pipe(windowedStats({ windowMs: intervalMs, scheduler }));
  const candles$ = events$.pipe(filter((event): event is Kline => event.type === 'kline'));
  const mismatches$ = merge(candles$, windows$.pipe(filter((window) => window.windowMs === intervalMs))).pipe(
    klineCrossCheck({
      scheduler,
      ...(klines === undefined ? {} : { priceBps: klines.priceToleranceBps, volumePct: klines.volumeTolerancePct }),
    }),
    share(),
  );
  return { profiles$, mismatches$ };
}
