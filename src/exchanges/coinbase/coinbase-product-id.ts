import type { SymbolParts } from '../split-symbol.js';

/** Coinbase's product id of an instrument: `BTC-USD`. */
export function coinbaseProductId(coin: string, quote: string): string {
  return `${coin.toUpperCase()}-${quote.toUpperCase()}`;
}

const PRODUCT_ID = /^([A-Z0-9]+)-([A-Z0-9]+)$/;

/** Base and quote of a product id (`BTC-USD` -> BTC, USD); `undefined` for anything else. */
export function coinbaseProductParts(productId: string): SymbolParts | undefined {
  const m = PRODUCT_ID.exec(productId.toUpperCase());
  return m === null || m[1] === undefined || m[2] === undefined ? undefined : { coin: m[1], quote: m[2] };
}
