import type { BinanceRestEndpoint } from '../binance/binance-depth-rest.js';
import { nextQuarterlyDelivery } from '../../perpetual/quarterly-delivery.js';
import { scaledDecimal } from '../../scaled-decimal.js';
import type { ListingStatus, SimListing } from '../../sim-listing.js';
import type { SimulatedMarket } from '../../simulated-market.js';

/** How USD-M names a contract's status (enums: TRADING, SETTLING, CLOSE, PENDING_TRADING, ...). */
function usdmStatus(status: ListingStatus): string {
  return status === 'trading' ? 'TRADING' : status === 'delisted' ? 'CLOSE' : 'SETTLING';
}

/** A contract as `exchangeInfo` lists it. */
interface UsdmContract {
  readonly listing: SimListing;
  readonly symbol: string;
  readonly contractType: 'PERPETUAL' | 'CURRENT_QUARTER';
  readonly status: string;
  readonly deliveryDate: number;
}

/** A perpetual's `deliveryDate` on Binance (the documented example's 4133404800000, 2100-12-25). */
const PERPETUAL_DELIVERY = 4133404800000;
const ONBOARD_DATE = 1569398400000;

const step = (decimals: number): string => scaledDecimal(1, decimals);

/** One `symbols[]` entry in the documented USD-M field order (the Exchange Information example), with PRICE_FILTER and LOT_SIZE. */
function usdmSymbolInfo(contract: UsdmContract): Record<string, unknown> {
  const { listing } = contract;
  const d = listing.priceDecimals;
  const s = listing.sizeDecimals;
  return {
    symbol: contract.symbol,
    pair: listing.symbol,
    contractType: contract.contractType,
    deliveryDate: contract.deliveryDate,
    onboardDate: ONBOARD_DATE,
    status: contract.status,
    maintMarginPercent: '2.5000',
    requiredMarginPercent: '5.0000',
    baseAsset: listing.base,
    quoteAsset: listing.quote,
    marginAsset: listing.quote,
    pricePrecision: d,
    quantityPrecision: s,
    baseAssetPrecision: 8,
    quotePrecision: 8,
    underlyingType: 'COIN',
    underlyingSubType: [],
    settlePlan: 0,
    triggerProtect: '0.0500',
    liquidationFee: '0.012500',
    marketTakeBound: '0.05',
    maxMoveOrderLimit: 10000,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: step(d), maxPrice: (1_000_000).toFixed(d), tickSize: step(d) },
      { filterType: 'LOT_SIZE', minQty: step(s), maxQty: (1000).toFixed(s), stepSize: step(s) },
      { filterType: 'MARKET_LOT_SIZE', minQty: step(s), maxQty: (120).toFixed(s), stepSize: step(s) },
      { filterType: 'MAX_NUM_ORDERS', limit: 200 },
      { filterType: 'MAX_NUM_ALGO_ORDERS', limit: 10 },
      { filterType: 'MIN_NOTIONAL', notional: '5' },
      { filterType: 'PERCENT_PRICE', multiplierUp: '1.0500', multiplierDown: '0.9500', multiplierDecimal: '4' },
    ],
    orderTypes: ['LIMIT', 'MARKET', 'STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET', 'TRAILING_STOP_MARKET'],
    timeInForce: ['GTC', 'IOC', 'FOK', 'GTX', 'GTD'],
  };
}

/** The quarterly contract's symbol: `BTCUSDT_261225`, as Binance names its USD-M deliveries. */
function quarterlySymbol(symbol: string, delivery: number): string {
  const date = new Date(delivery);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${symbol}_${two(date.getUTCFullYear() % 100)}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}`;
}

/**
 * `GET /fapi/v1/exchangeInfo` (weight 1): every contract of the market as `PERPETUAL` (a halted one
 * `SETTLING`, a delisted one `CLOSE`, as Binance keeps them listed), plus a `CURRENT_QUARTER` contract
 * on the first coin (`BTCUSDT_261225`) and a perpetual not yet trading (`NEWUSDT`, `PENDING_TRADING`),
 * so that a client must filter by `contractType` and `status`. Neither extra trades here.
 */
export function usdmExchangeInfoEndpoint(market: SimulatedMarket, weightPerMinute: () => number): BinanceRestEndpoint {
  const contracts = (now: number): UsdmContract[] => {
    const listings = market.listings();
    const perpetuals = listings.map((listing): UsdmContract => ({
      listing,
      symbol: listing.symbol,
      contractType: 'PERPETUAL',
      status: usdmStatus(listing.status),
      deliveryDate: PERPETUAL_DELIVERY,
    }));
    const first = listings[0];
    if (first === undefined) return perpetuals;
    const delivery = nextQuarterlyDelivery(now);
    const pending: SimListing = { ...first, symbol: `NEW${first.quote}`, base: 'NEW', priceDecimals: 4, sizeDecimals: 0 };
    return [
      ...perpetuals,
      { listing: first, symbol: quarterlySymbol(first.symbol, delivery), contractType: 'CURRENT_QUARTER', status: 'TRADING', deliveryDate: delivery },
      { listing: pending, symbol: pending.symbol, contractType: 'PERPETUAL', status: 'PENDING_TRADING', deliveryDate: PERPETUAL_DELIVERY },
    ];
  };
  const head = (now: number) => ({
    timezone: 'UTC',
    serverTime: now,
    futuresType: 'U_MARGINED',
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: weightPerMinute() },
      { rateLimitType: 'ORDERS', interval: 'MINUTE', intervalNum: 1, limit: 1200 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 300 },
    ],
    exchangeFilters: [],
    assets: [{ asset: 'USDT', marginAvailable: true, autoAssetExchange: '-10000' }],
  });
  return {
    path: '/fapi/v1/exchangeInfo',
    weight: () => 1,
    answer: (_query, now) => ({ status: 200, body: { ...head(now), symbols: contracts(now).map(usdmSymbolInfo) } }),
    emptyList: (now) => ({ status: 200, text: JSON.stringify({ ...head(now), symbols: [] }) }),
  };
}
