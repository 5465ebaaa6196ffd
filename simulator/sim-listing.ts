import type { PriceTick } from './price-grid.js';

/**
 * Where a symbol stands on a venue: `trading`; `halted` or `break` (no trades; Binance shows HALT
 * or BREAK in exchangeInfo, Bybit leaves it out of instruments-info); `delisted` (no trades, not
 * subscribable on Bybit; Binance keeps it in exchangeInfo as BREAK).
 *
 * What the venues do with a delisted pair: Binance keeps it in `exchangeInfo` with status BREAK
 * (coingecko/cryptoexchange#1718) and keeps answering its market-data endpoints with the last
 * figures (GLEECBTC/coins#895); its streams carry nothing more, and a SUBSCRIBE to them is still
 * acknowledged (Binance checks a stream name's form, not its symbol). Bybit lists only `Trading`
 * symbols (docs/v5/market/instrument.mdx) and refuses a topic of a symbol it does not serve with
 * `handler not found`. In both, connections holding the pair's topics stay open and go silent.
 */
export type ListingStatus = 'trading' | 'halted' | 'break' | 'delisted';

/** A symbol to list, as `{ symbol, coin }` plus, optionally, an instrument's figures (defaults: the coins mode's). */
export interface SimMarketSymbol {
  readonly symbol: string;
  /** The base asset. */
  readonly coin: string;
  /** The quote asset. */
  readonly quote?: string;
  /** Start price; default a typical price of the coin, else 100. */
  readonly price?: number;
  /** Tick size `10^-priceDecimals`; default from the price (BTC at 65,000: 2). */
  readonly priceDecimals?: number;
  /** A tick of its own, whole multiples of `10^-priceDecimals` (Deribit's BTC futures: 0.5): every price sits on it. */
  readonly priceTick?: PriceTick;
  /** Lot step `10^-sizeDecimals`; default 6. */
  readonly sizeDecimals?: number;
  /** Width of one trade's random price step (relative); default `DEFAULT_SIM_VOLATILITY`. */
  readonly volatility?: number;
  /** Trades per second of this symbol; none: the venue's per-symbol rate. */
  readonly tradesPerSecond?: number;
  /** How its trades arrive: `steady` (the default: one every `1 / rate` s) or `poisson` (random gaps of that mean, seeded). */
  readonly arrivals?: TradeArrivals;
  /** Mean quote value of a trade; none: sizes grow as the price falls (the coins mode's). */
  readonly tradeNotional?: number;
  /**
   * Quote value of one contract of an inverse instrument (Deribit's BTC-PERPETUAL: 10 USD): a trade is
   * a whole number of contracts, its quantity in the base asset exactly `contracts * contractValue / price`.
   */
  readonly contractValue?: number;
  /** Base volume and trade count of the rolling day at the start (so that 24 h rankings mean something at once). */
  readonly dayVolume?: number;
  readonly dayTrades?: number;
}

/** A symbol's listing on one venue. */
export interface SimListing {
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  /** Order of listing on this venue (0 first). */
  readonly index: number;
  readonly status: ListingStatus;
  readonly priceDecimals: number;
  /** The listing's own tick, when not `10^-priceDecimals`. */
  readonly priceTick?: PriceTick;
  readonly sizeDecimals: number;
  readonly volatility: number;
  readonly tradesPerSecond?: number;
  readonly arrivals?: TradeArrivals;
  readonly tradeNotional?: number;
  readonly contractValue?: number;
}

/** How a symbol's trades arrive: evenly spaced at its rate, or as a Poisson process of that rate. */
export type TradeArrivals = 'steady' | 'poisson';

/** A trade's price, base quantity and side as the venue decides them (Deribit's options: at the quoted bid or ask), drawn with the market's seeded `random`. */
export type OwnTradeTerms = (
  symbol: string,
  random: () => number,
) => { readonly price: number; readonly quantity: number; readonly isBuyerMaker: boolean } | undefined;
