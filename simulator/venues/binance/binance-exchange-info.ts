import type { BinanceRestEndpoint } from './binance-depth-rest.js';
import { binanceStatus, binanceSymbolQuery } from './binance-symbol-query.js';
import { paddedDecimal, scaledDecimal } from '../../scaled-decimal.js';
import type { SimListing } from '../../sim-listing.js';
import type { SimulatedMarket } from '../../simulated-market.js';

/** `GET /api/v3/exchangeInfo` weighs 20 whatever is asked (rest-api.md "Exchange information"). */
export const BINANCE_EXCHANGE_INFO_WEIGHT = 20;

const ORDER_TYPES = ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'];

/** A step `10^-decimals` as Binance writes decimals: at least 8 places (`0.01000000`). */
export function binanceStep(decimals: number): string {
  return paddedDecimal(scaledDecimal(1, Math.max(0, decimals)), 8);
}

/**
 * One `symbols[]` entry in the documented shape (rest-api.md example): status as Binance names it,
 * the tick size in PRICE_FILTER and the lot step in LOT_SIZE (filters.md), the other fields as a
 * plain spot pair has them.
 */
export function binanceSymbolInfo(listing: SimListing): Record<string, unknown> {
  const tick = binanceStep(listing.priceDecimals);
  const step = binanceStep(listing.sizeDecimals);
  return {
    symbol: listing.symbol,
    status: binanceStatus(listing.status),
    baseAsset: listing.base,
    baseAssetPrecision: 8,
    quoteAsset: listing.quote,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    baseCommissionPrecision: 8,
    quoteCommissionPrecision: 8,
    orderTypes: ORDER_TYPES,
    icebergAllowed: true,
    ocoAllowed: true,
    otoAllowed: true,
    opoAllowed: true,
    quoteOrderQtyMarketAllowed: true,
    allowTrailingStop: true,
    cancelReplaceAllowed: true,
    amendAllowed: true,
    pegInstructionsAllowed: true,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: tick, maxPrice: '1000000.00000000', tickSize: tick },
      { filterType: 'LOT_SIZE', minQty: step, maxQty: '9000000.00000000', stepSize: step },
    ],
    permissions: [],
    permissionSets: [['SPOT']],
    defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
    allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH', 'DECREMENT'],
  };
}

/**
 * Binance spot `GET /api/v3/exchangeInfo` over a venue's listings: every listing (a delisted pair as
 * BREAK, as Binance keeps them), or those of `symbol`, `symbols` or `symbolStatus`; the top-level
 * fields of the documented example, `rateLimits` holding the request-weight limit in force. The
 * symbols' JSON is cached per listings version: a 2,600-symbol answer is a few MB.
 */
export function binanceExchangeInfoEndpoint(market: SimulatedMarket, weightPerMinute: () => number): BinanceRestEndpoint {
  let cache: { readonly version: number; readonly json: ReadonlyMap<string, string> } | undefined;
  const jsonOf = (listing: SimListing): string => {
    if (cache?.version !== market.version)
      cache = { version: market.version, json: new Map(market.listings().map((l) => [l.symbol, JSON.stringify(binanceSymbolInfo(l))])) };
    return cache.json.get(listing.symbol) ?? JSON.stringify(binanceSymbolInfo(listing));
  };
  return {
    path: '/api/v3/exchangeInfo',
    weight: () => BINANCE_EXCHANGE_INFO_WEIGHT,
    answer: (query, now) => {
      const selected = binanceSymbolQuery(market, query);
      if ('status' in selected) return selected;
      return { status: 200, text: `${head(now)}${selected.listings.map(jsonOf).join(',')}]}` };
    },
    emptyList: (now) => ({ status: 200, text: `${head(now)}]}` }),
  };

  /** The answer up to the symbols' array: the limits of enums.md "Rate limiters", the request weight as configured. */
  function head(now: number): string {
    const rateLimits = [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: weightPerMinute() },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 1, limit: 10 },
      { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
    ];
    return `{"timezone":"UTC","serverTime":${now},"rateLimits":${JSON.stringify(rateLimits)},"exchangeFilters":[],"symbols":[`;
  }
}
