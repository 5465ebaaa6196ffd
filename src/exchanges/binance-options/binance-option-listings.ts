import type { VenueListing } from '../../model/instrument.js';
import type { ExchangeId } from '../../model/market-record.js';
import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { ListingsRead } from '../rest/listings-read.js';
import type { QuoteVolumes } from '../rest/quote-volumes.js';
import { skipUnusable } from '../rest/skip-unusable.js';
import { binanceOptionKey, binanceOptionOf } from './binance-option-names.js';
import { inCoins, perCoin } from './binance-option-units.js';

/** Every option Binance lists, with its unit and filters (weight 1). */
export const BINANCE_OPTION_EXCHANGE_INFO_PATH = '/eapi/v1/exchangeInfo';

/** Every option's 24 h statistics (weight 5), for its volume. */
export const BINANCE_OPTION_TICKER_PATH = '/eapi/v1/ticker';

/**
 * Binance `GET /eapi/v1/exchangeInfo` (options "Exchange Information"): one listing per `optionSymbols`
 * entry, keyed by its name's terms and USDT (`BTC-261127-56000-C` is `BTC-USDT-20261127-56000-C`), its
 * coin the name's (the `underlying` `BTCUSDT` less its `quoteAsset`), expiring at `expiryDate`, its
 * `unit` (coins a contract holds) the listing's `contractValue`; tick size (`PRICE_FILTER`) and lot step
 * (`LOT_SIZE`) per coin, as the records are. `status` `TRADING` trades, any other halts; a listing without
 * one (the documented example has none) trades. An entry whose name, side, strike or unit disagrees or
 * is unusable is skipped and recorded.
 */
export function readBinanceOptionExchangeInfo(json: unknown, exchange: ExchangeId = 'binance_options'): ListingsRead {
  const r = FieldReader.of(json, '$');
  const { values, skipped } = skipUnusable(r.array('optionSymbols'), '$.optionSymbols', (entry, path) => readOption(entry, path, exchange));
  return { listings: values, skipped };
}

function readOption(entry: unknown, path: string, exchange: ExchangeId): VenueListing {
  const r = FieldReader.of(entry, path);
  const symbol = r.string('symbol');
  const option = binanceOptionOf(symbol);
  if (option === undefined) throw new FrameParseError(`${path}.symbol`, `${JSON.stringify(symbol)} is not a Binance option's name`);
  const side = r.string('side');
  if (side !== (option.terms.type === 'call' ? 'CALL' : 'PUT')) throw new FrameParseError(`${path}.side`, `${side} is not ${symbol}'s side`);
  if (Number(r.positiveDecimal('strikePrice')) !== option.terms.strike) throw new FrameParseError(`${path}.strikePrice`, `not ${symbol}'s strike`);
  const quote = r.string('quoteAsset').toUpperCase();
  if (r.string('underlying').toUpperCase() !== `${option.coin}${quote}`) throw new FrameParseError(`${path}.underlying`, `not ${symbol}'s underlying`);
  const unit = r.raw('unit');
  if (typeof unit !== 'number' || !(unit > 0) || !Number.isFinite(unit)) throw new FrameParseError(`${path}.unit`, 'expected a positive number');
  const status = r.optionalString('status') ?? 'TRADING';
  const expiry = r.integer('expiryDate');
  return {
    exchange,
    symbol,
    base: option.coin,
    quote,
    state: status === 'TRADING' ? 'trading' : 'halted',
    venueStatus: status,
    tickSize: perCoin(Number(filter(r, path, 'PRICE_FILTER').positiveDecimal('tickSize')), unit),
    lotStep: inCoins(Number(filter(r, path, 'LOT_SIZE').positiveDecimal('stepSize')), unit),
    contractValue: unit,
    key: binanceOptionKey(option),
    expiryTs: expiry > 0 ? expiry : option.expiryTs,
    option: option.terms,
  };
}

function filter(r: FieldReader, path: string, type: string): FieldReader {
  const filters = r.array('filters');
  const n = filters.findIndex((f) => typeof f === 'object' && f !== null && (f as Record<string, unknown>)['filterType'] === type);
  if (n < 0) throw new FrameParseError(`${path}.filters`, `no ${type}`);
  return FieldReader.of(filters[n], `${path}.filters[${n}]`);
}

/**
 * Binance `GET /eapi/v1/ticker` (options "24hr Ticker Price Change Statistics") as each option's 24 h
 * volume in USDT: `amount` (ccxt reads `volume` as the base volume beside it). An entry without it is
 * skipped and recorded; a body that is not an array throws.
 */
export function readBinanceOptionVolumes(json: unknown): QuoteVolumes {
  if (!Array.isArray(json)) throw new FrameParseError('$', 'expected an array of tickers');
  const { values, skipped } = skipUnusable(json as readonly unknown[], '$', (entry, path) => {
    const r = FieldReader.of(entry, path);
    return [r.string('symbol'), Number(r.nonNegativeDecimal('amount'))] as const;
  });
  return { volumes: new Map(values), skipped };
}
