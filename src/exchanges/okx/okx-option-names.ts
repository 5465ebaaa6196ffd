import { optionKey, type InstrumentKey, type OptionTerms } from '../../model/instrument.js';
import { rememberedNames } from '../remembered-names.js';
import type { EpochMillis } from '../../model/market-record.js';
import type { SymbolParts } from '../split-symbol.js';

/**
 * What an OKX option's `instId` says (docs "Get instruments", OPTION: `BTC-USD-261127-56000-C`): its
 * family (`instFamily`, `BTC-USD`: the coin and the currency it is struck in), the expiry day
 * (`YYMMDD`, expiring at 08:00 UTC, the listing's `expTime`), the strike and `C` or `P`. OKX's options
 * are coin-settled: prices in the coin, strikes in USD.
 */
export interface OkxOption {
  readonly family: string;
  readonly coin: string;
  /** The currency the strike is in (`USD`): the key's quote, as Deribit's coin-settled options are keyed. */
  readonly strikeCurrency: string;
  readonly expiryTs: EpochMillis;
  readonly terms: OptionTerms;
}

/** The hour of the day OKX's options expire, UTC ("Options expire at 08:00 UTC", `expTime` of every listing). */
export const OKX_EXPIRY_HOUR_UTC = 8;

const NAME = /^([A-Z0-9]+)-([A-Z0-9]+)-(\d{2})(\d{2})(\d{2})-(\d+(?:\.\d+)?)-([CP])$/;

/** What `instId` says, or undefined when it is no OKX option's name. */
function readOkxOptionOf(instId: string): OkxOption | undefined {
  const [, coin, strikeCurrency, yy, mm, dd, strikeText, type] = NAME.exec(instId) ?? [];
  if (coin === undefined || strikeCurrency === undefined || yy === undefined || mm === undefined || dd === undefined) return undefined;
  const expiryTs = Date.UTC(2000 + Number(yy), Number(mm) - 1, Number(dd), OKX_EXPIRY_HOUR_UTC);
  const day = new Date(expiryTs);
  const strike = Number(strikeText);
  if (day.getUTCDate() !== Number(dd) || day.getUTCMonth() !== Number(mm) - 1 || !(strike > 0)) return undefined;
  return { family: `${coin}-${strikeCurrency}`, coin, strikeCurrency, expiryTs, terms: { type: type === 'C' ? 'call' : 'put', strike } };
}

/** `readOkxOptionOf`, each name read once (`rememberedNames`). */
export const okxOptionOf = rememberedNames(readOkxOptionOf);

/** An option's canonical key: `BTC-USD-261127-56000-C` is `BTC-USD-20261127-56000-C` (coin-settled, struck in USD, as Deribit's). */
export function okxOptionKey(option: OkxOption): InstrumentKey {
  return optionKey(option.coin, option.strikeCurrency, option.expiryTs, option.terms);
}

/**
 * An OKX option's coin, quote (the coin: its prices are in it) and key without its listing at hand
 * (`normalize`, a replay); its contract value is not in its name, so its sizes stay unknown.
 */
export function splitOkxOptionSymbol(symbol: string): SymbolParts | undefined {
  const option = okxOptionOf(symbol);
  return option === undefined ? undefined : { coin: option.coin, quote: option.coin, instrument: okxOptionKey(option) };
}
