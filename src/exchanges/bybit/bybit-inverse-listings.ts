import { inverseFutureKey, type VenueListing } from '../../model/instrument.js';
import type { ExchangeId } from '../../model/market-record.js';
import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { ListingsRead } from '../rest/listings-read.js';
import { skipUnusable } from '../rest/skip-unusable.js';
import type { SymbolParts } from '../split-symbol.js';
import { bybitListingState } from './bybit-listings.js';
import { bybitResultList } from './bybit-result-list.js';

/** Path of the first page of inverse contracts: 1,000 a page, the most Bybit serves (`docs/v5/market/instrument.mdx`). */
export const BYBIT_INVERSE_INSTRUMENTS_PATH = '/v5/market/instruments-info?category=inverse&limit=1000';

/**
 * The lot step of an inverse contract in the base asset. Bybit sizes them in USD (one contract is
 * 1 USD: `lotSizeFilter.qtyStep` "1"), and a base quantity is that USD amount over a price that moves,
 * so no fixed step exists in the base asset: the step given is the finest the feed's quantities are
 * told in, 1e-8 (a satoshi), as for Deribit's inverse contracts.
 */
export const BYBIT_INVERSE_LOT_STEP = 1e-8;

/** Inverse contracts are quoted, sized and keyed in USD (`quoteCoin` USD, settled in `baseCoin`). */
const USD = 'USD';

/**
 * One page of Bybit `GET /v5/market/instruments-info?category=inverse` (the Linear/Inverse layout of
 * instrument.mdx; enum.mdx `contractType`): `InversePerpetual` (`BTCUSD`) listed as the perpetual of
 * its `baseCoin` at USD (keyed `BTC-USD-INV-PERP`), `InverseFutures` (`BTCUSDZ26`) with its own key and
 * expiry from `deliveryTime` (`BTC-USD-INV-20261226`); any other contract type is left out. Tick from
 * `priceFilter.tickSize`; lot step `BYBIT_INVERSE_LOT_STEP` (sizes are USD). `Trading` trades, the only
 * status listed unless asked for; another one met is listed halted. An entry without a usable type,
 * tick or delivery time is skipped and recorded; a `retCode` other than 0 or a body of another shape
 * throws `FrameParseError` naming the path.
 */
export function readBybitInverseInstrumentsInfo(json: unknown, exchange: ExchangeId = 'bybit_inverse'): ListingsRead {
  const { values, skipped } = skipUnusable(bybitResultList(json), '$.result.list', (entry, path) => readInstrument(entry, path, exchange));
  return { listings: values.filter((listing): listing is VenueListing => listing !== undefined), skipped };
}

const EPOCH_MS = /^[1-9]\d{0,14}$/;

function readInstrument(entry: unknown, path: string, exchange: ExchangeId): VenueListing | undefined {
  const r = FieldReader.of(entry, path);
  const type = r.string('contractType');
  if (type !== 'InversePerpetual' && type !== 'InverseFutures') return undefined;
  const symbol = r.string('symbol');
  const status = r.string('status');
  const base = r.string('baseCoin').toUpperCase();
  const tickSize = Number(r.child('priceFilter').positiveDecimal('tickSize'));
  const listing: VenueListing = {
    exchange,
    symbol,
    base,
    quote: USD,
    state: bybitListingState(status),
    venueStatus: status,
    tickSize,
    lotStep: BYBIT_INVERSE_LOT_STEP,
  };
  if (type === 'InversePerpetual') return listing;
  const delivery = r.string('deliveryTime');
  if (!EPOCH_MS.test(delivery)) throw new FrameParseError(`${path}.deliveryTime`, 'expected the delivery time, epoch milliseconds');
  const expiryTs = Number(delivery);
  return { ...listing, key: inverseFutureKey(base, USD, expiryTs), expiryTs };
}

/** An inverse perpetual's symbol: its base and `USD` (`BTCUSD`, `ETHUSD`; enum.mdx "Inverse Perpetual"). */
const PERPETUAL = /^([A-Z0-9]+)USD$/;

/**
 * An inverse symbol's parts without the list at hand: a perpetual's (`BTCUSD`: BTC, USD). A dated
 * future (`BTCUSDZ26`) names its quarter, not its delivery day, so it is not split without the list
 * (its key needs the listing's `deliveryTime`).
 */
export function splitBybitInverseSymbol(symbol: string): SymbolParts | undefined {
  const perpetual = PERPETUAL.exec(symbol.toUpperCase());
  return perpetual === null ? undefined : { coin: perpetual[1] ?? '', quote: USD };
}
