import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';

/**
 * The `products` of Coinbase `GET /api/v3/brokerage/market/products` (`{products, num_products,
 * pagination}`; every product in one page: 920 with `has_next: false` in the recorded answer). A body
 * without them (an error `{error, code, message}`) is refused at `$.products`, with the venue's message.
 */
export function coinbaseProductList(json: unknown): readonly unknown[] {
  const r = FieldReader.of(json, '$');
  if (Array.isArray(r.raw('products'))) return r.array('products');
  const said = r.optionalString('message') ?? r.optionalString('error');
  throw new FrameParseError(
    '$.products',
    said === undefined || said === '' ? 'expected an array' : `expected an array (the venue said ${JSON.stringify(said)})`,
  );
}
