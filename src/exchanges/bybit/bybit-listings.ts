import { FieldReader } from '../field-reader.js';
import type { ListingState, VenueListing } from '../../model/instrument.js';
import type { ExchangeId } from '../../model/market-record.js';
import { bybitResultList } from './bybit-result-list.js';
import type { ListingsRead } from '../rest/listings-read.js';
import { skipUnusable } from '../rest/skip-unusable.js';

/** `Trading` trades; spot lists nothing else (bybit-exchange/docs `docs/v5/market/instrument.mdx`: "Spot has `Trading` only"), so any other word reads as halted. */
export function bybitListingState(status: string): ListingState {
  return status === 'Trading' ? 'trading' : 'halted';
}

/**
 * The body of Bybit `GET /v5/market/instruments-info?category=spot`: one listing per `result.list`
 * entry, tick size from `priceFilter.tickSize`, lot step from `lotSizeFilter.basePrecision`. Spot
 * answers in one page (no `limit`/`cursor`) and only with `Trading` symbols: an instrument that
 * stops trading leaves the list. An entry without a usable tick or step is skipped and recorded;
 * a `retCode` other than 0 or a body of another shape throws `FrameParseError` naming the path.
 */
export function readBybitInstrumentsInfo(json: unknown, exchange: ExchangeId = 'bybit'): ListingsRead {
  const { values, skipped } = skipUnusable(bybitResultList(json), '$.result.list', (entry, path) => readInstrument(entry, path, exchange));
  return { listings: values, skipped };
}

function readInstrument(entry: unknown, path: string, exchange: ExchangeId): VenueListing {
  const r = FieldReader.of(entry, path);
  const symbol = r.string('symbol');
  const status = r.string('status');
  const base = r.string('baseCoin').toUpperCase();
  const quote = r.string('quoteCoin').toUpperCase();
  const tickSize = Number(r.child('priceFilter').positiveDecimal('tickSize'));
  const lotStep = Number(r.child('lotSizeFilter').positiveDecimal('basePrecision'));
  return { exchange, symbol, base, quote, state: bybitListingState(status), venueStatus: status, tickSize, lotStep };
}
