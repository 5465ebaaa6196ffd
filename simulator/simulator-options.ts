import type { SimVenueLimitOverrides } from './sim-venue-limits.js';
import type { SimUniverseConfig } from './sim-universe.js';
import type { SimVenueName } from './sim-venue-protocol.js';

/** Options of `startSimulator`; every field has a default. */
export interface SimulatorOptions {
  /** Loopback port; default 0 (any free port). The host is always 127.0.0.1. */
  readonly port?: number;
  /** Base assets of the coins mode (each on both venues at `quote`); default BTC and ETH. Ignored with `universe`. */
  readonly coins?: readonly string[];
  /** Quote asset of the coins mode; default USDT. */
  readonly quote?: string;
  /** Venues that list the coins mode's coins at another quote (`{ coinbase: 'USD' }`); default none. */
  readonly venueQuotes?: Readonly<Partial<Record<SimVenueName, string>>>;
  /**
   * A generated universe instead of `coins`: `instruments` base-quote pairs over `quotes` (default
   * USDT, USDC), shared between the venues by `shares`, trading `tradesPerSecond` in all (default
   * 2000) by a Zipf law of exponent `zipfExponent` over their ranks (see `SimUniverseConfig`); its
   * seed defaults to `seed`. Books are then created on first use and tickers pushed on change.
   */
  readonly universe?: Partial<SimUniverseConfig> & { readonly instruments: number };
  /**
   * The venues' limits, on by default with the venues' values (`DEFAULT_BINANCE_LIMITS`,
   * `DEFAULT_BYBIT_LIMITS`); per venue, fields replace the defaults (tests shrink windows and
   * amounts) and `false` turns that venue's limits off; `false` turns all off.
   */
  readonly limits?: false | SimVenueLimitOverrides;
  /**
   * The venues served; default Bybit and Binance. Coinbase (`/coinbase`) and Kraken (`/v2`) list the
   * same instruments in their own spelling (`BTC-USD`, `BTC/USD`); Bybit linear (`/v5/public/linear`)
   * and Binance USD-M (`/usdm`) list the coins mode's coins at USDT as perpetual contracts (a
   * generated universe lists none there).
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
  /** Binance server ping interval, ms; default 20 000. */
  readonly binancePingIntervalMs?: number;
  /** Binance (and Binance USD-M) forced close after this long, ms; default 0 (never; the venues' cut is 24 h). */
  readonly binanceMaxConnectionLifetimeMs?: number;
  /** Binance USD-M server ping interval, ms; default 180 000 (every 3 minutes, as documented). */
  readonly binanceUsdmPingIntervalMs?: number;
  /** Binance USD-M REST request weight allowed per minute; default 2400. */
  readonly binanceUsdmWeightPerMinute?: number;
  /** Replay these frames (NDJSON lines) to every connection of `venue` instead of generating. */
  readonly replay?: { readonly venue: SimVenueName; readonly lines: readonly string[]; readonly intervalMs?: number };
  /** Sent trades kept per venue; default 100 000. */
  readonly logCapacity?: number;
  /** Levels per side of each simulated order book; default 1000 (a generated universe: 200). */
  readonly bookDepth?: number;
  /** Binance REST request weight allowed per minute; default 6000. */
  readonly binanceWeightPerMinute?: number;
}
