import { optionKey, type InstrumentKey, type OptionTerms } from '../../model/instrument.js';
import { rememberedNames } from '../remembered-names.js';
import type { EpochMillis } from '../../model/market-record.js';
import type { SymbolParts } from '../split-symbol.js';

/**
 * What a Binance option's name says (developers.binance.com options "Exchange Information":
 * `BTC-220815-50000-C`): the underlying coin, the expiry day (`YYMMDD`, expiring at 08:00 UTC, the
 * listing's `expiryDate`), the strike and `C` or `P`. Every Binance option is quoted and settled in USDT
 * (`quoteAsset`, `settleAsset`), so the settlement coin is not in the name.
 */
export interface BinanceOption {
  readonly coin: string;
  /** The expiry day as the name writes it (`261127`): the suffix of its open-interest stream. */
  readonly expiryCode: string;
  readonly expiryTs: EpochMillis;
  readonly terms: OptionTerms;
}

/** The coin every Binance option is quoted and settled in (exchangeInfo `quoteAsset`, `settleAsset`). */
export const BINANCE_OPTION_SETTLE = 'USDT';

/** The hour of the day Binance's options expire, UTC (exchangeInfo `expiryDate`: 08:00 UTC in every listing). */
export const BINANCE_OPTION_EXPIRY_HOUR_UTC = 8;

const NAME = /^([A-Z0-9]+)-((\d{2})(\d{2})(\d{2}))-(\d+(?:\.\d+)?)-([CP])$/;

/** What `name` says (upper or lower case, as streams write it), or undefined when it is no Binance option's name. */
function readBinanceOptionOf(name: string): BinanceOption | undefined {
  const [, coin, expiryCode, yy, mm, dd, strikeText, type] = NAME.exec(name.toUpperCase()) ?? [];
  if (coin === undefined || expiryCode === undefined || yy === undefined || mm === undefined || dd === undefined) return undefined;
  const expiryTs = Date.UTC(2000 + Number(yy), Number(mm) - 1, Number(dd), BINANCE_OPTION_EXPIRY_HOUR_UTC);
  const day = new Date(expiryTs);
  const strike = Number(strikeText);
  if (day.getUTCDate() !== Number(dd) || day.getUTCMonth() !== Number(mm) - 1 || !(strike > 0)) return undefined;
  return { coin, expiryCode, expiryTs, terms: { type: type === 'C' ? 'call' : 'put', strike } };
}

/** `readBinanceOptionOf`, each name read once (`rememberedNames`). */
export const binanceOptionOf = rememberedNames(readBinanceOptionOf);

/** An option's canonical key: `BTC-261127-56000-C` is `BTC-USDT-20261127-56000-C` (USDT-settled, as Bybit's `BTC-USDT-...`). */
export function binanceOptionKey(option: BinanceOption): InstrumentKey {
  return optionKey(option.coin, BINANCE_OPTION_SETTLE, option.expiryTs, option.terms);
}

/** The underlying an option's per-underlying streams are named by, lower case: `btcusdt` (exchangeInfo `underlying`, `BTCUSDT`). */
export function binanceOptionUnderlying(option: BinanceOption): string {
  return `${option.coin}${BINANCE_OPTION_SETTLE}`.toLowerCase();
}

/**
 * A Binance option's coin, quote and key without its listing at hand (`normalize`, a replay); its
 * contract unit is not in its name, so its prices and sizes cannot be told per coin (see `binanceOptionUnit`).
 */
export function splitBinanceOptionSymbol(symbol: string): SymbolParts | undefined {
  const option = binanceOptionOf(symbol);
  return option === undefined ? undefined : { coin: option.coin, quote: BINANCE_OPTION_SETTLE, instrument: binanceOptionKey(option) };
}
