import type { VenueListing } from '../../model/instrument.js';
import type { ExchangeId } from '../../model/market-record.js';
import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { ListingsRead } from '../rest/listings-read.js';
import type { QuoteVolumes } from '../rest/quote-volumes.js';
import { skipUnusable } from '../rest/skip-unusable.js';
import { contractsToBase } from './okx-contracts.js';
import { okxListingState } from './okx-listings.js';
import { okxOptionKey, okxOptionOf } from './okx-option-names.js';
import { okxData } from './okx-rest-dialect.js';

/**
 * The option families OKX lists (docs "Get instruments", OPTION: `instFamily` is required, "BTC-USD",
 * "ETH-USD"; `GET /api/v5/public/underlying?instType=OPTION`), read one after the other in this order.
 */
export const OKX_OPTION_FAMILIES = ['BTC-USD', 'ETH-USD'] as const;

const FIRST = OKX_OPTION_FAMILIES[0];

/** A family's options (`GET /api/v5/public/instruments?instType=OPTION&instFamily=BTC-USD`): every one in one answer. */
export function okxOptionInstrumentsPath(family: string): string {
  return `/api/v5/public/instruments?instType=OPTION&instFamily=${family}`;
}

export const OKX_OPTION_INSTRUMENTS_PATH = okxOptionInstrumentsPath(FIRST);

/** A family's 24 h tickers (`GET /api/v5/market/tickers?instType=OPTION&instFamily=`), for volumes. */
export const OKX_OPTION_TICKERS_PATH = `/api/v5/market/tickers?instType=OPTION&instFamily=${FIRST}`;

const FAMILY = /([?&]instFamily=)([A-Z0-9]+-[A-Z0-9]+)/;

/** The next family's page after the one read at `path`; undefined after the last family. */
export function okxOptionNextFamily(_json: unknown, path: string): string | undefined {
  const family = FAMILY.exec(path)?.[2];
  const next = OKX_OPTION_FAMILIES[(OKX_OPTION_FAMILIES as readonly string[]).indexOf(family ?? '') + 1];
  return next === undefined ? undefined : path.replace(FAMILY, `$1${next}`);
}

/**
 * One family's options: keyed by their names' terms (`BTC-USD-261127-56000-C` is
 * `BTC-USD-20261127-56000-C`), base `ctValCcy` (the coin), quote `settleCcy` (the coin: prices are in it),
 * expiring at `expTime`; the contract value `ctVal` times `ctMult` in the coin (BTC 0.01, ETH 0.1); tick
 * `tickSz`, lot step `lotSz` contracts in the coin. `live` trades; `suspend` and `preopen` are halted.
 * An entry whose name is no option's, or whose figures are unusable, is skipped and recorded.
 */
export function readOkxOptionInstruments(json: unknown, exchange: ExchangeId = 'okx_options'): ListingsRead {
  const { values, skipped } = skipUnusable(okxData(json), '$.data', (entry, path) => readOption(FieldReader.of(entry, path), path, exchange));
  return { listings: values.filter((listing): listing is VenueListing => listing !== undefined), skipped };
}

function readOption(r: FieldReader, path: string, exchange: ExchangeId): VenueListing | undefined {
  const symbol = r.string('instId');
  const option = okxOptionOf(symbol);
  if (option === undefined) throw new FrameParseError(`${path}.instId`, `${JSON.stringify(symbol)} is not an OKX option's name`);
  const state = okxListingState(r.string('state'));
  if (state === undefined) return undefined;
  const multiplier = r.optionalDecimal('ctMult');
  const contractValue = contractsToBase(Number(r.positiveDecimal('ctVal')), multiplier === undefined || Number(multiplier) <= 0 ? 1 : Number(multiplier));
  const expTime = Number(r.optionalDecimal('expTime') ?? Number.NaN);
  return {
    exchange,
    symbol,
    base: option.coin,
    quote: r.string('settleCcy').toUpperCase(),
    state,
    venueStatus: r.string('state'),
    tickSize: Number(r.positiveDecimal('tickSz')),
    lotStep: contractsToBase(Number(r.positiveDecimal('lotSz')), contractValue),
    contractValue,
    key: okxOptionKey(option),
    expiryTs: Number.isSafeInteger(expTime) && expTime > 0 ? expTime : option.expiryTs,
    option: option.terms,
  };
}

/**
 * A family's `GET /api/v5/market/tickers?instType=OPTION` as each option's 24 h volume in its quote, the
 * coin (`volCcy24h`: "the number of base currency" on derivatives). An entry without it is skipped.
 */
export function readOkxOptionVolumes(json: unknown): QuoteVolumes {
  const { values, skipped } = skipUnusable(okxData(json), '$.data', (entry, path) => {
    const r = FieldReader.of(entry, path);
    return [r.string('instId'), Number(r.nonNegativeDecimal('volCcy24h'))] as const;
  });
  return { volumes: new Map(values), skipped };
}
