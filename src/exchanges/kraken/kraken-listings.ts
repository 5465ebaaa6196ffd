import type { ListingState, VenueListing } from '../../model/instrument.js';
import type { ExchangeId } from '../../model/market-record.js';
import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { ListingsRead, SkippedEntry } from '../rest/listings-read.js';
import { skipUnusable } from '../rest/skip-unusable.js';
import type { KrakenPrecision } from './kraken-book-checksum.js';
import { krakenResult } from './kraken-rest-dialect.js';

/** One pair of `GET /0/public/AssetPairs`, named as the WebSocket v2 names it, with its REST names and precisions. */
export interface KrakenPair {
  /** The v2 symbol: `BTC/USD` (from `wsname` `XBT/USD`). */
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  /** The key of the pair in REST answers (`XXBTZUSD`): `Ticker` and `Trades` are keyed by it, and take it as `pair`. */
  readonly restKey: string;
  /** `altname` (`XBTUSD`), also accepted as `pair`. */
  readonly altname: string;
  /** `status`: `online`, `cancel_only`, `post_only`, `limit_only`, `reduce_only`. */
  readonly status: string;
  /** Decimals of prices (`pair_decimals`) and of quantities (`lot_decimals`): what the book checksum writes. */
  readonly precision: KrakenPrecision;
  /** `tick_size`, else 10^-`pair_decimals`. */
  readonly tickSize: number;
  /** 10^-`lot_decimals`. */
  readonly lotStep: number;
}

/** Kraken's legacy asset codes in `wsname` and their v2 names (Kraken.Net #126: v2 "uses BTC instead of XBT"; cryptofeed, ccxt). */
const V2_ASSET_NAMES: Readonly<Record<string, string>> = { XBT: 'BTC', XDG: 'DOGE' };

/** The v2 name of an asset code of `wsname`: `XBT` -> `BTC`, `XDG` -> `DOGE`, others as they are. */
export function krakenAssetName(code: string): string {
  return V2_ASSET_NAMES[code] ?? code;
}

/** Trading: `online`; every other status (`cancel_only`, `post_only`, `limit_only`, `reduce_only`, `delisted`) takes no ordinary orders: halted. */
export function krakenListingState(status: string): ListingState {
  return status === 'online' ? 'trading' : 'halted';
}

/**
 * The pairs of a `GET /0/public/AssetPairs` answer (its `result` keyed by REST key). Dark-pool pairs
 * (keys ending `.d`, not on the WebSocket) and pairs without a `wsname` (no WebSocket name) are
 * skipped and recorded, as is any entry without usable precisions; a non-empty `error` throws.
 */
export function readKrakenPairs(json: unknown): { readonly pairs: readonly KrakenPair[]; readonly skipped: readonly SkippedEntry[] } {
  const result = krakenResult(json);
  const { values, skipped } = skipUnusable(Object.keys(result), '$.result', (key) => readPair(result, String(key)));
  return { pairs: values, skipped };
}

/**
 * `GET /0/public/AssetPairs` as listings: symbol, base and quote from the v2 name, `online` trading and
 * any other status halted, tick size from `tick_size`, lot step from `lot_decimals`.
 */
export function readKrakenAssetPairs(json: unknown, exchange: ExchangeId = 'kraken'): ListingsRead {
  const { pairs, skipped } = readKrakenPairs(json);
  const listings = pairs.map((pair): VenueListing => ({
    exchange,
    symbol: pair.symbol,
    base: pair.base,
    quote: pair.quote,
    state: krakenListingState(pair.status),
    venueStatus: pair.status,
    tickSize: pair.tickSize,
    lotStep: pair.lotStep,
  }));
  return { listings, skipped };
}

/** The pairs by v2 symbol. */
export function krakenPairsBySymbol(pairs: readonly KrakenPair[]): ReadonlyMap<string, KrakenPair> {
  return new Map(pairs.map((pair) => [pair.symbol, pair]));
}

function readPair(result: Readonly<Record<string, unknown>>, restKey: string): KrakenPair {
  const path = `$.result.${restKey}`;
  if (restKey.endsWith('.d')) throw new FrameParseError(path, 'a dark-pool pair, not on the WebSocket');
  const r = FieldReader.of(result[restKey], path);
  const wsname = r.string('wsname');
  const parts = wsname.split('/');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') throw new FrameParseError(`${path}.wsname`, 'expected BASE/QUOTE');
  const base = krakenAssetName((parts[0] ?? '').toUpperCase());
  const quote = krakenAssetName((parts[1] ?? '').toUpperCase());
  const priceDecimals = decimals(r, path, 'pair_decimals');
  const qtyDecimals = decimals(r, path, 'lot_decimals');
  const tickSize = r.has('tick_size') ? Number(r.positiveDecimal('tick_size')) : Number(`1e-${priceDecimals}`);
  return {
    symbol: `${base}/${quote}`,
    base,
    quote,
    restKey,
    altname: r.optionalString('altname') ?? restKey,
    status: r.string('status'),
    precision: { price: priceDecimals, qty: qtyDecimals },
    tickSize,
    lotStep: Number(`1e-${qtyDecimals}`),
  };
}

function decimals(r: FieldReader, path: string, key: string): number {
  const value = r.integer(key);
  if (value > 18) throw new FrameParseError(`${path}.${key}`, 'expected at most 18 decimals');
  return value;
}
