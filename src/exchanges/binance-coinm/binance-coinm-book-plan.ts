import { defer, filter, map, tap, type OperatorFunction } from 'rxjs';
import type { BookLevel } from '../../model/order-book.js';
import type { BookPlan } from '../book-sync.js';
import type { BookInput, BookOutput, BookUpdate } from '../book-update.js';
import { binanceBookPlan, type BinanceBookPlanConfig, type BinanceDepthMarket } from '../binance/binance-book-plan.js';
import type { BinanceUsdmFrame } from '../binance-usdm/binance-usdm-frames.js';
import { binanceUsdmDepthWeight, mapBinanceUsdmDepthFrame } from '../binance-usdm/binance-usdm-book-plan.js';
import type { MapperContext } from '../mapper-context.js';
import { coinmBase, contractSizeOf } from './binance-coinm-contracts.js';

/** The diff-depth stream COIN-M's books follow: every 100 ms. */
export const BINANCE_COINM_DEPTH_CHANNEL = 'depth@100ms';

/** Levels per side of a COIN-M depth snapshot: 1000, the deepest (`limit` takes 5, 10, 20, 50, 100, 500 or 1000). */
export const BINANCE_COINM_SNAPSHOT_LIMIT = 1000;

/**
 * COIN-M's snapshots (`GET /dapi/v1/depth`, "Order Book": weight 2 up to 50 levels, 5 at 100, 10 at 500,
 * 20 at 1000, as USD-M's) and its local-book rule, the derivatives' `pu` chain (a delta's `pu` is the
 * previous delta's `u`; the first applied one holds the snapshot's `lastUpdateId` between `U` and `u`).
 */
export const BINANCE_COINM_DEPTH: BinanceDepthMarket = { path: '/dapi/v1/depth', weight: binanceUsdmDepthWeight, rule: () => 'futures' };

/** A COIN-M book delta in contracts, with the contract size (USD) its symbol's listing gives. */
export interface CoinmBookUpdate extends BookUpdate {
  readonly contractSize: number;
}

function isCoinmUpdate(input: BookInput): input is CoinmBookUpdate {
  return input.type === 'book_update' && 'contractSize' in input && typeof input.contractSize === 'number';
}

/** A COIN-M `depthUpdate` as a chained book delta in contracts (USD-M's mapping), with its symbol's contract size; none when that is unknown. */
export function binanceCoinmDepthUpdates(frame: BinanceUsdmFrame, receivedTs: number, context?: MapperContext): readonly CoinmBookUpdate[] {
  if (frame.kind !== 'depth' || context === undefined) return [];
  const contractSize = contractSizeOf(frame.s, context);
  return contractSize === undefined ? [] : [{ ...mapBinanceUsdmDepthFrame(frame, receivedTs), contractSize }];
}

/** A level of contracts told in the coin: its contracts' USD over its own price. */
const inCoin = (levels: readonly BookLevel[], contractSize: number): readonly BookLevel[] =>
  levels.map((level) => ({ price: level.price, size: coinmBase(level.size, contractSize, level.price) }));

/**
 * The sync's outputs with each view's levels told in the coin, the contract size of each symbol learnt
 * from its deltas (a book's snapshot is asked for only after a delta of it came, so its size is known
 * by then); a view of a symbol whose size is unknown is not published. Per subscription.
 */
export function coinmViews(sync: OperatorFunction<BookInput, BookOutput>): OperatorFunction<BookInput, BookOutput> {
  return (inputs) =>
    defer(() => {
      const sizes = new Map<string, number>();
      return inputs.pipe(
        tap((input) => {
          if (isCoinmUpdate(input)) sizes.set(input.symbol, input.contractSize);
        }),
        sync,
        map((output): BookOutput | undefined => {
          if (output.type !== 'book_view') return output;
          const size = sizes.get(output.symbol);
          return size === undefined ? undefined : { ...output, bids: inCoin(output.bids, size), asks: inCoin(output.asks, size) };
        }),
        filter((output): output is BookOutput => output !== undefined),
      );
    });
}

/**
 * COIN-M's books: `<sym>@depth@100ms` deltas kept in contracts by the Binance family's sync (buffer,
 * paced snapshot, resync on a gap or a crossed book) under the futures rule, with
 * `GET /dapi/v1/depth?limit=1000` snapshots (weight 20; 100 levels, weight 5, while snapshots queue past
 * a minute of the budget); each published view told in the coin, a level's contracts over its price.
 */
export function binanceCoinmBookPlan(config: Partial<Omit<BinanceBookPlanConfig, 'market' | 'channel' | 'snapshotLimit'>> = {}): BookPlan<BinanceUsdmFrame> {
  const plan = binanceBookPlan({ ...config, market: BINANCE_COINM_DEPTH, channel: BINANCE_COINM_DEPTH_CHANNEL, snapshotLimit: BINANCE_COINM_SNAPSHOT_LIMIT });
  return {
    channel: plan.channel,
    updates: binanceCoinmDepthUpdates,
    refusedSymbols: (text) => plan.refusedSymbols(text),
    sync: (context) => coinmViews(plan.sync(context)),
  };
}
