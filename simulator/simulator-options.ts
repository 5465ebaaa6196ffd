import type { SimUniverseConfig } from './sim-universe.js';
import type { SimVenueLimitsOf, SimVenueName, SimVenueOptionsOf } from './sim-venues.js';

/** Limits configured per venue, each venue's own kinds included; `false` turns that venue's limits off. */
export type SimVenueLimitOverrides = { readonly [V in SimVenueName]?: Partial<SimVenueLimitsOf<V>> | false };

/** Options configured per venue (`{ binance: { pingIntervalMs: 50 } }`); each venue's definition says which it has and their defaults. */
export type SimVenueOptionOverrides = { readonly [V in SimVenueName]?: Partial<SimVenueOptionsOf<V>> };

/** Options of `startSimulator`; every field has a default. */
export interface SimulatorOptions {
  /** Loopback port; default 0 (any free port). The host is always 127.0.0.1. */
  readonly port?: number;
  /** Base assets of the coins mode (each on every venue served at `quote`); default BTC and ETH. Ignored with `universe`. */
  readonly coins?: readonly string[];
  /** Quote asset of the coins mode; default USDT. */
  readonly quote?: string;
  /**
   * Venues that list the coins mode's coins at another quote (`{ coinbase: 'USD' }`); default each
   * venue's own (`listing.coinsQuote` of its definition: the perpetual venues list USDT contracts).
   */
  readonly venueQuotes?: Readonly<Partial<Record<SimVenueName, string>>>;
  /**
   * A generated universe instead of `coins`: `instruments` base-quote pairs over `quotes` (default
   * USDT, USDC), shared between the venues by `shares`, trading `tradesPerSecond` in all (default
   * 2000) by a Zipf law of exponent `zipfExponent` over their ranks (see `SimUniverseConfig`); its
   * seed defaults to `seed`. Books are then created on first use and tickers pushed on change.
   */
  readonly universe?: Partial<SimUniverseConfig> & { readonly instruments: number };
  /**
   * The venues' limits, on by default with each venue's values (its definition's `limits`); per
   * venue, fields replace the defaults (tests shrink windows and amounts) and `false` turns that
   * venue's limits off; `false` turns all off.
   */
  readonly limits?: false | SimVenueLimitOverrides;
  /** Each venue's own options (server pings, connection lifetime, REST weight), over its definition's defaults. */
  readonly venueOptions?: SimVenueOptionOverrides;
  /**
   * The venues served, each as its definition in `SIM_VENUES` says (its path, its REST routes, the
   * instruments it lists in its own spelling); default those `servedByDefault` (Bybit and Binance).
   */
  readonly venues?: readonly SimVenueName[];
  /** An unchanged symbol's ticker is pushed again after this long, ms; default every `tickerIntervalMs` (coins) or 3000 (universe, as Bybit re-sends an unchanged `orderbook.1`). */
  readonly tickerRefreshMs?: number;
  /** Seed of the price walks; default 1. */
  readonly seed?: number;
  /** Generated trades per second per symbol of the coins mode; default 5. */
  readonly tradesPerSecond?: number;
  /** Ticker and best-bid/ask push interval, ms; default 200. */
  readonly tickerIntervalMs?: number;
  /** Generation step, ms; default 20. */
  readonly tickMs?: number;
  /** Replay these frames (NDJSON lines) to every connection of `venue` instead of generating. */
  readonly replay?: { readonly venue: SimVenueName; readonly lines: readonly string[]; readonly intervalMs?: number };
  /** Sent trades kept per venue; default 100 000. */
  readonly logCapacity?: number;
  /** Levels per side of each simulated order book; default 1000 (a generated universe: 200). */
  readonly bookDepth?: number;
}
