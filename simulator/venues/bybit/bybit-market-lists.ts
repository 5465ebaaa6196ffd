import { scaledDecimal, trimmedDecimal } from '../../scaled-decimal.js';
import type { SimListing } from '../../sim-listing.js';
import type { SymbolState } from '../../simulated-market.js';

/** A step `10^-decimals` as Bybit writes decimals: no trailing zeros (`0.01`, `1`). */
export function bybitStep(decimals: number): string {
  return trimmedDecimal(scaledDecimal(1, Math.max(0, decimals)));
}

/** A decimal number as Bybit writes it: up to `decimals` places, no trailing zeros. */
const bybitNumber = (value: number, decimals: number): string => trimmedDecimal(value.toFixed(decimals));

/**
 * One `result.list[]` entry of `GET /v5/market/instruments-info?category=spot`, keys in the order of
 * the documented spot example (docs/v5/market/instrument.mdx): the tick size in
 * `priceFilter.tickSize`, the lot step in `lotSizeFilter.basePrecision`.
 */
export function bybitInstrumentInfo(listing: SimListing): Record<string, unknown> {
  return {
    symbolId: listing.index + 1,
    symbol: listing.symbol,
    baseCoin: listing.base,
    quoteCoin: listing.quote,
    innovation: '0',
    status: 'Trading',
    marginTrading: 'none',
    stTag: '0',
    lotSizeFilter: {
      basePrecision: bybitStep(listing.sizeDecimals),
      quotePrecision: '0.00000001',
      minOrderQty: bybitStep(listing.sizeDecimals),
      maxOrderQty: '9000000',
      minOrderAmt: '5',
      maxOrderAmt: '8000000',
      maxLimitOrderQty: '9000000',
      maxMarketOrderQty: '4500000',
      postOnlyMaxLimitOrderSize: '60000',
    },
    priceFilter: { tickSize: bybitStep(listing.priceDecimals) },
    riskParameters: { priceLimitRatioX: '0.005', priceLimitRatioY: '0.01' },
    symbolType: '',
  };
}

/** One `result.list[]` entry of `GET /v5/market/tickers?category=spot` (docs/v5/market/tickers.mdx, spot). */
export function bybitMarketTicker(state: SymbolState, sizeDecimals: number): Record<string, string> {
  const d = state.priceDecimals;
  return {
    symbol: state.symbol,
    bid1Price: bybitNumber(state.bid, d),
    bid1Size: bybitNumber(state.bidSize, Math.max(4, sizeDecimals)),
    ask1Price: bybitNumber(state.ask, d),
    ask1Size: bybitNumber(state.askSize, Math.max(4, sizeDecimals)),
    lastPrice: bybitNumber(state.last, d),
    prevPrice24h: bybitNumber(state.open, d),
    price24hPcnt: ((state.last - state.open) / state.open).toFixed(4),
    highPrice24h: bybitNumber(state.high, d),
    lowPrice24h: bybitNumber(state.low, d),
    turnover24h: bybitNumber(state.turnover, 8),
    volume24h: bybitNumber(state.volume, sizeDecimals),
    usdIndexPrice: '',
  };
}
