import type { BookPlan } from '../book-sync.js';
import type { BookUpdate } from '../book-update.js';
import { binanceBookPlan, type BinanceBookPlanConfig, type BinanceDepthMarket } from '../binance/binance-book-plan.js';
import { mapBinanceDepthFrame } from '../binance/binance-book-mappers.js';
import type { ChainedBookUpdate } from '../binance/binance-book-sequencer.js';
import type { BinanceUsdmDepthFrame, BinanceUsdmFrame } from './binance-usdm-frames.js';

/** The diff-depth stream USD-M's books follow: every 100 ms, on the `/public` route. */
export const BINANCE_USDM_DEPTH_CHANNEL = 'depth@100ms';

/** Levels per side of a USD-M depth snapshot: 1000, the deepest (`limit` takes 5, 10, 20, 50, 100, 500 or 1000). */
export const BINANCE_USDM_SNAPSHOT_LIMIT = 1000;

/** Request weight of `GET /fapi/v1/depth` by `limit` (USD-M "Order Book"): 2 up to 50, 5 at 100, 10 at 500, 20 at 1000. */
export function binanceUsdmDepthWeight(limit: number): number {
  if (limit <= 50) return 2;
  if (limit <= 100) return 5;
  if (limit <= 500) return 10;
  return 20;
}

/** USD-M's snapshots (`GET /fapi/v1/depth`) and its local-book rule, the derivatives' `pu` chain. */
export const BINANCE_USDM_DEPTH: BinanceDepthMarket = { path: '/fapi/v1/depth', weight: binanceUsdmDepthWeight, rule: () => 'futures' };

/** A USD-M `depthUpdate` as a chained book delta: spot's delta (`U`, `u`, venue time `E`) with `previousUpdateId` = `pu`. */
export function mapBinanceUsdmDepthFrame(frame: BinanceUsdmDepthFrame, receivedTs: number): ChainedBookUpdate {
  return { ...mapBinanceDepthFrame(frame, receivedTs), previousUpdateId: frame.pu };
}

/**
 * USD-M's books: `<sym>@depth@100ms` deltas kept by the Binance family's sync (buffer, paced snapshot,
 * resync on a gap or a crossed book) under the futures rule, with `GET /fapi/v1/depth?limit=1000`
 * snapshots (weight 20; 100 levels, weight 5, while snapshots queue past a minute of the budget).
 */
export function binanceUsdmBookPlan(config: Partial<Omit<BinanceBookPlanConfig, 'market' | 'channel' | 'snapshotLimit'>> = {}): BookPlan<BinanceUsdmFrame> {
  const plan = binanceBookPlan({ ...config, market: BINANCE_USDM_DEPTH, channel: BINANCE_USDM_DEPTH_CHANNEL, snapshotLimit: BINANCE_USDM_SNAPSHOT_LIMIT });
  return {
    channel: plan.channel,
    updates: (frame, receivedTs): readonly BookUpdate[] => (frame.kind === 'depth' ? [mapBinanceUsdmDepthFrame(frame, receivedTs)] : []),
    refusedSymbols: (text) => plan.refusedSymbols(text),
    sync: (context) => plan.sync(context),
  };
}
