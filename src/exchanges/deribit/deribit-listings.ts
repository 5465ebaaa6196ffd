import { inverseFutureKey, optionKey, type VenueListing } from '../../model/instrument.js';
import type { ExchangeId } from '../../model/market-record.js';
import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { ListingsRead } from '../rest/listings-read.js';
import type { QuoteVolumes } from '../rest/quote-volumes.js';
import { skipUnusable } from '../rest/skip-unusable.js';
import { nonNegativeNumber, positiveNumber } from './deribit-fields.js';
import { deribitResult } from './deribit-rest.js';

/** `GET /api/v2/public/get_instruments` of every currency's futures (perpetuals among them) and options (docs "public/get_instruments"). */
export const DERIBIT_FUTURES_PATH = '/api/v2/public/get_instruments?currency=any&kind=future';
export const DERIBIT_OPTIONS_PATH = '/api/v2/public/get_instruments?currency=any&kind=option';
/** `GET /api/v2/public/get_book_summary_by_currency`: each instrument's 24 h figures (docs "public/get_book_summary_by_currency"). */
export const DERIBIT_FUTURE_SUMMARIES_PATH = '/api/v2/public/get_book_summary_by_currency?currency=any&kind=future';
export const DERIBIT_OPTION_SUMMARIES_PATH = '/api/v2/public/get_book_summary_by_currency?currency=any&kind=option';

/**
 * The lot step of an inverse contract in the base asset. Deribit sizes them in USD (`min_trade_amount`
 * 10 on BTC, 1 on ETH, `contract_size` alike), and a base quantity is that USD amount over a price that
 * moves, so no fixed step exists in the base asset: the step given is the finest the feed's quantities
 * are told in, 1e-8 (a satoshi).
 */
export const DERIBIT_INVERSE_LOT_STEP = 1e-8;

/** The currency coin-settled contracts are quoted and struck in. */
const USD = 'USD';

function listingsOf(json: unknown, read: (r: FieldReader, path: string) => VenueListing | undefined): ListingsRead {
  const result = deribitResult(json);
  if (!Array.isArray(result)) throw new FrameParseError('$.result', 'expected an array');
  const { values, skipped } = skipUnusable(result as readonly unknown[], '$.result', (entry, path) => read(FieldReader.of(entry, path), path));
  return { listings: values.filter((listing): listing is VenueListing => listing !== undefined), skipped };
}

function stateOf(r: FieldReader): Pick<VenueListing, 'state' | 'venueStatus'> {
  const active = r.boolean('is_active');
  return { state: active ? 'trading' : 'halted', venueStatus: active ? 'active' : 'inactive' };
}

/**
 * The coin-margined (inverse) perpetuals and dated futures of `get_instruments?kind=future`: `kind`
 * `future` (not `future_combo`) whose `instrument_type` is `reversed` where sent (the 2021 layout of the
 * recorded answer has none: there every future is coin-margined, `quote_currency` USD and no `_USDC` in
 * its name). USDC-margined linear ones are left out. Base `base_currency`, quote USD; a dated future has
 * its own key (`BTC-USD-INV-20261226`) and expiry; a perpetual (`settlement_period` `perpetual`) neither.
 */
export function readDeribitFutures(json: unknown, exchange: ExchangeId = 'deribit'): ListingsRead {
  return listingsOf(json, (r, path) => {
    if (r.raw('kind') !== 'future') return undefined;
    const type = r.raw('instrument_type');
    const symbol = r.string('instrument_name');
    if ((type !== undefined && type !== 'reversed') || symbol.includes('_') || r.string('quote_currency') !== USD) return undefined;
    const base = r.string('base_currency').toUpperCase();
    const listing: VenueListing = {
      exchange,
      symbol,
      base,
      quote: USD,
      ...stateOf(r),
      tickSize: positiveNumber(r, 'tick_size', path),
      lotStep: DERIBIT_INVERSE_LOT_STEP,
    };
    if (r.raw('settlement_period') === 'perpetual') return listing;
    const expiryTs = positiveNumber(r, 'expiration_timestamp', path);
    return { ...listing, key: inverseFutureKey(base, USD, expiryTs), expiryTs };
  });
}

/**
 * The options of `get_instruments?kind=option`, every currency's: base `base_currency`, quote the
 * currency its prices are in (`quote_currency`: the coin for coin-settled ones, USDC for USDC-settled),
 * its key struck in USD or USDC (`BTC-USD-20261226-100000-C`, `XRP-USDC-20230630-0.625-C`), its expiry
 * and terms (`option_type`, `strike`); lot step `min_trade_amount` (the coin), tick `tick_size`.
 */
export function readDeribitOptions(json: unknown, exchange: ExchangeId = 'deribit_options'): ListingsRead {
  return listingsOf(json, (r, path) => {
    if (r.raw('kind') !== 'option') return undefined;
    const base = r.string('base_currency').toUpperCase();
    const quote = r.string('quote_currency').toUpperCase();
    const optionType = r.raw('option_type');
    if (optionType !== 'call' && optionType !== 'put') throw new FrameParseError(`${path}.option_type`, 'expected "call" or "put"');
    const expiryTs = positiveNumber(r, 'expiration_timestamp', path);
    const option = { type: optionType, strike: positiveNumber(r, 'strike', path) } as const;
    return {
      exchange,
      symbol: r.string('instrument_name'),
      base,
      quote,
      ...stateOf(r),
      tickSize: positiveNumber(r, 'tick_size', path),
      lotStep: positiveNumber(r, 'min_trade_amount', path),
      key: optionKey(base, quote === base ? USD : quote, expiryTs, option),
      expiryTs,
      option,
    };
  });
}

/**
 * `get_book_summary_by_currency` as 24 h volume in each instrument's quote: on futures (`usd`) `volume_usd`
 * (their quote is USD); on options (`coin`) `volume` (the coin) times `mark_price` (in the option's quote,
 * the coin or USDC). An entry without them is skipped.
 */
export function readDeribitVolumes(json: unknown, quote: 'usd' | 'coin'): QuoteVolumes {
  const result = deribitResult(json);
  if (!Array.isArray(result)) throw new FrameParseError('$.result', 'expected an array');
  const { values, skipped } = skipUnusable(result as readonly unknown[], '$.result', (entry, path) => {
    const r = FieldReader.of(entry, path);
    const volume = quote === 'usd' ? nonNegativeNumber(r, 'volume_usd', path) : nonNegativeNumber(r, 'volume', path) * nonNegativeNumber(r, 'mark_price', path);
    return [r.string('instrument_name'), volume] as const;
  });
  return { volumes: new Map(values), skipped };
}
