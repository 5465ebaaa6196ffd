import { integer, option, positiveNumber, type ConfigOption, type ParsedSetting } from '../settings/config-option.js';

/** The sniper's thresholds as configured (seconds as given; see `SniperConfig` for the strategy's units). */
export interface SniperSettings {
  readonly risePct: number;
  readonly windowS: number;
  readonly minBuyRatio: number;
  readonly minTrades: number;
  readonly takeProfitPct: number;
  readonly stopLossPct: number;
  readonly maxHoldingS: number;
  readonly failoverHoldS: number;
  readonly reentryCooldownS: number;
}

function ratio(raw: unknown): ParsedSetting<number> {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  return Number.isFinite(n) && n >= 0 && n <= 1 ? { ok: true, value: n } : { ok: false, allowed: 'a number from 0 to 1' };
}

function nonNegative(raw: unknown): ParsedSetting<number> {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  return Number.isFinite(n) && n >= 0 ? { ok: true, value: n } : { ok: false, allowed: 'a number, 0 or more' };
}

/** Settings of `market-feed sniper` besides the shared Kafka, registry and log options. */
export const SNIPER_OPTIONS: readonly ConfigOption[] = [
  option({
    key: 'sniper.risePct',
    env: 'SNIPER_RISE_PCT',
    flag: 'rise-pct',
    default: 1,
    parse: positiveNumber,
    description: 'entry: price rise over the window, percent',
  }),
  option({
    key: 'sniper.windowS',
    env: 'SNIPER_WINDOW_S',
    flag: 'window-s',
    default: 60,
    parse: positiveNumber,
    description: 'entry: rolling window of prices and trades, seconds',
  }),
  option({
    key: 'sniper.minBuyRatio',
    env: 'SNIPER_MIN_BUY_RATIO',
    flag: 'min-buy-ratio',
    default: 0.65,
    parse: ratio,
    description: "entry: buy volume / volume of the window's trades, at least",
  }),
  option({
    key: 'sniper.minTrades',
    env: 'SNIPER_MIN_TRADES',
    flag: 'min-trades',
    default: 5,
    parse: integer(1, 1_000_000),
    description: 'entry: trades in the window, at least',
  }),
  option({
    key: 'sniper.takeProfitPct',
    env: 'SNIPER_TAKE_PROFIT_PCT',
    flag: 'take-profit-pct',
    default: 1.5,
    parse: positiveNumber,
    description: 'exit at this paper profit, percent',
  }),
  option({
    key: 'sniper.stopLossPct',
    env: 'SNIPER_STOP_LOSS_PCT',
    flag: 'stop-loss-pct',
    default: 1,
    parse: positiveNumber,
    description: 'exit at this paper loss, percent',
  }),
  option({
    key: 'sniper.maxHoldingS',
    env: 'SNIPER_MAX_HOLDING_S',
    flag: 'max-holding-s',
    default: 300,
    parse: positiveNumber,
    description: 'exit after holding this long, seconds',
  }),
  option({
    key: 'sniper.failoverHoldS',
    env: 'SNIPER_FAILOVER_HOLD_S',
    flag: 'failover-hold-s',
    default: 60,
    parse: nonNegative,
    description: 'no entries for this long after a failover or switch-back, seconds',
  }),
  option({
    key: 'sniper.reentryCooldownS',
    env: 'SNIPER_REENTRY_COOLDOWN_S',
    flag: 'reentry-cooldown-s',
    default: 60,
    parse: nonNegative,
    description: 'no new entry on a coin for this long after its last exit, seconds',
  }),
];
