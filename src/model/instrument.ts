import type { EpochMillis, ExchangeId } from './market-record.js';

/**
 * The canonical instrument: `BASE-QUOTE` for spot (`BTC-USDT`), `BASE-QUOTE-PERP` for a linear perpetual
 * (`BTC-USDT-PERP`, cryptofeed's spelling): the Kafka key, the same at every venue of its market.
 */
export type InstrumentKey = string;

/**
 * The markets followed: `spot`, and `linear` perpetuals (margined and settled in the quote asset:
 * Bybit linear, Binance USD-M). Dated futures, options and inverse contracts are not read.
 */
export const MARKETS = ['spot', 'linear'] as const;
export type Market = (typeof MARKETS)[number];

/** The suffix of a market's instrument keys. */
const KEY_SUFFIX: Readonly<Record<Market, string>> = { spot: '', linear: '-PERP' };

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
   * Base asset per contract, for a venue that sizes its orders, trades and books in contracts (OKX swaps:
   * `ctVal`, 0.01 BTC for `BTC-USDT-SWAP`); absent: sizes are already in the base asset.
   */
  readonly contractValue?: number;
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

/** The canonical key of a base and quote in a market: `BTC-USDT`, `BTC-USDT-PERP`. */
export function instrumentKey(base: string, quote: string, market: Market = 'spot'): InstrumentKey {
  return `${base}-${quote}${KEY_SUFFIX[market]}`;
}
