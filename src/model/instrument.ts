import type { EpochMillis, ExchangeId } from './market-record.js';

/** The canonical instrument, `BASE-QUOTE` (e.g. `BTC-USDT`): the Kafka key, the same at every venue. */
export type InstrumentKey = string;

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
  readonly base: string;
  readonly quote: string;
  readonly listings: Readonly<Partial<Record<ExchangeId, VenueListing>>>;
}

/** The canonical key of a base and quote: `BTC-USDT`. */
export function instrumentKey(base: string, quote: string): InstrumentKey {
  return `${base}-${quote}`;
}
