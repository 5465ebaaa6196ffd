import type { VenueListing } from '../../model/instrument.js';
import type { ExchangeId } from '../../model/market-record.js';
import { FieldReader, isJsonObject } from '../field-reader.js';
import type { ListingsRead } from '../rest/listings-read.js';
import { splitSymbol, type SymbolParts } from '../split-symbol.js';
import { skipUnusable } from '../rest/skip-unusable.js';
import { bybitListingState } from './bybit-listings.js';
import { bybitResultList } from './bybit-result-list.js';

/** Path of the first page of linear instruments: 1,000 a page, the most Bybit serves (`docs/v5/market/instrument.mdx`). */
export const BYBIT_LINEAR_INSTRUMENTS_PATH = '/v5/market/instruments-info?category=linear&limit=1000';

/** The contract type of a perpetual; `LinearFutures` are dated futures, delivered on a day, not this market. */
const PERPETUAL = 'LinearPerpetual';

/**
 * One page of Bybit `GET /v5/market/instruments-info?category=linear`: one listing per perpetual
 * (`contractType: LinearPerpetual`, USDT and USDC settled alike: USDC ones are named `<BASE>PERP`),
 * base from `baseCoin`, quote from `quoteCoin`, tick size from `priceFilter.tickSize`, lot step from
 * `lotSizeFilter.qtyStep`; dated `LinearFutures` are left out. `Trading` trades; the answer holds nothing
 * else unless asked for by `status` (instrument.mdx: linear "by default returns only `Trading` symbols"),
 * so a perpetual that stops trading (`Delivering` before its delisting, `Closed`) leaves the list, and a
 * pre-market one (`PreLaunch`, in call auction) is not in it; one met anyway is listed but not trading:
 * halted. An entry without a usable type, tick or step is skipped and recorded; a `retCode` other than 0
 * or a body of another shape throws `FrameParseError` naming the path.
 */
export function readBybitLinearInstrumentsInfo(json: unknown, exchange: ExchangeId = 'bybit_linear'): ListingsRead {
  const { values, skipped } = skipUnusable(bybitResultList(json), '$.result.list', (entry, path) => readInstrument(entry, path, exchange));
  return { listings: values.filter((listing): listing is VenueListing => listing !== undefined), skipped };
}

function readInstrument(entry: unknown, path: string, exchange: ExchangeId): VenueListing | undefined {
  const r = FieldReader.of(entry, path);
  if (r.string('contractType') !== PERPETUAL) return undefined;
  const symbol = r.string('symbol');
  const status = r.string('status');
  const base = r.string('baseCoin').toUpperCase();
  const quote = r.string('quoteCoin').toUpperCase();
  const tickSize = Number(r.child('priceFilter').positiveDecimal('tickSize'));
  const lotStep = Number(r.child('lotSizeFilter').positiveDecimal('qtyStep'));
  return { exchange, symbol, base, quote, state: bybitListingState(status), venueStatus: status, tickSize, lotStep };
}

/** A USDC perpetual's symbol: its base and `PERP` (`BTCPERP`, `ETHPERP`; `quoteCoin` and `settleCoin` USDC). */
const USDC_PERPETUAL = /^([A-Z0-9]+)PERP$/;

/**
 * A linear symbol's base and quote without the list at hand: a USDC perpetual's (`BTCPERP`: BTC, USDC)
 * by its name, the others (`BTCUSDT`, `1000PEPEUSDT`) by their quote suffix.
 */
export function splitBybitLinearSymbol(symbol: string): SymbolParts | undefined {
  const usdc = USDC_PERPETUAL.exec(symbol.toUpperCase());
  return usdc === null ? splitSymbol(symbol) : { coin: usdc[1] ?? '', quote: 'USDC' };
}

/** A cursor Bybit sends already percent-encoded (`first%3DBIOUSDT%26last%3DBIOUSDT`), passed on as it is. */
const URL_SAFE = /^[A-Za-z0-9%._~-]+$/;

/**
 * The path of the page after one read at `path`: the same query with `cursor` set to the answer's
 * `result.nextPageCursor`; `undefined` when that is empty or absent (the last page answers `""`).
 */
export function bybitLinearNextPage(json: unknown, path: string): string | undefined {
  const result = isJsonObject(json) ? json['result'] : undefined;
  const cursor = isJsonObject(result) ? result['nextPageCursor'] : undefined;
  if (typeof cursor !== 'string' || cursor === '') return undefined;
  const query = path.replace(/&cursor=[^&]*/, '');
  return `${query}&cursor=${URL_SAFE.test(cursor) ? cursor : encodeURIComponent(cursor)}`;
}
