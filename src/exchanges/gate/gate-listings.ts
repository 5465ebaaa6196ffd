import type { ListingState, VenueListing } from '../../model/instrument.js';
import type { SymbolParts } from '../split-symbol.js';
import type { ExchangeId } from '../../model/market-record.js';
import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { ListingsRead } from '../rest/listings-read.js';
import type { QuoteVolumes } from '../rest/quote-volumes.js';
import { skipUnusable } from '../rest/skip-unusable.js';
import { gateList } from './gate-rest.js';

/** `GET /api/v4/spot/currency_pairs` (docs "List all currency pairs supported"): every spot pair. */
export const GATE_SPOT_PAIRS_PATH = '/api/v4/spot/currency_pairs';
/** `GET /api/v4/futures/usdt/contracts` (docs "List all futures contracts"): every USDT-settled contract. */
export const GATE_FUTURES_CONTRACTS_PATH = '/api/v4/futures/usdt/contracts';
/** `GET /api/v4/spot/tickers` and `/api/v4/futures/usdt/tickers` (docs "Retrieve ticker information", "List futures tickers"). */
export const GATE_SPOT_TICKERS_PATH = '/api/v4/spot/tickers';
export const GATE_FUTURES_TICKERS_PATH = '/api/v4/futures/usdt/tickers';

function listingsOf(json: unknown, read: (r: FieldReader, path: string) => VenueListing | undefined): ListingsRead {
  const { values, skipped } = skipUnusable(gateList(json), '$', (entry, path) => read(FieldReader.of(entry, path), path));
  return { listings: values.filter((listing): listing is VenueListing => listing !== undefined), skipped };
}

/** `10^-places` for a count of decimal places (`precision: 2` -> 0.01). */
function step(r: FieldReader, key: string, path: string): number {
  const places = r.raw(key);
  if (typeof places !== 'number' || !Number.isInteger(places) || places < 0 || places > 18)
    throw new FrameParseError(`${path}.${key}`, 'expected a count of decimal places');
  return Number(`1e-${places}`);
}

/**
 * A spot pair's `trade_status` (docs: `untradable`, `buyable`, `sellable`, `tradable`): `tradable` trades;
 * `buyable` and `sellable` (one side only, a listing's first minutes or a delisting's last) are listed but
 * halted; `untradable` is left out, as a pair no one trades. A status Gate adds later is held halted.
 */
export function gateSpotState(status: string): ListingState | undefined {
  if (status === 'untradable') return undefined;
  return status === 'tradable' ? 'trading' : 'halted';
}

/**
 * The body of `GET /api/v4/spot/currency_pairs`: one listing per pair, `id` its symbol (`BTC_USDT`), `base`,
 * `quote`, tick `10^-precision`, lot step `10^-amount_precision` (base coin). An entry without a usable
 * field is skipped and recorded; an error object (`{"label","message"}`) throws naming `$`.
 */
export function readGateSpotPairs(json: unknown, exchange: ExchangeId = 'gate'): ListingsRead {
  return listingsOf(json, (r, path) => {
    const status = r.string('trade_status');
    const state = gateSpotState(status);
    if (state === undefined) return undefined;
    return {
      exchange,
      symbol: r.string('id'),
      base: r.string('base').toUpperCase(),
      quote: r.string('quote').toUpperCase(),
      state,
      venueStatus: status,
      tickSize: step(r, 'precision', path),
      lotStep: step(r, 'amount_precision', path),
    };
  });
}

/**
 * A contract's state (docs "Contract": `status` `prelaunch`, `trading`, `delisting`, `delisted`; older
 * answers only `in_delisting`): `trading` trades, and so does `delisting` (closing positions only, trades go
 * on); `prelaunch` is listed but halted; `delisted` is left out.
 */
export function gateContractState(status: string | undefined, inDelisting: boolean): ListingState | undefined {
  if (status === 'delisted') return undefined;
  if (status === 'prelaunch') return 'halted';
  return status === undefined && inDelisting ? 'halted' : 'trading';
}

/**
 * The body of `GET /api/v4/futures/usdt/contracts`: the linear contracts (`type` `direct`; an inverse one
 * is left out), `name` their symbol (`BTC_USDT`, keyed `BTC-USDT-PERP`), base and quote from it, tick
 * `order_price_round`, lot step one contract, and `contractValue` the contract's `quanto_multiplier` in the
 * base coin (BTC_USDT: 0.0001 BTC): Gate sizes trades, books and open interest in contracts.
 */
export function readGateFuturesContracts(json: unknown, exchange: ExchangeId = 'gate_futures'): ListingsRead {
  return listingsOf(json, (r, path) => {
    if (r.raw('type') !== 'direct') return undefined;
    const status = r.optionalString('status');
    const state = gateContractState(status, r.raw('in_delisting') === true);
    if (state === undefined) return undefined;
    const name = r.string('name');
    const parts = splitGateSymbol(name);
    if (parts === undefined) throw new FrameParseError(`${path}.name`, 'expected <base>_<quote>');
    const contractValue = Number(r.positiveDecimal('quanto_multiplier'));
    return {
      exchange,
      symbol: name,
      base: parts.coin,
      quote: parts.quote,
      state,
      venueStatus: status ?? (r.raw('in_delisting') === true ? 'in_delisting' : 'trading'),
      tickSize: Number(r.positiveDecimal('order_price_round')),
      lotStep: contractValue,
      contractValue,
    };
  });
}

/** The 24 h quote volume of each instrument of a tickers answer: spot `currency_pair` and `quote_volume`, futures `contract` and `volume_24h_quote`. */
export function readGateQuoteVolumes(json: unknown): QuoteVolumes {
  const { values, skipped } = skipUnusable(gateList(json), '$', (entry, path) => {
    const r = FieldReader.of(entry, path);
    return r.has('currency_pair')
      ? ([r.string('currency_pair'), Number(r.nonNegativeDecimal('quote_volume'))] as const)
      : ([r.string('contract'), Number(r.nonNegativeDecimal('volume_24h_quote'))] as const);
  });
  return { volumes: new Map(values), skipped };
}

/** Gate's instruments name base and quote around `_` (`BTC_USDT`, spot pairs and contracts alike); anything else is no Gate symbol. */
export function splitGateSymbol(symbol: string): SymbolParts | undefined {
  const [coin, quote, more] = symbol.toUpperCase().split('_');
  return coin === undefined || coin === '' || quote === undefined || quote === '' || more !== undefined ? undefined : { coin, quote };
}
