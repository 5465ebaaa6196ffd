import type { VenueListing } from '../../model/instrument.js';
import type { ExchangeId } from '../../model/market-record.js';
import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { ListingsRead } from '../rest/listings-read.js';
import type { QuoteVolumes } from '../rest/quote-volumes.js';
import { skipUnusable } from '../rest/skip-unusable.js';
import { bybitLinearNextPage } from './bybit-linear-listings.js';
import { bybitListingState } from './bybit-listings.js';
import { bybitOptionKey, bybitOptionOf } from './bybit-option-names.js';
import { bybitResultList } from './bybit-result-list.js';

/**
 * The coins Bybit lists options of. Its option lists answer one coin at a time ("`option`: returns BTC
 * by default", `docs/v5/market/instrument.mdx` `baseCoin`), so each is asked for by name, in this order.
 */
export const BYBIT_OPTION_COINS = ['BTC', 'ETH', 'SOL'] as const;

const FIRST = BYBIT_OPTION_COINS[0];

/** The path of the first page of a coin's options: 1,000 a page, the most Bybit serves. */
export function bybitOptionInstrumentsPath(coin: string): string {
  return `/v5/market/instruments-info?category=option&baseCoin=${coin}&limit=1000`;
}

/** The first page of every option list: BTC's. */
export const BYBIT_OPTION_INSTRUMENTS_PATH = bybitOptionInstrumentsPath(FIRST);

/** Every option's 24 h figures, one coin at a time (`docs/v5/market/tickers.mdx`, Option). */
export function bybitOptionTickersPath(coin: string): string {
  return `/v5/market/tickers?category=option&baseCoin=${coin}`;
}

export const BYBIT_OPTION_TICKERS_PATH = bybitOptionTickersPath(FIRST);

const COIN = /[?&]baseCoin=([A-Z0-9]+)/;

/**
 * The page after one read at `path`: the same coin's next page while Bybit sends a cursor, then the
 * first page of the next coin of `BYBIT_OPTION_COINS`; undefined after the last coin's last page.
 */
export function bybitOptionNextPage(json: unknown, path: string): string | undefined {
  const sameCoin = bybitLinearNextPage(json, path);
  if (sameCoin !== undefined) return sameCoin;
  const coin = COIN.exec(path)?.[1];
  const next = BYBIT_OPTION_COINS[(BYBIT_OPTION_COINS as readonly string[]).indexOf(coin ?? '') + 1];
  return next === undefined ? undefined : path.replace(/&cursor=[^&]*/, '').replace(COIN, (found) => found.replace(coin ?? '', next));
}

/**
 * One page of Bybit `GET /v5/market/instruments-info?category=option`: one listing per option, keyed by
 * its name's terms and settlement (`BTC-27NOV26-56000-C-USDT` is `BTC-USDT-20261127-56000-C`), quoted in
 * `quoteCoin`, expiring at `deliveryTime`; tick size from `priceFilter.tickSize`, lot step from
 * `lotSizeFilter.qtyStep` (the coin). `Trading` trades; `PreLaunch` and `Delivering` (listed by default
 * for options) are halted. An entry whose name is no option's, or whose figures are unusable, is skipped
 * and recorded.
 */
export function readBybitOptionInstruments(json: unknown, exchange: ExchangeId = 'bybit_options'): ListingsRead {
  const { values, skipped } = skipUnusable(bybitResultList(json), '$.result.list', (entry, path) => readOption(entry, path, exchange));
  return { listings: values, skipped };
}

function readOption(entry: unknown, path: string, exchange: ExchangeId): VenueListing {
  const r = FieldReader.of(entry, path);
  const symbol = r.string('symbol');
  const option = bybitOptionOf(symbol);
  if (option === undefined) throw new FrameParseError(`${path}.symbol`, `${JSON.stringify(symbol)} is not a Bybit option's name`);
  const status = r.string('status');
  const deliveryTime = Number(r.positiveDecimal('deliveryTime'));
  return {
    exchange,
    symbol,
    base: r.string('baseCoin').toUpperCase(),
    quote: r.string('quoteCoin').toUpperCase(),
    state: bybitListingState(status),
    venueStatus: status,
    tickSize: Number(r.child('priceFilter').positiveDecimal('tickSize')),
    lotStep: Number(r.child('lotSizeFilter').positiveDecimal('qtyStep')),
    key: bybitOptionKey(option),
    expiryTs: Number.isSafeInteger(deliveryTime) ? deliveryTime : option.expiryTs,
    option: option.terms,
  };
}

/**
 * Bybit `GET /v5/market/tickers?category=option` as 24 h volume in each option's quote: `turnover24h`
 * (USDT or USDC). An entry without it is skipped and recorded.
 */
export function readBybitOptionVolumes(json: unknown): QuoteVolumes {
  const { values, skipped } = skipUnusable(bybitResultList(json), '$.result.list', (entry, path) => {
    const r = FieldReader.of(entry, path);
    return [r.string('symbol'), Number(r.nonNegativeDecimal('turnover24h'))] as const;
  });
  return { volumes: new Map(values), skipped };
}
