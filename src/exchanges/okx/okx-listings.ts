import type { ListingState, VenueListing } from '../../model/instrument.js';
import type { ExchangeId } from '../../model/market-record.js';
import { FieldReader } from '../field-reader.js';
import type { ListingsRead } from '../rest/listings-read.js';
import type { QuoteVolumes } from '../rest/quote-volumes.js';
import { skipUnusable } from '../rest/skip-unusable.js';
import type { SymbolParts } from '../split-symbol.js';
import { contractsToBase } from './okx-contracts.js';
import { okxData } from './okx-rest-dialect.js';
import { OKX_SWAP_SUFFIX } from './okx-subscriptions.js';

/** `GET /api/v5/public/instruments` of spot pairs and of perpetual swaps (docs "Get instruments"). */
export const OKX_SPOT_INSTRUMENTS_PATH = '/api/v5/public/instruments?instType=SPOT';
export const OKX_SWAP_INSTRUMENTS_PATH = '/api/v5/public/instruments?instType=SWAP';

/**
 * An instrument's `state` (docs "Get instruments"): `live` trades; `suspend` (trading suspended) and
 * `preopen` (listed, not yet trading: a new contract before it goes live, a pair before its listing
 * time) are listed but halted; `test` pairs "can't be traded" and are left out of the list, as an
 * instrument no one trades. A state OKX adds later is held halted until it is known.
 */
export function okxListingState(state: string): ListingState | undefined {
  if (state === 'test') return undefined;
  return state === 'live' ? 'trading' : 'halted';
}

/**
 * The body of `GET /api/v5/public/instruments?instType=SPOT`: one listing per pair, base `baseCcy`,
 * quote `quoteCcy`, tick size `tickSz`, lot step `lotSz` (base currency). An entry without a usable
 * field is skipped and recorded; a `code` other than "0" throws naming `$.code`.
 */
export function readOkxSpotInstruments(json: unknown, exchange: ExchangeId = 'okx'): ListingsRead {
  return readInstruments(json, (r) => {
    const state = okxListingState(r.string('state'));
    if (state === undefined) return undefined;
    return {
      exchange,
      symbol: r.string('instId'),
      base: r.string('baseCcy').toUpperCase(),
      quote: r.string('quoteCcy').toUpperCase(),
      state,
      venueStatus: r.string('state'),
      tickSize: Number(r.positiveDecimal('tickSz')),
      lotStep: Number(r.positiveDecimal('lotSz')),
    };
  });
}

/**
 * The body of `GET /api/v5/public/instruments?instType=SWAP`: the linear swaps (`ctType` `linear`,
 * margined and settled in the quote currency: USDT, USDC); inverse ones (`BTC-USD-SWAP`, sized in USD)
 * are left out. Base is `ctValCcy` (the currency a contract is worth), quote `settleCcy`; the contract
 * value is `ctVal` times `ctMult` (1 on every swap; nautilus_trader multiplies the two alike), in the
 * base currency (`BTC-USDT-SWAP`: 0.01 BTC); the lot step, `lotSz` contracts, is given in the base
 * currency as every published quantity is.
 */
export function readOkxSwapInstruments(json: unknown, exchange: ExchangeId = 'okx_swap'): ListingsRead {
  return readInstruments(json, (r) => {
    const state = okxListingState(r.string('state'));
    if (state === undefined || r.optionalString('ctType') !== 'linear') return undefined;
    const multiplier = r.optionalDecimal('ctMult');
    const contractValue = contractsToBase(Number(r.positiveDecimal('ctVal')), multiplier === undefined || Number(multiplier) <= 0 ? 1 : Number(multiplier));
    return {
      exchange,
      symbol: r.string('instId'),
      base: r.string('ctValCcy').toUpperCase(),
      quote: r.string('settleCcy').toUpperCase(),
      state,
      venueStatus: r.string('state'),
      tickSize: Number(r.positiveDecimal('tickSz')),
      lotStep: contractsToBase(Number(r.positiveDecimal('lotSz')), contractValue),
      contractValue,
    };
  });
}

function readInstruments(json: unknown, read: (r: FieldReader) => VenueListing | undefined): ListingsRead {
  const { values, skipped } = skipUnusable(okxData(json), '$.data', (entry, path) => read(FieldReader.of(entry, path)));
  return { listings: values.filter((listing): listing is VenueListing => listing !== undefined), skipped };
}

/**
 * The body of `GET /api/v5/market/tickers?instType=SPOT|SWAP`, as 24 h quote volume per `instId`
 * (docs "Get tickers": `volCcy24h` is "the quantity in quote currency" on SPOT and "the number of base
 * currency" on derivatives, whose `vol24h` counts contracts; okx-swap-tickers.ndjson: vol24h =
 * volCcy24h / ctVal). Spot: `volCcy24h`. Swaps: `volCcy24h` times `last`, the day's base volume at the
 * last price (OKX gives no quote turnover; for ranking, near enough). An entry without them is skipped.
 */
export function readOkxQuoteVolumes(json: unknown): QuoteVolumes {
  const { values, skipped } = skipUnusable(okxData(json), '$.data', (entry, path) => {
    const r = FieldReader.of(entry, path);
    const instId = r.string('instId');
    const volCcy = Number(r.nonNegativeDecimal('volCcy24h'));
    return [instId, instId.endsWith(OKX_SWAP_SUFFIX) ? volCcy * Number(r.positiveDecimal('last')) : volCcy] as const;
  });
  return { volumes: new Map(values), skipped };
}

/** A swap's id as OKX spells it: `BASE-QUOTE-SWAP`. */
const SWAP_ID = /^([A-Z0-9]+)-([A-Z0-9]+)-SWAP$/;

/**
 * A swap's base and quote without the list at hand (`normalize`, a replay): `BTC-USDT-SWAP` is BTC and
 * USDT. Its contract value is not in its name: frames sized in contracts are refused without it.
 */
export function splitOkxSwapSymbol(symbol: string): SymbolParts | undefined {
  const [, coin, quote] = SWAP_ID.exec(symbol.toUpperCase()) ?? [];
  return coin === undefined || quote === undefined ? undefined : { coin, quote };
}
