import type { SimListing } from '../../sim-listing.js';
import type { HyperliquidAssetCtx, HyperliquidCtx } from './hyperliquid-asset-ctx.js';

/** Leverage of the coins the simulator lists, by base (the others: 10). */
const MAX_LEVERAGE: Readonly<Record<string, number>> = { BTC: 40, ETH: 25, SOL: 20 };
const DEFAULT_MAX_LEVERAGE = 10;

/** One perpetual of `meta`'s `universe`: `szDecimals`, `name`, `maxLeverage`, `marginTableId`, and `isDelisted: true` once delisted. */
export interface HyperliquidAsset {
  readonly szDecimals: number;
  readonly name: string;
  readonly maxLeverage: number;
  readonly marginTableId: number;
  readonly isDelisted?: true;
}

/** `{"type":"meta"}`'s answer: the perpetuals of the first perp dex, their margin tables, the collateral token (USDC, 0). */
export interface HyperliquidMeta {
  readonly universe: readonly HyperliquidAsset[];
  readonly marginTables: readonly (readonly [number, { readonly description: string; readonly marginTiers: readonly object[] }])[];
  readonly collateralToken: number;
}

/**
 * `POST /info {"type":"meta"}` (hyperliquid.gitbook.io `api/info-endpoint/perpetuals`, "Retrieve
 * perpetuals metadata"): every perpetual the venue ever listed, in listing order, a delisted one
 * kept with `isDelisted: true`, the fields of nautilus_trader `crates/adapters/hyperliquid/test_data/http_meta_perp_sample.json`; each
 * coin's margin table is the simple one of its leverage (id = leverage, one tier from 0).
 */
export function hyperliquidMeta(listings: readonly SimListing[]): HyperliquidMeta {
  const universe = listings.map((listing): HyperliquidAsset => {
    const maxLeverage = MAX_LEVERAGE[listing.base] ?? DEFAULT_MAX_LEVERAGE;
    const asset = { szDecimals: listing.sizeDecimals, name: listing.symbol, maxLeverage, marginTableId: maxLeverage };
    return listing.status === 'delisted' ? { ...asset, isDelisted: true } : asset;
  });
  const leverages = [...new Set(universe.map((asset) => asset.maxLeverage))].sort((a, b) => a - b);
  const marginTables = leverages.map((leverage) => [leverage, { description: '', marginTiers: [{ lowerBound: '0.0', maxLeverage: leverage }] }] as const);
  return { universe, marginTables, collateralToken: 0 };
}

/**
 * `POST /info {"type":"metaAndAssetCtxs"}`: `[meta, ctxs]`, one context per `universe` entry in the
 * same order, each as `activeAssetCtx` writes it (a coin that does not trade: no mid, premium or
 * impact prices).
 */
export function hyperliquidMetaAndAssetCtxs(listings: readonly SimListing[], ctx: HyperliquidAssetCtx): readonly [HyperliquidMeta, readonly HyperliquidCtx[]] {
  const meta = hyperliquidMeta(listings);
  return [meta, meta.universe.map((asset) => ctx.ctx(asset.name)).filter((c): c is HyperliquidCtx => c !== undefined)];
}
