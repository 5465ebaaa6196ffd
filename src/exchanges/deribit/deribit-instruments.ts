import { inverseFutureKey, optionKey, type InstrumentKey, type OptionTerms } from '../../model/instrument.js';
import type { EpochMillis } from '../../model/market-record.js';
import type { SymbolParts } from '../split-symbol.js';

/**
 * Deribit's instrument names (docs "Instrument naming"; `public/get_instruments`): `BTC-PERPETUAL` (an
 * inverse perpetual, sized in USD), `BTC-26DEC26` (an inverse dated future), `BTC-26DEC26-100000-C` (a
 * coin-settled option: strike 100,000 USD, priced in BTC), and the USDC-margined ones, whose currency is
 * written `BASE_USDC`: `BTC_USDC-PERPETUAL` (a linear perpetual, not followed), `XRP_USDC-30JUN23-0d625-C`
 * (a USDC-settled option, strike 0.625 with `d` for the decimal point, priced in USDC).
 */
export type DeribitInstrument =
  | { readonly kind: 'perpetual'; readonly base: string; readonly settle?: string }
  | { readonly kind: 'future'; readonly base: string; readonly settle?: string; readonly expiryTs: EpochMillis }
  | { readonly kind: 'option'; readonly base: string; readonly settle?: string; readonly expiryTs: EpochMillis; readonly terms: OptionTerms };

/** The hour of the day every Deribit expiry falls on, UTC ("All options and futures expire at 08:00 UTC", docs "Contract specifications"). */
export const DERIBIT_EXPIRY_HOUR_UTC = 8;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;
const CURRENCY = /^([A-Z0-9]+)(?:_([A-Z0-9]+))?$/;
const DAY = /^(\d{1,2})([A-Z]{3})(\d{2})$/;
const STRIKE = /^(\d+)(?:d(\d+))?$/;

/** 08:00 UTC of a Deribit expiry day written `26DEC26` (day, month, two-digit year of the 2000s); undefined when it is not a date. */
export function deribitExpiryOf(day: string): EpochMillis | undefined {
  const [, d = '', month = '', yy = ''] = DAY.exec(day) ?? [];
  const m = (MONTHS as readonly string[]).indexOf(month);
  if (m < 0) return undefined;
  const ts = Date.UTC(2000 + Number(yy), m, Number(d), DERIBIT_EXPIRY_HOUR_UTC);
  return new Date(ts).getUTCDate() === Number(d) ? ts : undefined;
}

/** What a Deribit instrument name says, or undefined when it is none of the shapes above. */
export function deribitInstrumentOf(name: string): DeribitInstrument | undefined {
  const parts = name.split('-');
  const [, base, settle] = CURRENCY.exec(parts[0] ?? '') ?? [];
  if (base === undefined) return undefined;
  const currency = settle === undefined ? { base } : { base, settle };
  if (parts.length === 2 && parts[1] === 'PERPETUAL') return { kind: 'perpetual', ...currency };
  const expiryTs = parts.length >= 2 ? deribitExpiryOf(parts[1] ?? '') : undefined;
  if (expiryTs === undefined) return undefined;
  if (parts.length === 2) return { kind: 'future', ...currency, expiryTs };
  if (parts.length !== 4 || (parts[3] !== 'C' && parts[3] !== 'P')) return undefined;
  const [, whole, fraction] = STRIKE.exec(parts[2] ?? '') ?? [];
  if (whole === undefined) return undefined;
  const strike = Number(fraction === undefined ? whole : `${whole}.${fraction}`);
  if (!(strike > 0)) return undefined;
  return { kind: 'option', ...currency, expiryTs, terms: { type: parts[3] === 'C' ? 'call' : 'put', strike } };
}

/** The currency a coin-settled instrument's strike and USD-sized amounts are in. */
const USD = 'USD';

/**
 * An option's canonical key from its Deribit name: `BTC-26DEC26-100000-C` is `BTC-USD-20261226-100000-C`,
 * `XRP_USDC-30JUN23-0d625-C` is `XRP-USDC-20230630-0.625-C`; undefined for a name that is no option.
 */
export function deribitOptionKey(name: string): InstrumentKey | undefined {
  const instrument = deribitInstrumentOf(name);
  return instrument?.kind === 'option' ? optionKey(instrument.base, instrument.settle ?? USD, instrument.expiryTs, instrument.terms) : undefined;
}

/**
 * A `deribit` symbol's parts without its list (`normalize`, a replay): the coin-margined perpetuals and
 * dated futures, quoted in USD (`BTC-PERPETUAL`: BTC and USD, keyed `BTC-USD-INV-PERP`; `BTC-26DEC26`
 * keyed `BTC-USD-INV-20261226`). USDC-margined ones (`BTC_USDC-PERPETUAL`) and options are not this
 * venue's: undefined, so their frames are refused as not listed.
 */
export function splitDeribitInverseSymbol(symbol: string): SymbolParts | undefined {
  const instrument = deribitInstrumentOf(symbol);
  if (instrument === undefined || instrument.settle !== undefined) return undefined;
  if (instrument.kind === 'perpetual') return { coin: instrument.base, quote: USD };
  if (instrument.kind === 'future') return { coin: instrument.base, quote: USD, instrument: inverseFutureKey(instrument.base, USD, instrument.expiryTs) };
  return undefined;
}

/**
 * A `deribit_options` symbol's parts without its list: the underlying, the currency its prices are in
 * (the coin for a coin-settled option, `USDC` for a USDC-settled one) and its canonical key.
 */
export function splitDeribitOptionSymbol(symbol: string): SymbolParts | undefined {
  const instrument = deribitInstrumentOf(symbol);
  if (instrument?.kind !== 'option') return undefined;
  const key = optionKey(instrument.base, instrument.settle ?? USD, instrument.expiryTs, instrument.terms);
  return { coin: instrument.base, quote: instrument.settle ?? instrument.base, instrument: key };
}
