import { KLINE_INTERVALS, type KlineInterval } from '../model/index.js';
import { DEFAULT_KLINE_CROSS_CHECK_CONFIG } from '../operators/kline-cross-check.js';
import { DEFAULT_VOLUME_PROFILE_CONFIG } from '../operators/derive-volume-profile.js';
import { boolean, integer, list, oneOf, option, type ConfigOption, type ParsedSetting } from '../settings/config-option.js';

/** A number in `(min, max]`. */
function numberAbove(min: number, max: number): (raw: unknown) => ParsedSetting<number> {
  return (raw) => {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    return Number.isFinite(n) && n > min && n <= max ? { ok: true, value: n } : { ok: false, allowed: `a number greater than ${min} and at most ${max}` };
  };
}

/** `BTC:0.01`: a coin and its tick size. */
function coinTick(raw: unknown): ParsedSetting<readonly [string, number]> {
  const match = typeof raw === 'string' ? /^([A-Za-z0-9]{2,20}):([0-9.eE+-]+)$/.exec(raw.trim()) : null;
  const tick = Number(match?.[2]);
  if (match === null || !Number.isFinite(tick) || tick <= 0) return { ok: false, allowed: 'COIN:tick pairs like BTC:0.01' };
  return { ok: true, value: [(match[1] ?? '').toUpperCase(), tick] };
}

/** Tick sizes per coin from `BTC:0.01,ETH:0.01` (or a list); empty: none. */
function coinTicks(raw: unknown): ParsedSetting<Readonly<Record<string, number>>> {
  if (raw === '' || (Array.isArray(raw) && raw.length === 0)) return { ok: true, value: {} };
  const parsed = list(coinTick)(raw);
  return parsed.ok ? { ok: true, value: Object.fromEntries(parsed.value) } : parsed;
}

/** The settings of candles, their cross-check, aggregate trades and volume profiles. */
export const CANDLE_OPTIONS: readonly ConfigOption[] = [
  option({
    key: 'klines.enabled',
    env: 'MARKET_FEED_KLINES',
    flag: 'klines',
    default: true,
    parse: boolean,
    description: "subscribe the venues' own candles (market.klines.v1) and cross-check them against our windows",
  }),
  option({
    key: 'klines.interval',
    env: 'MARKET_FEED_KLINE_INTERVAL',
    flag: 'kline-interval',
    default: '1m',
    parse: oneOf(KLINE_INTERVALS),
    description: 'candle interval; the cross-check compares closed candles with stats windows of the same length',
  }),
  option({
    key: 'klines.priceToleranceBps',
    env: 'MARKET_FEED_KLINE_PRICE_TOLERANCE_BPS',
    flag: 'kline-price-tolerance-bps',
    default: DEFAULT_KLINE_CROSS_CHECK_CONFIG.priceBps,
    parse: numberAbove(0, 10_000),
    description: "data_mismatch when a closed candle's open, high, low or close differs from our window by more than this many bps",
  }),
  option({
    key: 'klines.volumeTolerancePct',
    env: 'MARKET_FEED_KLINE_VOLUME_TOLERANCE_PCT',
    flag: 'kline-volume-tolerance-pct',
    default: DEFAULT_KLINE_CROSS_CHECK_CONFIG.volumePct,
    parse: numberAbove(0, 1000),
    description: "data_mismatch when a closed candle's base volume differs from our window by more than this many percent",
  }),
  option({
    key: 'aggTrades.enabled',
    env: 'MARKET_FEED_AGG_TRADES',
    flag: 'agg-trades',
    default: false,
    parse: boolean,
    description: 'subscribe Binance <sym>@aggTrade too (market.agg-trades.v1)',
  }),
  option({
    key: 'profile.windowMs',
    env: 'MARKET_FEED_PROFILE_WINDOW_MS',
    flag: 'profile-window-ms',
    default: DEFAULT_VOLUME_PROFILE_CONFIG.windowMs,
    parse: integer(1000, 86_400_000),
    description: 'volume profile window (market.volume-profile.v1), ms',
  }),
  option({
    key: 'profile.rows',
    env: 'MARKET_FEED_PROFILE_ROWS',
    flag: 'profile-rows',
    default: DEFAULT_VOLUME_PROFILE_CONFIG.rows,
    parse: integer(1, DEFAULT_VOLUME_PROFILE_CONFIG.maxBins),
    description: "volume profile rows over the window's price range, for coins without a tick",
  }),
  option({
    key: 'profile.ticks',
    env: 'MARKET_FEED_PROFILE_TICKS',
    flag: 'profile-ticks',
    default: DEFAULT_VOLUME_PROFILE_CONFIG.ticks,
    parse: coinTicks,
    description: 'tick size per coin, e.g. BTC:0.01,ETH:0.01: those coins get rows a tick multiple wide',
  }),
  option({
    key: 'profile.tickMultiple',
    env: 'MARKET_FEED_PROFILE_TICK_MULTIPLE',
    flag: 'profile-tick-multiple',
    default: DEFAULT_VOLUME_PROFILE_CONFIG.tickMultiple,
    parse: integer(1, 1_000_000),
    description: 'ticks per volume profile row, for coins with a tick',
  }),
  option({
    key: 'profile.valueAreaPct',
    env: 'MARKET_FEED_PROFILE_VALUE_AREA_PCT',
    flag: 'profile-value-area-pct',
    default: DEFAULT_VOLUME_PROFILE_CONFIG.valueAreaPct,
    parse: numberAbove(0, 100),
    description: 'share of the volume the value area holds, percent',
  }),
];

/** The venues' candles and their cross-check against our windows (see `CANDLE_OPTIONS`). */
export interface KlineSettings {
  readonly enabled: boolean;
  readonly interval: KlineInterval;
  /** Largest difference of a closed candle's open, high, low or close from our window, bps. */
  readonly priceToleranceBps: number;
  /** Largest difference of a closed candle's base volume from our window, percent. */
  readonly volumeTolerancePct: number;
}

/** Volume profiles: window (ms), rows for coins without a tick, ticks per coin, ticks per row, value-area percent. */
export interface ProfileSettings {
  readonly windowMs: number;
  readonly rows: number;
  readonly ticks: Readonly<Record<string, number>>;
  readonly tickMultiple: number;
  readonly valueAreaPct: number;
}

/** The candle, aggregate-trade and volume-profile settings; each part defaults to its options' defaults. */
export interface CandleSettings {
  readonly klines?: KlineSettings;
  /** Binance `<sym>@aggTrade`, off by default. */
  readonly aggTrades?: { readonly enabled: boolean };
  readonly profile?: ProfileSettings;
}
