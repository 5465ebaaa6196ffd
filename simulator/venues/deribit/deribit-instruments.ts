import type { OptionChain } from '../../options/option-chains.js';

/**
 * Deribit's instrument names (docs.deribit.com "Instrument naming"; the recorded lists,
 * `deribit-get_instruments.ndjson`): a perpetual `BTC-PERPETUAL`; a dated future `BTC-26DEC26` (day
 * without a leading zero, month, two-digit year); an option `BTC-26DEC26-100000-C` (strike, `C` or
 * `P`), a decimal strike written with `d` for its point (`XRP_USDC-30JUN23-0d625-C`); a USDC-settled
 * instrument's currency is `SOL_USDC`. Every future and option expires at 08:00 UTC of its day
 * (`simulator/options/expiry-schedule.ts`).
 */
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** The currency in the names of a chain's options: the coin (`BTC`), or `SOL_USDC` for a USDC-settled chain. */
export function currencyOf(chain: Pick<OptionChain, 'coin' | 'settlement'>): string {
  return chain.settlement === 'usdc' ? `${chain.coin}_USDC` : chain.coin;
}

/** The expiry's date as Deribit writes it: `26DEC26`, `5JUN20`. */
export function expiryCode(expiryTs: number): string {
  const date = new Date(expiryTs);
  return `${date.getUTCDate()}${MONTHS[date.getUTCMonth()] ?? ''}${String(date.getUTCFullYear() % 100).padStart(2, '0')}`;
}

/** A strike as Deribit writes it: `100000`, `147d5`, `0d625`. */
export function strikeCode(strike: number): string {
  return String(Number(strike.toPrecision(12))).replace('.', 'd');
}

export function futureName(currency: string, expiryTs: number): string {
  return `${currency}-${expiryCode(expiryTs)}`;
}

export function optionName(currency: string, expiryTs: number, strike: number, type: 'call' | 'put'): string {
  return `${currency}-${expiryCode(expiryTs)}-${strikeCode(strike)}-${type === 'call' ? 'C' : 'P'}`;
}
