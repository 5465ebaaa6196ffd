import { inverseFutureKey, type VenueListing } from '../../model/instrument.js';
import type { ExchangeId } from '../../model/market-record.js';
import { binanceListingState } from '../binance/binance-listings.js';
import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { ListingsRead } from '../rest/listings-read.js';
import type { QuoteVolumes } from '../rest/quote-volumes.js';
import { skipUnusable } from '../rest/skip-unusable.js';

/** The currency COIN-M contracts are sized and quoted in (`quoteAsset` `USD`). */
const USD = 'USD';

/**
 * The lot step of a COIN-M contract in the base asset. The venue sizes in whole contracts of a fixed USD
 * value (`LOT_SIZE` `stepSize` 1), and a base quantity is that USD over a price that moves, so no fixed
 * step exists in the coin: the step given is the finest the feed's quantities are told in, 1e-8 (as Deribit's).
 */
export const BINANCE_COINM_LOT_STEP = 1e-8;

/**
 * The body of `GET /dapi/v1/exchangeInfo` (weight 1): every entry of `symbols[]` whose `contractType` is
 * `PERPETUAL` (keyed `BTC-USD-INV-PERP`) or a dated one (`CURRENT_QUARTER`, `NEXT_QUARTER`, or a
 * `..._MONTH` type; keyed by its `deliveryDate`, `BTC-USD-INV-20261226`, with that expiry). COIN-M says
 * `contractStatus` where spot says `status`: `TRADING` trades, every other word (`PENDING_TRADING`,
 * `DELIVERING`, `DELIVERED`, `SETTLING`, `CLOSE`, any added later) is halted. Tick from `PRICE_FILTER`
 * `tickSize`; `contractSize` (USD per contract: 100 for BTC, 10 for the others) is the listing's
 * `contractValue`, from which every quantity is told in the coin. An entry of another type, or one whose
 * quote is not USD, is left out; one without a usable tick or contract size is skipped and recorded.
 */
export function readBinanceCoinmExchangeInfo(json: unknown, exchange: ExchangeId): ListingsRead {
  const symbols = FieldReader.of(json, '$').array('symbols');
  const { values, skipped } = skipUnusable(symbols, '$.symbols', (entry, path) => readCoinmListing(FieldReader.of(entry, path), path, exchange));
  return { listings: values.filter((listing): listing is VenueListing => listing !== undefined), skipped };
}

/** Whether a COIN-M `contractType` is a dated contract (delivered at `deliveryDate`). */
function isDated(type: string): boolean {
  return type.endsWith('_QUARTER') || type.endsWith('_MONTH');
}

function readCoinmListing(r: FieldReader, path: string, exchange: ExchangeId): VenueListing | undefined {
  const type = r.optionalString('contractType');
  if (type === undefined || (type !== 'PERPETUAL' && !isDated(type))) return undefined;
  if (r.string('quoteAsset').toUpperCase() !== USD) return undefined;
  const status = r.string('contractStatus');
  const base = r.string('baseAsset').toUpperCase();
  const listing: VenueListing = {
    exchange,
    symbol: r.string('symbol'),
    base,
    quote: USD,
    state: binanceListingState(status),
    venueStatus: status,
    tickSize: priceTick(r.array('filters'), `${path}.filters`),
    lotStep: BINANCE_COINM_LOT_STEP,
    contractValue: r.positiveInteger('contractSize'),
  };
  if (type === 'PERPETUAL') return listing;
  const expiryTs = r.positiveInteger('deliveryDate');
  return { ...listing, key: inverseFutureKey(base, USD, expiryTs), expiryTs };
}

function priceTick(filters: readonly unknown[], path: string): number {
  const at = filters.findIndex((filter, n) => FieldReader.of(filter, `${path}[${n}]`).optionalString('filterType') === 'PRICE_FILTER');
  if (at < 0) throw new FrameParseError(path, 'no PRICE_FILTER filter');
  return Number(FieldReader.of(filters[at], `${path}[${at}]`).positiveDecimal('tickSize'));
}

/**
 * The body of `GET /dapi/v1/ticker/24hr` without a symbol (an array, weight 40) as 24 h volumes in USD,
 * the contracts' quote. COIN-M's entries carry `volume` in contracts and `baseVolume` in the coin, and no
 * USD figure: the USD is told as `baseVolume` times `weightedAvgPrice`, which needs no contract size (the
 * lists are read apart). An entry without them is skipped and recorded.
 */
export function readBinanceCoinmVolumes(json: unknown): QuoteVolumes {
  if (!Array.isArray(json)) throw new FrameParseError('$', 'expected an array of tickers');
  const { values, skipped } = skipUnusable(json as readonly unknown[], '$', (entry, path) => {
    const r = FieldReader.of(entry, path);
    return [r.string('symbol'), Number(r.nonNegativeDecimal('baseVolume')) * Number(r.nonNegativeDecimal('weightedAvgPrice'))] as const;
  });
  return { volumes: new Map(values), skipped };
}
