import { optionKey, type InstrumentKey, type OptionTerms } from '../../model/instrument.js';
import { rememberedNames } from '../remembered-names.js';
import type { EpochMillis } from '../../model/market-record.js';
import type { SymbolParts } from '../split-symbol.js';

/**
 * What a Bybit option's name says (bybit-exchange/docs `docs/v5/market/instrument.mdx`, Option tab:
 * `ETH-25JUN27-7000-P-USDT`): the coin, the expiry day (`25JUN27`, delivered at 08:00 UTC,
 * `deliveryTime`), the strike, `C` or `P`, and the settlement coin after them: `USDT`, or none for the
 * USDC-settled options named before USDT ones were listed (`BTC-28APR23-29500-C`, quoted in USDC).
 */
export interface BybitOption {
  readonly base: string;
  /** The coin its prices are quoted and settled in: `USDT` or `USDC`. */
  readonly settle: string;
  readonly expiryTs: EpochMillis;
  readonly terms: OptionTerms;
}

/** The hour of the day Bybit delivers its options, UTC (instrument.mdx `deliveryTime`: 08:00 UTC in every listing). */
export const BYBIT_DELIVERY_HOUR_UTC = 8;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;
const DAY = /^(\d{1,2})([A-Z]{3})(\d{2})$/;
const STRIKE = /^\d+(?:\.\d+)?$/;
/** The settlement of a name without one: the USDC options named before USDT-settled ones came. */
const UNNAMED_SETTLE = 'USDC';

/** What `name` says, or undefined when it is no Bybit option's name. */
function readBybitOptionOf(name: string): BybitOption | undefined {
  const parts = name.toUpperCase().split('-');
  if (parts.length !== 4 && parts.length !== 5) return undefined;
  const [base = '', day = '', strikeText = '', type = '', settle = UNNAMED_SETTLE] = parts;
  if (base === '' || (type !== 'C' && type !== 'P') || !STRIKE.test(strikeText)) return undefined;
  const [, d = '', month = '', yy = ''] = DAY.exec(day) ?? [];
  const m = (MONTHS as readonly string[]).indexOf(month);
  if (m < 0) return undefined;
  const expiryTs = Date.UTC(2000 + Number(yy), m, Number(d), BYBIT_DELIVERY_HOUR_UTC);
  const strike = Number(strikeText);
  if (new Date(expiryTs).getUTCDate() !== Number(d) || !(strike > 0)) return undefined;
  return { base, settle, expiryTs, terms: { type: type === 'C' ? 'call' : 'put', strike } };
}

/** `readBybitOptionOf`, each name read once (`rememberedNames`). */
export const bybitOptionOf = rememberedNames(readBybitOptionOf);

/** An option's canonical key: `BTC-27NOV26-56000-C-USDT` is `BTC-USDT-20261127-56000-C` (the settlement coin is the key's quote). */
export function bybitOptionKey(option: BybitOption): InstrumentKey {
  return optionKey(option.base, option.settle, option.expiryTs, option.terms);
}

/** A Bybit option's coin, quote and key without its listing at hand (`normalize`, a replay). */
export function splitBybitOptionSymbol(symbol: string): SymbolParts | undefined {
  const option = bybitOptionOf(symbol);
  return option === undefined ? undefined : { coin: option.base, quote: option.settle, instrument: bybitOptionKey(option) };
}
