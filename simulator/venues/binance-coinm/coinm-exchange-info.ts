import type { BinanceRestEndpoint } from '../binance/binance-depth-rest.js';
import { scaledDecimal } from '../../scaled-decimal.js';
import type { ListingStatus, SimListing } from '../../sim-listing.js';
import type { SimulatedMarket } from '../../simulated-market.js';
import { isPerpetual, pairOf } from './coinm-contracts.js';

/** A perpetual's `deliveryDate` on Binance (2100-12-25, as USD-M's). */
const PERPETUAL_DELIVERY = 4133404800000;
const ONBOARD_DATE = 1597042800000;

/** How COIN-M names a contract's status (`contractStatus`: TRADING, SETTLING, CLOSE, PENDING_TRADING, ...). */
function coinmStatus(status: ListingStatus): string {
  return status === 'trading' ? 'TRADING' : status === 'delisted' ? 'CLOSE' : 'SETTLING';
}

/** One `symbols[]` entry in the COIN-M "Exchange Information" example's field order. */
function coinmSymbolInfo(listing: SimListing, contractSize: number, deliveryDate: number, status: string): Record<string, unknown> {
  const d = listing.priceDecimals;
  const tick = scaledDecimal(1, d);
  return {
    symbol: listing.symbol,
    pair: pairOf(listing.symbol),
    contractType: isPerpetual(listing.symbol) ? 'PERPETUAL' : 'CURRENT_QUARTER',
    deliveryDate,
    onboardDate: ONBOARD_DATE,
    contractStatus: status,
    contractSize,
    marginAsset: listing.base,
    maintMarginPercent: '2.5000',
    requiredMarginPercent: '5.0000',
    baseAsset: listing.base,
    quoteAsset: 'USD',
    pricePrecision: d,
    quantityPrecision: 0,
    baseAssetPrecision: 8,
    quotePrecision: 8,
    equalQtyPrecision: 4,
    triggerProtect: '0.0500',
    underlyingType: 'COIN',
    underlyingSubType: [],
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: tick, maxPrice: (1_000_000).toFixed(d), tickSize: tick },
      { filterType: 'LOT_SIZE', stepSize: '1', maxQty: '1000000', minQty: '1' },
      { filterType: 'MARKET_LOT_SIZE', stepSize: '1', maxQty: '60', minQty: '1' },
      { filterType: 'MAX_NUM_ORDERS', limit: 200 },
      { filterType: 'PERCENT_PRICE', multiplierUp: '1.0500', multiplierDown: '0.9500', multiplierDecimal: '4' },
    ],
    orderTypes: ['LIMIT', 'MARKET', 'STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET', 'TRAILING_STOP_MARKET'],
    timeInForce: ['GTC', 'IOC', 'FOK', 'GTX'],
  };
}

/**
 * `GET /dapi/v1/exchangeInfo` (weight 1): every contract of the market, each perpetual `PERPETUAL` and the
 * quarterly `CURRENT_QUARTER` with its `deliveryDate`, `contractSize` its USD value; plus a perpetual not
 * yet trading (`NEWUSD_PERP`, `PENDING_TRADING`), so that a client must filter by `contractStatus`.
 */
export function coinmExchangeInfoEndpoint(
  market: SimulatedMarket,
  contractUsd: (symbol: string) => number,
  deliveryOf: (symbol: string) => number,
  weightPerMinute: () => number,
): BinanceRestEndpoint {
  const symbols = (): Record<string, unknown>[] => {
    const listings = market.listings();
    const entries = listings.map((listing) =>
      coinmSymbolInfo(
        listing,
        contractUsd(listing.symbol),
        isPerpetual(listing.symbol) ? PERPETUAL_DELIVERY : deliveryOf(listing.symbol),
        coinmStatus(listing.status),
      ),
    );
    const first = listings[0];
    if (first === undefined) return entries;
    const pending: SimListing = { ...first, symbol: 'NEWUSD_PERP', base: 'NEW', priceDecimals: 4 };
    return [...entries, coinmSymbolInfo(pending, 10, PERPETUAL_DELIVERY, 'PENDING_TRADING')];
  };
  const head = (now: number) => ({
    timezone: 'UTC',
    serverTime: now,
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: weightPerMinute() },
      { rateLimitType: 'ORDERS', interval: 'MINUTE', intervalNum: 1, limit: 1200 },
    ],
    exchangeFilters: [],
  });
  return {
    path: '/dapi/v1/exchangeInfo',
    weight: () => 1,
    answer: (_query, now) => ({ status: 200, body: { ...head(now), symbols: symbols() } }),
    emptyList: (now) => ({ status: 200, text: JSON.stringify({ ...head(now), symbols: [] }) }),
  };
}
