import { LiquidationLog } from '../../perpetual/liquidation-log.js';
import { PerpetualMarket } from '../../perpetual/perpetual-market.js';
import { SimulatedMarket } from '../../simulated-market.js';
import type { SimVenueDefinition } from '../../sim-venue-definition.js';
import { SimVenue } from '../../sim-venue.js';
import { createVenueCounters } from '../../venue-counters.js';
import { HyperliquidAssetCtx } from './hyperliquid-asset-ctx.js';
import { DEFAULT_FAST_L2BOOK_INTERVAL_MS, DEFAULT_L2BOOK_INTERVAL_MS, HyperliquidBooks } from './hyperliquid-books.js';
import { DELISTED_COIN, hyperliquidCoin, hyperliquidCoinOf, hyperliquidCoins } from './hyperliquid-coins.js';
import { HyperliquidInfo } from './hyperliquid-info.js';
import { HYPERLIQUID_IDLE_CLOSE_MS, HyperliquidIp } from './hyperliquid-ip.js';
import { DEFAULT_HYPERLIQUID_LIMITS, type HyperliquidVenueLimits } from './hyperliquid-limits.js';
import { HyperliquidTrades } from './hyperliquid-trades.js';
import { HYPERLIQUID_WS_PATH, SimHyperliquidProtocol } from './sim-hyperliquid-protocol.js';

/** Hyperliquid's own options. */
export type HyperliquidSimOptions = {
  /** A connection that sent nothing this long is closed, ms; default 60 000 (`HYPERLIQUID_IDLE_CLOSE_MS`); 0 never. */
  readonly idleCloseMs: number;
  /** An `l2Book` without `fast` is pushed every this many ms; default 5 000 (`DEFAULT_L2BOOK_INTERVAL_MS`). */
  readonly l2BookIntervalMs: number;
  /** An `l2Book` with `fast: true` is pushed every this many ms; default 500. */
  readonly fastL2BookIntervalMs: number;
  /**
   * `activeAssetCtx` is pushed every this many ms; default 5 000: "the updates take five seconds each"
   * (ccxt/ccxt#27475, 2025-12, watching it). Not documented by Hyperliquid.
   */
  readonly assetCtxIntervalMs: number;
  /**
   * Trades of a `recentTrades` answer and of the backlog sent on a `trades` subscribe; default 10. Not
   * documented; "Fixed number of recent trades exposed by recentTrades: 10" in a public Rust client.
   */
  readonly recentTrades: number;
  /** 1 lists `kPEPE` (a thousand PEPE) beside the coins mode's coins, 0 does not; default 1. */
  readonly thousandPepe: number;
  /** 1 lists one coin delisted from the start (`FTM`, in `meta` with `isDelisted: true`), 0 does not; default 1. */
  readonly delistedCoin: number;
};

/**
 * Hyperliquid's perpetuals (the first perp dex, margined in USDC) on `/hyperliquid/ws`, named as the
 * venue names them (`BTC`, `kPEPE`): the coins mode's coins at USDC with `kPEPE` and a delisted coin;
 * trades whose `tid`s say nothing of order, a backlog first on each `trades` subscribe, `l2Book`
 * snapshots, `bbo`, `activeAssetCtx`, candles, no liquidation feed; REST `POST /info` (`meta`,
 * `metaAndAssetCtxs`, `recentTrades`) weighed against the IP's 1,200 a minute. A generated universe
 * lists none here (`POST list` adds perpetuals at run time).
 */
export const simHyperliquidVenue: SimVenueDefinition<HyperliquidSimOptions, HyperliquidVenueLimits> = {
  description: 'Hyperliquid perpetuals (BTC, kPEPE; USDC) on /hyperliquid/ws (trades with a backlog, l2Book snapshots, bbo, activeAssetCtx); REST POST /info',
  servedByDefault: false,
  seedOffset: 8,
  path: HYPERLIQUID_WS_PATH,
  restRoutes: [{ path: '/info' }],
  symbolOf: (base) => hyperliquidCoinOf(base),
  listing: { coinsQuote: 'USDC', universe: 'none' },
  limits: DEFAULT_HYPERLIQUID_LIMITS,
  options: {
    idleCloseMs: HYPERLIQUID_IDLE_CLOSE_MS,
    l2BookIntervalMs: DEFAULT_L2BOOK_INTERVAL_MS,
    fastL2BookIntervalMs: DEFAULT_FAST_L2BOOK_INTERVAL_MS,
    assetCtxIntervalMs: 5_000,
    recentTrades: 10,
    thousandPepe: 1,
    delistedCoin: 1,
  },
  flags: [
    { name: 'l2book-interval-ms', option: 'l2BookIntervalMs', help: 'Hyperliquid l2Book push interval without fast, ms (default 5000; 500 before 2026-06)' },
    { name: 'recent-trades', option: 'recentTrades', help: 'Hyperliquid trades in a recentTrades answer and a subscribe backlog (default 10)' },
  ],
  build: ({ common, seed, instruments, limits, options, booksOf }) => {
    const market = new SimulatedMarket({ symbols: hyperliquidCoins(instruments, options.thousandPepe >= 1), seed, idStep: 'sparse' });
    if (options.delistedCoin >= 1 && instruments.length > 0 && market.listing(DELISTED_COIN) === undefined) {
      market.list(hyperliquidCoin({ symbol: DELISTED_COIN, coin: DELISTED_COIN, quote: 'USDC', price: 0.7 }));
      market.setStatus(DELISTED_COIN, 'delisted');
    }
    const counters = createVenueCounters();
    const ip = new HyperliquidIp(limits);
    const perpetual = { market: new PerpetualMarket({ market, seed, clock: common.clock }), liquidations: new LiquidationLog(common.logCapacity) };
    const trades = new HyperliquidTrades(market);
    const ctx = new HyperliquidAssetCtx(market, perpetual.market);
    const books = new HyperliquidBooks({ books: booksOf(market, seed), intervalMs: options.l2BookIntervalMs, fastIntervalMs: options.fastL2BookIntervalMs });
    const protocol = new SimHyperliquidProtocol({
      market,
      trades,
      books,
      ctx,
      perpetual: perpetual.market,
      liquidations: perpetual.liquidations,
      ip,
      clock: common.clock,
      backlogTrades: options.recentTrades,
      idleCloseMs: options.idleCloseMs,
      assetCtxIntervalMs: options.assetCtxIntervalMs,
    });
    const restApi = new HyperliquidInfo({ market, trades, ctx, recentTrades: options.recentTrades, limits, counters, ip, clock: common.clock });
    return new SimVenue({ ...common, protocol, market, books, restApi, perpetual, limits, counters, pingIntervalMs: 0, maxConnectionLifetimeMs: 0 });
  },
};
