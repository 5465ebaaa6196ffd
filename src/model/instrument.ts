import type { EpochMillis, ExchangeId } from './market-record.js';

/**
 * The canonical instrument, the Kafka key, the same at every venue of its market:
 * - spot `BASE-QUOTE` (`BTC-USDT`);
 * - a linear perpetual `BASE-QUOTE-PERP` (`BTC-USDT-PERP`, cryptofeed's spelling);
 * - an inverse (coin-margined) perpetual `BASE-QUOTE-INV-PERP` (`BTC-USD-INV-PERP`: Deribit `BTC-PERPETUAL`,
 *   sized in USD and settled in BTC), and an inverse dated future `BASE-QUOTE-INV-YYYYMMDD`
 *   (`BTC-USD-INV-20261226`), never to be mistaken for a linear contract;
 * - an option `BASE-QUOTE-YYYYMMDD-STRIKE-C|P` (`BTC-USD-20261226-100000-C`: the underlying, the strike's
 *   currency, the expiry day in UTC, the strike, call or put).
 */
export type InstrumentKey = string;

/**
 * The markets followed: `spot`; `linear` perpetuals (margined and settled in the quote asset: Bybit
 * linear, Binance USD-M); `inverse` perpetuals and dated futures (sized in the quote asset, margined and
 * settled in the base: Deribit's `BTC-PERPETUAL`); and `option`s (Deribit's chains). Linear dated futures
 * are not read.
 */
export const MARKETS = ['spot', 'linear', 'inverse', 'option'] as const;
export type Market = (typeof MARKETS)[number];

/** The suffix of a market's perpetual keys (an option's and a dated future's key is its listing's `key`). */
const KEY_SUFFIX: Readonly<Record<Market, string>> = { spot: '', linear: '-PERP', inverse: '-INV-PERP', option: '' };

/**
 * Whether a venue lets the instrument trade now. `trading`: open; `halted`: listed but not trading
 * (Binance HALT, BREAK, END_OF_DAY, CANCEL_ONLY; a venue that lists only trading instruments never
 * says so, the instrument is then absent from its list).
 */
export type ListingState = 'trading' | 'halted';

/** One instrument as one venue lists it. */
export interface VenueListing {
  readonly exchange: ExchangeId;
  /** The venue's symbol, e.g. `BTCUSDT`. */
  readonly symbol: string;
  /** Base asset as the venue names it, upper case, e.g. `BTC`. */
  readonly base: string;
  /** Quote asset, upper case, e.g. `USDT`. */
  readonly quote: string;
  readonly state: ListingState;
  /** The venue's own status word, e.g. `TRADING`, `HALT`, `BREAK` (Binance) or `Trading` (Bybit). */
  readonly venueStatus: string;
  /** Smallest price increment (Binance PRICE_FILTER `tickSize`, Bybit `priceFilter.tickSize`), > 0. */
  readonly tickSize: number;
  /** Smallest quantity increment (Binance LOT_SIZE `stepSize`, Bybit `lotSizeFilter.basePrecision`), > 0. */
  readonly lotStep: number;
  /**
   * What one contract is worth, for a venue that sizes its orders, trades and books in contracts: the
   * base asset on a linear venue (OKX swaps: `ctVal`, 0.01 BTC for `BTC-USDT-SWAP`), the quote asset on an
   * inverse one (Binance COIN-M: `contractSize`, 100 USD for `BTCUSD_PERP`, whose contracts are told in the
   * coin over a price); its venue's mappers read it. Absent: sizes are already in the base asset.
   */
  readonly contractValue?: number;
  /**
   * The canonical key when base, quote and market do not make it: a dated future's
   * (`BTC-USD-INV-20261226`) or an option's (`BTC-USD-20261226-100000-C`); absent: `instrumentKey`.
   */
  readonly key?: InstrumentKey;
  /** When a dated future or an option expires, epoch ms; absent: it does not (spot, perpetuals). */
  readonly expiryTs?: EpochMillis;
  /** An option's terms; absent for every other instrument. */
  readonly option?: OptionTerms;
}

/** What an option listing says of the option beside its underlying (`base`) and strike currency (`quote`). */
export interface OptionTerms {
  readonly type: 'call' | 'put';
  /** In the quote asset (USD for Deribit's `BTC-26DEC26-100000-C`). */
  readonly strike: number;
}

/** Everything one venue lists, as read from its REST list at `fetchedAt`. */
export interface VenueListings {
  readonly exchange: ExchangeId;
  readonly fetchedAt: EpochMillis;
  readonly listings: readonly VenueListing[];
}

/** An instrument across venues: its canonical key and how each venue that lists it lists it. */
export interface Instrument {
  readonly key: InstrumentKey;
  readonly market: Market;
  readonly base: string;
  readonly quote: string;
  readonly listings: Readonly<Partial<Record<ExchangeId, VenueListing>>>;
}

/** The canonical key of a base and quote in a market: `BTC-USDT`, `BTC-USDT-PERP`, `BTC-USD-INV-PERP`. */
export function instrumentKey(base: string, quote: string, market: Market = 'spot'): InstrumentKey {
  return `${base}-${quote}${KEY_SUFFIX[market]}`;
}

/** The quote an instrument of `market` is keyed at when `quote` is followed: inverse contracts are quoted in USD (Deribit, OKX, Bybit and Binance COIN-M alike). */
export function marketQuote(market: Market, quote: string): string {
  return market === 'inverse' ? 'USD' : quote;
}

/** The canonical key of one venue's listing in its market: its own `key` when it has one (a dated future, an option). */
export function listingKey(listing: Pick<VenueListing, 'base' | 'quote' | 'key'>, market: Market = 'spot'): InstrumentKey {
  return listing.key ?? instrumentKey(listing.base, listing.quote, market);
}

/** The UTC day of an expiry as the keys spell it, `YYYYMMDD`. */
export function expiryDay(expiryTs: EpochMillis): string {
  return new Date(expiryTs).toISOString().slice(0, 10).replaceAll('-', '');
}

/** An option's canonical key: `BTC-USD-20261226-100000-C`. */
export function optionKey(base: string, quote: string, expiryTs: EpochMillis, terms: OptionTerms): InstrumentKey {
  return `${base}-${quote}-${expiryDay(expiryTs)}-${String(terms.strike)}-${terms.type === 'call' ? 'C' : 'P'}`;
}

/** An inverse dated future's canonical key: `BTC-USD-INV-20261226`. */
export function inverseFutureKey(base: string, quote: string, expiryTs: EpochMillis): InstrumentKey {
  return `${base}-${quote}-INV-${expiryDay(expiryTs)}`;
}
