import type { ListingState, VenueListing } from '../../model/instrument.js';
import type { ExchangeId } from '../../model/market-record.js';
import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { ListingsRead } from '../rest/listings-read.js';
import type { QuoteVolumes } from '../rest/quote-volumes.js';
import { skipUnusable } from '../rest/skip-unusable.js';
import { bitgetData } from './bitget-rest.js';

/** `GET /api/v2/spot/public/symbols` (docs "Get Symbol Info", 20 requests a second per IP): every spot pair. */
export const BITGET_SPOT_SYMBOLS_PATH = '/api/v2/spot/public/symbols';
/** `GET /api/v2/mix/market/contracts?productType=USDT-FUTURES` (docs "Get Contract Config", 20 a second per IP): every USDT-M contract. */
export const BITGET_FUTURES_CONTRACTS_PATH = '/api/v2/mix/market/contracts?productType=USDT-FUTURES';
/** `GET /api/v2/spot/market/tickers` and `/api/v2/mix/market/tickers?productType=USDT-FUTURES` (docs "Get Ticker Information", "Get All Tickers"). */
export const BITGET_SPOT_TICKERS_PATH = '/api/v2/spot/market/tickers';
export const BITGET_FUTURES_TICKERS_PATH = '/api/v2/mix/market/tickers?productType=USDT-FUTURES';

function listingsOf(json: unknown, read: (r: FieldReader, path: string) => VenueListing | undefined): ListingsRead {
  const { values, skipped } = skipUnusable(bitgetData(json), '$.data', (entry, path) => read(FieldReader.of(entry, path), path));
  return { listings: values.filter((listing): listing is VenueListing => listing !== undefined), skipped };
}

/** What a spot pair and a contract share: symbol, `baseCoin`, `quoteCoin` and the state its status (at `statusKey`) says; undefined for one left out. */
function pairOf(
  r: FieldReader,
  exchange: ExchangeId,
  statusKey: string,
  stateOf: (status: string) => ListingState | undefined,
): Omit<VenueListing, 'tickSize' | 'lotStep'> | undefined {
  const status = r.string(statusKey);
  const state = stateOf(status);
  if (state === undefined) return undefined;
  return {
    exchange,
    symbol: r.string('symbol'),
    base: r.string('baseCoin').toUpperCase(),
    quote: r.string('quoteCoin').toUpperCase(),
    state,
    venueStatus: status,
  };
}

/** `10^-places` for a count of decimal places written as a string (`"4"` -> 0.0001). */
function step(r: FieldReader, key: string, path: string): number {
  const places = Number(r.string(key));
  if (!Number.isInteger(places) || places < 0 || places > 18) throw new FrameParseError(`${path}.${key}`, 'expected a count of decimal places');
  return Number(`1e-${places}`);
}

/**
 * A spot pair's `status` (docs "Get Symbol Info": `online` normal, `halt` trading suspended, `gray` grey
 * scale, `offline`): `online` trades; `halt` and `gray` are listed but halted; `offline` is left out, as
 * an instrument no one trades. A status Bitget adds later is held halted until it is known.
 */
export function bitgetSpotState(status: string): ListingState | undefined {
  if (status === 'offline') return undefined;
  return status === 'online' ? 'trading' : 'halted';
}

/**
 * The body of `GET /api/v2/spot/public/symbols`: one listing per pair, base `baseCoin`, quote `quoteCoin`,
 * tick `10^-pricePrecision`, lot step `10^-quantityPrecision` (base coin). An entry without a usable field
 * is skipped and recorded; a `code` other than "00000" throws naming `$.code`.
 */
export function readBitgetSpotSymbols(json: unknown, exchange: ExchangeId = 'bitget'): ListingsRead {
  return listingsOf(json, (r, path) => {
    const pair = pairOf(r, exchange, 'status', bitgetSpotState);
    return pair === undefined ? undefined : { ...pair, tickSize: step(r, 'pricePrecision', path), lotStep: step(r, 'quantityPrecision', path) };
  });
}

/**
 * A contract's `symbolStatus` (docs "Get Contract Config": `listed`, `normal`, `maintain`, `limit_open`,
 * `restrictedAPI`, `off`): `normal` trades, and so do `limit_open` (no new positions, trading goes on)
 * and `restrictedAPI`; `listed` (not yet open) and `maintain` are listed but halted; `off` is left out.
 */
export function bitgetContractState(status: string): ListingState | undefined {
  if (status === 'off') return undefined;
  return status === 'normal' || status === 'limit_open' || status === 'restrictedAPI' ? 'trading' : 'halted';
}

/**
 * The body of `GET /api/v2/mix/market/contracts?productType=USDT-FUTURES`: the perpetuals (`symbolType`
 * `perpetual`; delivery contracts are left out), base `baseCoin`, quote `quoteCoin`; tick
 * `priceEndStep x 10^-pricePlace` (BTCUSDT: 1 x 0.1), lot step `sizeMultiplier` (base coin: sizes are
 * the base coin on USDT-M, docs "Get History Transactions": "Amount, specific base coin").
 */
export function readBitgetFuturesContracts(json: unknown, exchange: ExchangeId = 'bitget_futures'): ListingsRead {
  return listingsOf(json, (r, path) => {
    if (r.raw('symbolType') !== 'perpetual') return undefined;
    const pair = pairOf(r, exchange, 'symbolStatus', bitgetContractState);
    if (pair === undefined) return undefined;
    return { ...pair, tickSize: Number(r.positiveDecimal('priceEndStep')) * step(r, 'pricePlace', path), lotStep: Number(r.positiveDecimal('sizeMultiplier')) };
  });
}

/** The 24 h quote volume of each symbol of a tickers answer (`quoteVolume`, the quote coin on spot and USDT-M alike). */
export function readBitgetQuoteVolumes(json: unknown): QuoteVolumes {
  const { values, skipped } = skipUnusable(bitgetData(json), '$.data', (entry, path) => {
    const r = FieldReader.of(entry, path);
    return [r.string('symbol'), Number(r.nonNegativeDecimal('quoteVolume'))] as const;
  });
  return { volumes: new Map(values), skipped };
}
