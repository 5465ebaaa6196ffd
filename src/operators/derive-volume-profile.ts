import { asyncScheduler } from 'rxjs';
import type { OperatorFunction, SchedulerLike } from 'rxjs';
import { instrumentOf, type FeedEvent, type InstrumentParts, type VolumeProfile } from '../model/index.js';
import type { Building } from '../model/building.js';
import { addToProfile, profileLevels, startProfile, type ProfileAccumulator } from '../stats/profile-accumulator.js';
import { profileBins, type BinPlan } from '../stats/profile-bins.js';
import { valueArea } from '../stats/value-area.js';
import { DEFAULT_MAX_SYMBOLS, type SymbolCounters } from './symbol-counters.js';
import { symbolWindows, type WindowBounds } from './symbol-windows.js';

/** Options for {@link volumeProfile}. */
export interface VolumeProfileConfig {
  /** Window length, ms; windows are aligned to multiples of it on the scheduler's clock. Default 3 600 000 (1 h). */
  readonly windowMs: number;
  /** Rows over the window's price range, for coins without a tick. Default 24. */
  readonly rows: number;
  /** Tick size per coin (`{ BTC: 0.01 }`): that coin's rows are `tickMultiple` ticks wide. Default none. */
  readonly ticks: Readonly<Record<string, number>>;
  /**
   * Tick sizes by instrument (`BTC-USDT`), as the venues list them (kept current by the instrument
   * catalog), for the instruments `ticks` does not name. Default none.
   */
  readonly tickSizes?: ReadonlyMap<string, number>;
  /** Ticks per row for coins with a tick. Default 1. */
  readonly tickMultiple: number;
  /** Share of the volume the value area holds at least, percent. Default 70. */
  readonly valueAreaPct: number;
  /** Most rows in one profile: a tick that would need more falls back to this many rows over the range. Default 1000. */
  readonly maxBins: number;
  /** Most symbols profiled in a window; trades of further symbols are ignored (and counted in `symbolCounters`). Default 10000 (`DEFAULT_MAX_SYMBOLS`). */
  readonly maxSymbols: number;
  /** Counts the symbols refused a profile, each once, with their names for a warning. Default: none. */
  readonly symbolCounters?: SymbolCounters;
  /** Clock and timers. Default `asyncScheduler`. */
  readonly scheduler: SchedulerLike;
}

export const DEFAULT_VOLUME_PROFILE_CONFIG = {
  windowMs: 3_600_000,
  rows: 24,
  ticks: {},
  tickMultiple: 1,
  valueAreaPct: 70,
  maxBins: 1000,
  maxSymbols: DEFAULT_MAX_SYMBOLS,
  scheduler: asyncScheduler,
} as const satisfies VolumeProfileConfig;

/**
 * Per-symbol volume profiles over tumbling windows `[windowStart, windowEnd)` closed by the
 * scheduler's clock: at each boundary every symbol that traded in the window gets a
 * {@link VolumeProfile} (rows, point of control, value area); a window without trades publishes
 * nothing. Trades fall in the window of their arrival; a gap's repaired trades (`source: repair`)
 * are taken when their venue time falls in the window still open. `complete` is false for the first window
 * when subscribed mid-window, for a window cut short when the source ends, and for a window that
 * overlaps a stale period (from `feed_stale` to `feed_recovered`), a failover, a switch-back or a
 * gap (of its symbol, or of the whole feed).
 */
export function volumeProfile(config: Partial<VolumeProfileConfig> = {}): OperatorFunction<FeedEvent, VolumeProfile> {
  const options: VolumeProfileConfig = { ...DEFAULT_VOLUME_PROFILE_CONFIG, ...config };
  const { windowMs, scheduler } = options;

  const planFor = (trade: InstrumentParts): BinPlan => {
    const tick = options.ticks[trade.coin] ?? options.tickSizes?.get(instrumentOf(trade));
    return tick === undefined ? { kind: 'rows', rows: options.rows } : { kind: 'tick', width: tick * options.tickMultiple };
  };

  const profileOf = (profile: ProfileAccumulator, { windowStart, windowEnd, complete }: WindowBounds): VolumeProfile => {
    const { last } = profile;
    const { levels, range } = profileLevels(profile);
    const cut = profileBins(levels, planFor(last), options.maxBins, range);
    const area = valueArea(cut.bins, options.valueAreaPct);
    const poc = cut.bins[area.pocIndex];
    let buyVolume = 0;
    let sellVolume = 0;
    for (const bin of cut.bins) {
      buyVolume += bin.buyVolume;
      sellVolume += bin.sellVolume;
    }
    const record: Building<VolumeProfile> = {
      type: 'volume_profile',
      exchange: last.exchange,
      symbol: last.symbol,
      coin: last.coin,
      quote: last.quote,
      exchangeTs: last.exchangeTs,
      receivedTs: scheduler.now(),
      isFallback: last.isFallback,
      env: last.env,
      connectionId: last.connectionId,
      windowMs,
      windowStart,
      windowEnd,
      ...cut,
      volume: buyVolume + sellVolume,
      buyVolume,
      sellVolume,
      tradeCount: profile.tradeCount,
      pointOfControl: poc === undefined ? 0 : (poc.priceLow + poc.priceHigh) / 2,
      valueAreaPct: options.valueAreaPct,
      valueAreaHigh: cut.bins[area.highIndex]?.priceHigh ?? 0,
      valueAreaLow: cut.bins[area.lowIndex]?.priceLow ?? 0,
      valueAreaVolume: area.volume,
      complete,
    };
    if (last.instrument !== undefined) record.instrument = last.instrument;
    return record;
  };

  return symbolWindows<ProfileAccumulator, VolumeProfile>({
    takesRepairs: true,
    windowMs,
    maxSymbols: options.maxSymbols,
    ...(options.symbolCounters === undefined ? {} : { symbolCounters: options.symbolCounters }),
    scheduler,
    open: (trade) => startProfile(trade, planFor(trade), options.maxBins),
    add: addToProfile,
    close: profileOf,
  });
}
