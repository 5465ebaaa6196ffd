import { FieldReader } from '../field-reader.js';
import type { QuoteVolumes } from '../rest/quote-volumes.js';
import { skipUnusable } from '../rest/skip-unusable.js';
import { coinbaseProductList } from './coinbase-product-list.js';

/**
 * 24 h quote volume per product from the same `GET /api/v3/brokerage/market/products` body:
 * `approximate_quote_24h_volume`. Products left out of the listings (not `SPOT`, or an `alias` of
 * another) are left out here too, so the USD and USDC names of one book are never both counted. An
 * entry without a usable volume (an empty string on some delisted products) is skipped and recorded.
 */
export function readCoinbaseQuoteVolumes(json: unknown): QuoteVolumes {
  const { values, skipped } = skipUnusable(coinbaseProductList(json), '$.products', (entry, path) => {
    const r = FieldReader.of(entry, path);
    if (r.raw('product_type') !== 'SPOT' || (r.optionalString('alias') ?? '') !== '') return undefined;
    return [r.string('product_id'), Number(r.nonNegativeDecimal('approximate_quote_24h_volume'))] as const;
  });
  return { volumes: new Map(values.filter((value) => value !== undefined)), skipped };
}
