import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { ListingState, VenueListing } from '../../model/instrument.js';
import type { ExchangeId } from '../../model/market-record.js';
import type { ListingsRead } from '../rest/listings-read.js';
import { skipUnusable } from '../rest/skip-unusable.js';

/**
 * A Binance symbol status as a listing state: `TRADING` trades; `HALT`, `BREAK`, `END_OF_DAY`,
 * `CANCEL_ONLY` (binance-spot-api-docs `enums.md`, "Symbol status") and any word added later are
 * halted, so a status we do not know never passes for trading.
 */
export function binanceListingState(status: string): ListingState {
  return status === 'TRADING' ? 'trading' : 'halted';
}

/**
 * The body of Binance `GET /api/v3/exchangeInfo` (Binance, Binance US and the spot testnet share
 * it): every symbol of `symbols[]` whatever its status, the tick size from its `PRICE_FILTER`
 * `tickSize` and the lot step from its `LOT_SIZE` `stepSize` (`filters.md`). A symbol without a
 * usable tick or step (missing, or 0, which the docs call "disabled") is skipped and recorded.
 * Throws `FrameParseError` naming the path when the body itself is not that shape.
 */
export function readBinanceExchangeInfo(json: unknown, exchange: ExchangeId): ListingsRead {
  const symbols = FieldReader.of(json, '$').array('symbols');
  const { values, skipped } = skipUnusable(symbols, '$.symbols', (entry, path) => readBinanceListing(entry, path, exchange));
  return { listings: values, skipped };
}

/**
 * One entry of `symbols[]` as a listing: its status as a listing state (`TRADING` trades, any other
 * status is halted), tick size from `PRICE_FILTER` `tickSize`, lot step from `LOT_SIZE` `stepSize`.
 * Throws `FrameParseError` naming the path of what it refuses. USD-M's `exchangeInfo` entries share it.
 */
export function readBinanceListing(entry: unknown, path: string, exchange: ExchangeId): VenueListing {
  const r = FieldReader.of(entry, path);
  const symbol = r.string('symbol');
  const status = r.string('status');
  const base = r.string('baseAsset').toUpperCase();
  const quote = r.string('quoteAsset').toUpperCase();
  const filters = r.array('filters');
  const tickSize = filterDecimal(filters, `${path}.filters`, 'PRICE_FILTER', 'tickSize');
  const lotStep = filterDecimal(filters, `${path}.filters`, 'LOT_SIZE', 'stepSize');
  return { exchange, symbol, base, quote, state: binanceListingState(status), venueStatus: status, tickSize, lotStep };
}

/** The positive decimal `field` of the filter of type `type`. */
function filterDecimal(filters: readonly unknown[], path: string, type: string, field: string): number {
  const at = filters.findIndex((filter, n) => FieldReader.of(filter, `${path}[${n}]`).optionalString('filterType') === type);
  if (at < 0) throw new FrameParseError(path, `no ${type} filter`);
  return Number(FieldReader.of(filters[at], `${path}[${at}]`).positiveDecimal(field));
}
