import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { ListingState, VenueListing } from '../../model/instrument.js';
import type { ExchangeId } from '../../model/market-record.js';
import type { ListingsRead } from '../rest/listings-read.js';
import { skipUnusable } from '../rest/skip-unusable.js';
import { coinbaseProductList } from './coinbase-product-list.js';

/** Flags that stop a product's trading (`limit_only` and `post_only` still trade). */
const STOPPING_FLAGS = ['trading_disabled', 'is_disabled', 'cancel_only', 'view_only'] as const;

/** `online` with no stopping flag trades; anything else (`delisted`, or online but disabled) is halted. */
export function coinbaseListingState(status: string, flags: readonly string[]): ListingState {
  return status === 'online' && flags.length === 0 ? 'trading' : 'halted';
}

/**
 * The body of Coinbase `GET /api/v3/brokerage/market/products`: one listing per `SPOT` product (others
 * are left out), symbol `product_id`, base and quote `base_currency_id`/`quote_currency_id`, tick size
 * `price_increment`, lot step `base_increment`; `venueStatus` is `status` with any stopping flag
 * (`online, trading_disabled`). A product with an `alias` (`BTC-USDC` aliasing `BTC-USD`) is skipped and
 * recorded: Coinbase serves its market data as the aliased product, under that product's id. An entry
 * without a usable field is skipped and recorded too; a body of another shape throws `FrameParseError`.
 */
export function readCoinbaseProducts(json: unknown, exchange: ExchangeId = 'coinbase'): ListingsRead {
  const { values, skipped } = skipUnusable(coinbaseProductList(json), '$.products', (entry, path) => readProduct(entry, path, exchange));
  return { listings: values.filter((listing) => listing !== undefined), skipped };
}

function readProduct(entry: unknown, path: string, exchange: ExchangeId): VenueListing | undefined {
  const r = FieldReader.of(entry, path);
  if (r.raw('product_type') !== 'SPOT') return undefined;
  const symbol = r.string('product_id');
  const alias = r.optionalString('alias') ?? '';
  if (alias !== '') throw new FrameParseError(`${path}.alias`, `${symbol} is an alias of ${alias}, whose frames Coinbase sends for it: listed as ${alias}`);
  const base = r.string('base_currency_id').toUpperCase();
  const quote = r.string('quote_currency_id').toUpperCase();
  const status = r.string('status');
  const flags = STOPPING_FLAGS.filter((flag) => r.raw(flag) === true);
  const tickSize = Number(r.positiveDecimal('price_increment'));
  const lotStep = Number(r.positiveDecimal('base_increment'));
  const venueStatus = [status, ...flags].join(', ');
  return { exchange, symbol, base, quote, state: coinbaseListingState(status, flags), venueStatus, tickSize, lotStep };
}
