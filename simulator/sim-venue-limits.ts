import { DEFAULT_COINBASE_LIMITS, type CoinbaseLimits } from './venues/coinbase/coinbase-limits.js';
import { DEFAULT_KRAKEN_LIMITS, type KrakenVenueLimits } from './venues/kraken/kraken-limits.js';
import type { SimVenueName } from './sim-venue-name.js';
import { DEFAULT_BINANCE_LIMITS, DEFAULT_BYBIT_LIMITS, type VenueLimits } from './venue-limits.js';
import { DEFAULT_BYBIT_LINEAR_LIMITS } from './venues/bybit-linear/bybit-linear-limits.js';
import { DEFAULT_BINANCE_USDM_LIMITS } from './venues/binance-usdm/binance-usdm-limits.js';

/** Each venue's limits; Coinbase and Kraken add kinds of their own (`CoinbaseLimits`, `KrakenVenueLimits`, in their folders). */
export const DEFAULT_VENUE_LIMITS: Readonly<Record<SimVenueName, VenueLimits>> = {
  binance: DEFAULT_BINANCE_LIMITS,
  bybit: DEFAULT_BYBIT_LIMITS,
  coinbase: DEFAULT_COINBASE_LIMITS,
  kraken: DEFAULT_KRAKEN_LIMITS,
  bybit_linear: DEFAULT_BYBIT_LINEAR_LIMITS,
  binance_usdm: DEFAULT_BINANCE_USDM_LIMITS,
};

/** A venue's limits: its defaults with `overrides` on top; `false` enforces none. */
export function venueLimits(venue: SimVenueName, overrides: Partial<VenueLimits> | false | undefined): VenueLimits {
  if (overrides === false) return {};
  return { ...DEFAULT_VENUE_LIMITS[venue], ...overrides };
}

/** Limits configured per venue, each venue's own kinds included; `false` turns that venue's limits off. */
export interface SimVenueLimitOverrides {
  readonly bybit?: Partial<VenueLimits> | false;
  readonly binance?: Partial<VenueLimits> | false;
  readonly coinbase?: Partial<CoinbaseLimits> | false;
  readonly kraken?: Partial<KrakenVenueLimits> | false;
  readonly bybit_linear?: Partial<VenueLimits> | false;
  readonly binance_usdm?: Partial<VenueLimits> | false;
}
